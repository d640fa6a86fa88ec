import * as vscode from 'vscode';
import type { HostsService } from '../hosts/hostsService';
import { Scheme } from '../shared/ids';
import * as core from '../shared/lazyCore';
import type { SshService } from './sshService';

interface Follow {
  lines: string[];
  size: number;
  abort?: AbortController;
  state: 'following' | 'stopped' | 'ended';
  /** The remote tail is running: what is appended now will show. */
  live: boolean;
}

/**
 * Remote log views, stacktales-log://<host>/<path>: the last MBs of a log (gzip too), then,
 * following, what is appended (tail -F: across rotation). What the editor keeps is capped
 * (stacktales.logs.maxEditorMB); the oldest lines go first. Stop and resume per view.
 */
export class RemoteLogs implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly views = new Map<string, Follow>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly registration: vscode.Disposable;

  constructor(private readonly hosts: HostsService, private readonly ssh: SshService) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(Scheme.log, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.views.get(uri.toString())?.lines.join('\n') ?? '';
  }

  state(uri: vscode.Uri): Follow['state'] | undefined {
    return this.views.get(uri.toString())?.state;
  }

  isLive(uri: vscode.Uri): boolean {
    return this.views.get(uri.toString())?.live ?? false;
  }

  async open(hostName: string, path: string, follow: boolean): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: Scheme.log, authority: hostName, path });
    if (!this.views.has(uri.toString())) this.views.set(uri.toString(), { lines: [], size: 0, state: 'stopped', live: false });
    this.start(uri, follow, true);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    return uri;
  }

  stop(uri: vscode.Uri): void {
    const v = this.views.get(uri.toString());
    v?.abort?.abort();
    if (v) v.live = false;
    if (v && v.state === 'following') v.state = 'stopped';
  }

  resume(uri: vscode.Uri): void {
    this.start(uri, true, false);
  }

  private start(uri: vscode.Uri, follow: boolean, initial: boolean): void {
    const v = this.views.get(uri.toString())!;
    v.abort?.abort();
    const host = this.hosts.hosts().find((h) => h.name === uri.authority);
    if (!host) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Stacktales knows no host "{0}".', uri.authority));
      return;
    }
    const cfg = vscode.workspace.getConfiguration('stacktales.logs');
    const initialBytes = initial ? cfg.get<number>('initialMB', 2) * 1048576 : 1;
    const cap = cfg.get<number>('maxEditorMB', 10) * 1048576;
    const abort = new AbortController();
    v.abort = abort;
    v.live = false;
    v.state = follow ? 'following' : 'stopped';
    core.follow().followLog(this.ssh.get(), host, uri.path, {
      initialBytes,
      follow,
      signal: abort.signal,
      onStarted: () => (v.live = follow),
      onLines: (lines) => {
        v.lines.push(...lines);
        v.size += lines.reduce((n, l) => n + l.length + 1, 0);
        while (v.size > cap && v.lines.length > 1) v.size -= v.lines.shift()!.length + 1;
        this.fire(uri);
      },
    }).then(
      (r) => {
        if (abort.signal.aborted) return;
        v.state = 'ended';
        this.fire(uri);
        if (r.ended === 'dropped') void vscode.window.showWarningMessage(vscode.l10n.t('Stacktales: the connection to {0} dropped; {1} is no longer followed.', host.name, uri.path));
        else if (r.stderr.trim() && !v.lines.length) void vscode.window.showErrorMessage(`Stacktales: ${host.name}:${uri.path}: ${r.stderr.trim().split('\n').pop()}`);
      },
      (e: Error) => {
        v.state = 'ended';
        void vscode.window.showErrorMessage(`Stacktales: ${host.name}: ${e.message.split('\n')[0]}`);
      },
    );
  }

  /** Appends arrive in bursts: the document is refreshed at most four times a second. */
  private fire(uri: vscode.Uri): void {
    const key = uri.toString();
    if (this.timers.has(key)) return;
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.changed.fire(uri);
    }, 250));
  }

  dispose(): void {
    for (const v of this.views.values()) v.abort?.abort();
    for (const t of this.timers.values()) clearTimeout(t);
    this.registration.dispose();
    this.changed.dispose();
  }
}
