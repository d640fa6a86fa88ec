import * as vscode from 'vscode';
import type { Host } from '../../core/hosts/types';
import type { Diagnostic, LoadedEntry } from '../../core/kb/types';
import type { RunResult } from '../../core/ssh/types';
import type { DetectorService } from '../findings/detectorService';
import type { HostsService } from '../hosts/hostsService';
import { pickHosts } from '../hosts/pickHosts';
import type { KbService } from '../kb/kbService';
import { pickEntry } from '../kb/pickEntry';
import type { Command } from '../shared/commandManager';
import { CommandId } from '../shared/ids';
import * as core from '../shared/lazyCore';
import { withCancellableProgress } from '../shared/progress';
import type { OutputDocuments } from './outputDocuments';
import type { SshService } from './sshService';

export interface RunOptions {
  /** Host names (skips the host picker). */
  hosts?: string[];
  /** Parameter values (skips their input boxes). */
  params?: Record<string, string>;
}

export interface RunOutcome {
  results: RunResult[];
  documents: string[];
}

/**
 * Runs a diagnostic on hosts over SSH, from the palette, an entry page, a CodeLens or a quick
 * fix. Read-only commands run at once; a command that changes the system is refused in an
 * untrusted workspace, offers its backup step first, and runs only after a modal that shows
 * the exact command on each host.
 */
export class RunDiagnosticCommand implements Command {
  readonly id = CommandId.runDiagnostic;

  constructor(
    private readonly kb: KbService,
    private readonly hosts: HostsService,
    private readonly ssh: SshService,
    private readonly detectors: DetectorService,
    private readonly outputs: OutputDocuments,
  ) {}

