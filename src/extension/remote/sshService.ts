import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Host } from '../../core/hosts/types';
import type { SshRunner } from '../../core/ssh/sshRunner';
import type { Prompts } from '../../core/ssh/types';
import { expand } from '../hosts/hostsService';
import * as core from '../shared/lazyCore';

/**
 * The SSH runner of the extension, with VS Code as its prompts: a modal that shows an
 * unknown host key's fingerprint, password boxes for passphrases and passwords. A
 * passphrase is kept in SecretStorage only if the user says so; otherwise only in memory.
 */
export class SshService implements vscode.Disposable {
  private runner: SshRunner | undefined;
  private readonly sub: vscode.Disposable;

  constructor(private readonly context: vscode.ExtensionContext, readonly log: vscode.LogOutputChannel) {
    this.sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('stacktales.ssh')) this.reset();
    });
  }

  get(): SshRunner {
    if (!this.runner) {
      const { SshRunner: Runner } = core.sshRunner();
      const cfg = vscode.workspace.getConfiguration('stacktales.ssh');
      const files = cfg.get<string[]>('knownHostsFiles', []).map(expand);
      this.runner = new Runner({
        knownHostsFiles: files.length ? files : [path.join(os.homedir(), '.ssh', 'known_hosts')],
        knownHostsWriteFile: vscode.Uri.joinPath(this.context.globalStorageUri, 'known_hosts').fsPath,
        agent: process.env.SSH_AUTH_SOCK || undefined,
        identityFiles: cfg.get<string[]>('identityFiles', []).map(expand),
        prompts: this.prompts(),
        parallel: cfg.get<number>('parallel', 16),
        commandTimeoutMs: timeoutMs(cfg.get<number>('timeoutSeconds', 60), this.log),
        connectTimeoutMs: 15000,
        log: (line) => this.log.info(line),
      });
    }
    return this.runner;
  }

  reset(): void {
    this.runner?.close();
    this.runner = undefined;
  }

  private prompts(): Prompts {
    const secrets = this.context.secrets;
    // Key files whose passphrase (stored or typed) was wrong: asked again, with a prompt that says so.
    const rejected = new Set<string>();
    return {
      unknownHostKey: async (host: Host, fp: string, type: string, note?: string) => {
        const trust = vscode.l10n.t('Trust and connect');
        const detail = vscode.l10n.t('{0} key fingerprint is {1}.\nCompare it with the one the host shows (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) before you trust it.', type, fp);
        const pick = await vscode.window.showWarningMessage(
          vscode.l10n.t("The authenticity of host '{0}' ({1}:{2}) can't be established.", host.name, host.address, host.port),
          { modal: true, detail: note ? `${detail}\n${note}` : detail },
          trust,
        );
        return pick === trust;
      },
      passphraseRejected: async (file: string) => {
        // A stale passphrase in the keychain would be tried forever: forget it, and ask again.
        await secrets.delete(`stacktales.passphrase:${file}`);
        rejected.add(file);
        this.log.warn(`The passphrase for ${file} was wrong; asking again.`);
        return true;
      },
      passphrase: async (file: string) => {
        const key = `stacktales.passphrase:${file}`;
        const stored = rejected.has(file) ? undefined : await secrets.get(key);
        if (stored) return stored;
        const prompt = rejected.has(file) ? vscode.l10n.t('The passphrase was wrong; try again (Escape skips this key).') : vscode.l10n.t('Kept in memory for this session unless you choose to remember it.');
        const value = await vscode.window.showInputBox({ password: true, ignoreFocusOut: true, title: vscode.l10n.t('Passphrase for {0}', file), prompt });
        if (value === undefined) return undefined;
        rejected.delete(file);
        const remember = vscode.l10n.t('Remember in the OS keychain');
        if ((await vscode.window.showInformationMessage(vscode.l10n.t('Remember the passphrase for {0}?', file), remember, vscode.l10n.t('Not now'))) === remember) await secrets.store(key, value);
        return value;
      },
      password: async (host: Host) =>
        vscode.window.showInputBox({ password: true, ignoreFocusOut: true, title: vscode.l10n.t('Password for {0}@{1}', host.user, host.name), prompt: vscode.l10n.t('Keys and ssh-agent did not work; the password is used for this connection only.') }),
    };
  }

  dispose(): void {
    this.sub.dispose();
    this.runner?.close();
  }
}

/** stacktales.ssh.timeoutSeconds in ms; a value the runner cannot take falls back to the default, and the log says so. */
function timeoutMs(seconds: number, log: vscode.LogOutputChannel): number {
  if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  log.warn(`stacktales.ssh.timeoutSeconds is ${seconds}: not a positive number of seconds; using 60.`);
  return 60_000;
}
