import * as vscode from 'vscode';
import type { Host } from '../../core/hosts/types';
import type { DetectorService } from '../findings/detectorService';
import type { FindingsTree } from '../findings/findingsTree';
import type { HostsService } from '../hosts/hostsService';
import { pickHosts } from '../hosts/pickHosts';
import type { Command } from '../shared/commandManager';
import { CommandId, focusCommand, ViewId } from '../shared/ids';
import * as core from '../shared/lazyCore';
import { withCancellableProgress } from '../shared/progress';
import { RemoteFileSystem } from './remoteFs';
import type { RemoteLogs } from './remoteLogs';
import type { SshService } from './sshService';

/** The hosts a command names (one name or a list), or the ones the user picks. */
async function pickHost(hosts: HostsService, arg: unknown, many = false): Promise<Host[] | undefined> {
  if (typeof arg === 'string') return hosts.hosts().filter((h) => h.name === arg);
  if (Array.isArray(arg)) return hosts.hosts().filter((h) => arg.includes(h.name));
  return pickHosts(hosts, { many, title: many ? vscode.l10n.t('On which hosts?') : vscode.l10n.t('Which host?') });
}

async function askPath(arg: unknown, value: string): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  return vscode.window.showInputBox({ title: vscode.l10n.t('Remote path'), value, validateInput: (v) => (v.startsWith('/') ? undefined : vscode.l10n.t('An absolute path, e.g. /etc/nova/nova.conf')) });
}

/** Opens a file on a host (read-only, annotated like a local one). */
export class OpenRemoteFileCommand implements Command {
  readonly id = CommandId.openRemoteFile;
  constructor(private readonly hosts: HostsService) {}
  async execute(hostArg?: unknown, pathArg?: unknown): Promise<string | undefined> {
    const [host] = (await pickHost(this.hosts, hostArg)) ?? [];
    const path = host && (await askPath(pathArg, '/etc/nova/nova.conf'));
    if (!host || !path) return undefined;
    const uri = RemoteFileSystem.uri(host.name, path);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    return uri.toString();
  }
}

/** Adds a host's /etc and /var/log to the Explorer. */
export class BrowseHostCommand implements Command {
  readonly id = CommandId.browseHost;
  constructor(private readonly hosts: HostsService) {}
  async execute(hostArg?: unknown): Promise<boolean> {
    const [host] = (await pickHost(this.hosts, hostArg)) ?? [];
    if (!host) return false;
    const folders = ['/etc', '/var/log'].map((p) => ({ uri: RemoteFileSystem.uri(host.name, p), name: `${host.name}:${p}` }));
    return vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, ...folders);
  }
}

/** The end of a remote log, following it (tail -F). */
export class OpenRemoteLogCommand implements Command {
  readonly id = CommandId.openRemoteLog;
  constructor(private readonly hosts: HostsService, private readonly logs: RemoteLogs) {}
  async execute(hostArg?: unknown, pathArg?: unknown, follow: unknown = true): Promise<string | undefined> {
    const [host] = (await pickHost(this.hosts, hostArg)) ?? [];
    const path = host && (await askPath(pathArg, '/var/log/nova/nova-compute.log'));
    if (!host || !path) return undefined;
    return (await this.logs.open(host.name, path, follow !== false)).toString();
  }
}

/** Stop or resume following a remote log view (the active one, or the one given). */
export class FollowingCommand implements Command {
  readonly id: string;
  constructor(private readonly logs: RemoteLogs, private readonly action: 'stop' | 'resume') {
    this.id = action === 'stop' ? CommandId.stopFollowing : CommandId.resumeFollowing;
  }
  execute(uri?: unknown): void {
    const u = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (u) this.logs[this.action](u);
  }
}

/** Scans logs and configs on many hosts, moving only candidate lines; findings open the remote file. */
export class ScanRemoteCommand implements Command {
  readonly id = CommandId.scanRemote;
  constructor(private readonly hosts: HostsService, private readonly ssh: SshService, private readonly detectors: DetectorService, private readonly tree: FindingsTree) {}
  async execute(hostsArg?: unknown, pathsArg?: unknown): Promise<{ findings: number; bytesScanned: number; bytesTransferred: number } | undefined> {
    const hosts = await pickHost(this.hosts, hostsArg, true);
    if (!hosts?.length) return undefined;
    const paths = Array.isArray(pathsArg)
      ? (pathsArg as string[])
      : (await vscode.window.showInputBox({ title: vscode.l10n.t('Remote paths or globs (space-separated)'), value: '/etc/nova/nova.conf /var/log/nova/*.log /var/log/syslog' }))?.split(/\s+/).filter(Boolean);
    if (!paths?.length) return undefined;
    const { scanRemote } = core.scanRemote();
    const r = await withCancellableProgress(vscode.l10n.t('Stacktales: scanning {0} host(s)', hosts.length), (_report, signal) => scanRemote(this.detectors.get(), this.ssh.get(), hosts, paths, { signal }));
    this.tree.setScanResults(r.findings.map((f) => ({ ...f, file: RemoteFileSystem.uri(f.host, f.file).toString() })));
    if (r.skipped.length) {
      // One notification, not one per file: a host with many rotated logs can skip dozens.
      const lines = r.skipped.map((s) => `${s.host}${s.file ? `:${s.file}` : ''}: ${s.reason}`);
      lines.forEach((l) => this.ssh.log.warn(`scan skipped ${l}`));
      const shown = lines.slice(0, 3).join('; ') + (lines.length > 3 ? vscode.l10n.t(' … and {0} more (see the Stacktales output)', lines.length - 3) : '');
      void vscode.window.showWarningMessage(vscode.l10n.t('Stacktales: not scanned: {0}', shown));
    }
    void vscode.commands.executeCommand(focusCommand(ViewId.findings));
    return { findings: r.findings.length, bytesScanned: r.bytesScanned, bytesTransferred: r.bytesTransferred };
  }
}