  async execute(entryArg?: unknown, diagArg?: unknown, optsArg?: unknown): Promise<RunOutcome | undefined> {
    const lang = this.kb.language();
    const opts = (optsArg ?? {}) as RunOptions;
    const loaded = typeof entryArg === 'string' ? this.kb.get().get(entryArg) : await pickEntry(this.kb, vscode.l10n.t('Stacktales: Run Diagnostic — entry'));
    if (!loaded) return undefined;
    const d = typeof diagArg === 'string' ? loaded.entry.diagnostics.find((x) => x.id === diagArg) : await this.pickDiagnostic(loaded);
    if (!d) return undefined;
    const { isManual, planRuns, findingsOf } = core.plan();
    const { displayCommand, validateParam } = core.commandTemplate();
    if (isManual(d)) {
      const copy = vscode.l10n.t('Copy command');
      if ((await vscode.window.showInformationMessage(vscode.l10n.t('"{0}" runs on a {1}; Stacktales shows it and does not run it: {2}', d.title[lang], d.roles.join('/'), displayCommand(d)), copy)) === copy) {
        await vscode.env.clipboard.writeText(displayCommand(d));
      }
      return undefined;
    }
    if (d.effect !== 'read' && !vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Commands that write to or change a system are disabled in untrusted workspaces.'));
      return undefined;
    }
    const hosts = opts.hosts ? this.hosts.hosts().filter((h) => opts.hosts!.includes(h.name)) : await this.pickHosts(d);
    if (!hosts?.length) return undefined;
    const params: Record<string, string> = { ...(opts.params ?? {}) };
    for (const p of d.params ?? []) {
      if (params[p.name] !== undefined || p.default !== undefined) continue;
      const value = await vscode.window.showInputBox({
        title: `${d.title[lang]}: ${p.name}`,
        prompt: p.description?.[lang] ?? p.type,
        ignoreFocusOut: true,
        validateInput: (v) => {
          try {
            validateParam(p, v);
            return undefined;
          } catch (e) {
            return (e as Error).message;
          }
        },
      });
      if (value === undefined) return undefined;
      params[p.name] = value;
    }
    let plan;
    try {
      // The variant each host's deployment needs, by what a read-only probe reads there (only when the diagnostic has variants).
      const facts = d.variants?.length ? await core.plan().probeFacts(hosts, (runs) => this.ssh.get().runAll(runs)) : undefined;
      plan = planRuns(loaded.entry, d.id, hosts, params, facts);
    } catch (e) {
      void vscode.window.showErrorMessage(`Stacktales: ${(e as Error).message}`);
      return undefined;
    }
    if (!plan.runs.length) {
      void vscode.window.showWarningMessage(vscode.l10n.t('None of the chosen hosts has a role this diagnostic runs on ({0}).', d.roles.join(', ')));
      return undefined;
    }
    if (d.effect !== 'read' && !(await this.confirm(loaded, d, plan.runs.map((r) => r.host), plan.runs.map((r) => r.command)))) return undefined;

    const run = this.outputs.nextRun();
    const results = await withCancellableProgress(vscode.l10n.t('Stacktales: {0} on {1} host(s)', d.title[lang], plan.runs.length), (_report, signal) => this.ssh.get().runAll(plan.runs, signal));
    const detectors = this.detectors.get();
    const rows = results.map((result) => ({ result, findings: findingsOf(detectors, result, d.id) }));
    for (const { result } of rows) {
      this.hosts.setState(result.host, result.error && !['command-not-found', 'sudo-password'].includes(result.error.kind) ? { state: 'failed', kind: result.error.kind, message: result.error.message } : { state: 'ok', at: Date.now() });
    }
    const docs = rows.map(({ result }) => this.outputs.add(run, loaded.entry.id, d.id, result));
    const toShow = rows.length > 1 ? [this.outputs.summary(run, loaded.entry.id, d.id, rows), ...docs.slice(0, 4)] : docs;
    for (const [i, uri] of toShow.entries()) {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false, preserveFocus: i > 0 });
    }
    const failed = results.filter((r) => r.error);
    if (failed.length) void vscode.window.showWarningMessage(vscode.l10n.t('Stacktales: {0} of {1} host(s) failed: {2}', failed.length, results.length, failed.map((r) => `${r.host} (${r.error!.kind})`).join(', ')));
    return { results, documents: [...toShow, ...docs.slice(4)].map((u) => u.toString()) };
  }

  /** Backup first (offered), then the exact command on each host, in a modal. */
  private async confirm(loaded: LoadedEntry, d: Diagnostic, hosts: Host[], commands: string[]): Promise<boolean> {
    const lang = this.kb.language();
    const backup = loaded.entry.diagnostics.find((x) => x.id === d.backup);
    if (backup) {
      const first = vscode.l10n.t('Run the backup first');
      const skip = vscode.l10n.t('Skip the backup');
      const { displayCommand } = core.commandTemplate();
      const pick = await vscode.window.showWarningMessage(vscode.l10n.t('"{0}" changes the system. Back up first with "{1}"?', d.title[lang], backup.title[lang]), { modal: true, detail: displayCommand(backup) }, first, skip);
      if (pick === undefined) return false;
      if (pick === first) {
        const r = await this.execute(loaded.entry.id, backup.id, { hosts: hosts.map((h) => h.name) });
        if (!r || r.results.some((x) => x.error || x.exitCode !== 0)) {
          void vscode.window.showErrorMessage(vscode.l10n.t('The backup did not succeed on every host; nothing was changed.'));
          return false;
        }
      }
    }
    const go = vscode.l10n.t('Run on {0} host(s)', hosts.length);
    const detail = hosts.map((h, i) => `${h.name} (${h.user}@${h.address}:${h.port}):\n  ${commands[i]}`).join('\n\n');
    const what = d.effect === 'change' ? vscode.l10n.t('This command CHANGES the system it runs on.') : vscode.l10n.t('This command WRITES NEW FILES on the host it runs on; nothing that exists changes.');
    return (await vscode.window.showWarningMessage(what, { modal: true, detail }, go)) === go;
  }

  private async pickDiagnostic(loaded: LoadedEntry): Promise<Diagnostic | undefined> {
    const lang = this.kb.language();
    const { isManual } = core.plan();
    const { displayCommand } = core.commandTemplate();
    const pick = await vscode.window.showQuickPick(
      loaded.entry.diagnostics.map((d) => ({
        label: `${d.effect === 'change' ? '$(warning) ' : d.effect === 'write-new' ? '$(save) ' : isManual(d) ? '$(eye) ' : '$(terminal) '}${d.title[lang]}`,
        description: d.roles.join(', '),
        detail: displayCommand(d),
        d,
      })),
      { title: vscode.l10n.t('Stacktales: Run Diagnostic — {0}', loaded.entry.title[lang]), matchOnDetail: true },
    );
    return pick?.d;
  }

  private pickHosts(d: Diagnostic): Promise<Host[] | undefined> {
    const fits = (h: Host) => !h.roles.length || h.roles.some((r) => d.roles.includes(r));
    return pickHosts(this.hosts, { many: true, title: vscode.l10n.t('Run on which hosts? (roles: {0})', d.roles.join(', ')), preselect: (h) => h.roles.some((r) => d.roles.includes(r)), first: fits });
  }
}
