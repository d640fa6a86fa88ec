import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { Walk } from '../core/runbook/engine';
import type { DetectorService } from './detectors/detectorService';
import { pickHosts } from './pickers';
import type { KbService } from './kbService';
import type { HostsService } from './ssh/hostsService';
import type { SshService } from './ssh/sshService';

export const RUNBOOK_VIEW_TYPE = 'stacktales.runbook';

interface Stored {
  walk: Walk;
  hosts: string[];
  params: Record<string, string>;
}

export type RunbookAction = 'run' | 'skip' | 'yes' | 'no' | 'answer' | 'restart' | 'report' | 'remedy';

/**
 * The runbook panel of an entry: walked with the shared engine and SSH runner, one step per
 * click, the walk kept per workspace (it survives a reload and can be reopened from the
 * Stacktales view), and exported as an incident report.
 */
export class RunbookPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  /** What the webview reported after rendering: its current step and conclusion. */
  readonly rendered = new Map<string, { current?: string; conclusion?: string }>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly kb: KbService,
    private readonly hosts: HostsService,
    private readonly ssh: SshService,
    private readonly detectors: DetectorService,
  ) {}

  stored(entry: string): Stored | undefined {
    return this.context.workspaceState.get<Stored>(`stacktales.runbook.${entry}`);
  }

  private async store(entry: string, s: Stored): Promise<void> {
    await this.context.workspaceState.update(`stacktales.runbook.${entry}`, s);
  }

  async open(entryId: string, opts: { hosts?: string[]; params?: Record<string, string> } = {}): Promise<boolean> {
    const loaded = this.kb.get().get(entryId);
    if (!loaded) return false;
    let s = this.stored(entryId);
    if (!s || opts.hosts || opts.params) {
      const hosts = opts.hosts ?? (await this.pickHosts());
      if (!hosts) return false;
      const { startWalk } = require('../core/runbook/engine') as typeof import('../core/runbook/engine');
      s = { walk: s && !opts.hosts ? s.walk : startWalk(loaded.entry), hosts, params: opts.params ?? s?.params ?? {} };
      await this.store(entryId, s);
    }
    const existing = this.panels.get(entryId);
    if (existing) {
      existing.reveal();
      this.render(entryId);
      return true;
    }
    const panel = vscode.window.createWebviewPanel(RUNBOOK_VIEW_TYPE, vscode.l10n.t('Runbook: {0}', loaded.entry.title[this.kb.language()]), vscode.ViewColumn.Active, this.options());
    this.attach(panel, entryId);
    return true;
  }

  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const id = (state as { entry?: unknown } | undefined)?.entry;
    if (typeof id !== 'string' || !this.kb.get().get(id) || !this.stored(id)) return panel.dispose();
    panel.webview.options = this.options();
    this.attach(panel, id);
  }

  /** One action on the walk; also what the panel's buttons send. */
  async act(entryId: string, action: RunbookAction, value?: string): Promise<Walk | undefined> {
    const loaded = this.kb.get().get(entryId);
    const s = this.stored(entryId);
    if (!loaded || !s) return undefined;
    const engine = require('../core/runbook/engine') as typeof import('../core/runbook/engine');
    if (action === 'report') {
      await this.exportReport(entryId);
      return s.walk;
    }
    if (action === 'remedy') {
      await vscode.commands.executeCommand('stacktales.runDiagnostic', entryId, value, { hosts: s.hosts, params: s.params });
      return s.walk;
    }
    let walk: Walk;
    if (action === 'restart') walk = engine.startWalk(loaded.entry);
    else {
      const pending = s.walk.pending;
      const answers = pending && (action === 'yes' || action === 'no' || action === 'answer') ? { [pending]: action === 'answer' ? value ?? '' : action } : undefined;
      const ctx = {
        detectors: this.detectors.get(),
        hosts: this.hosts.hosts().filter((h) => s.hosts.includes(h.name)),
        params: s.params,
        answers,
        execute: async (runs: import('../core/run/plan').PlannedRun[]) =>
          await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Stacktales: running the check on {0} host(s)', runs.length), cancellable: true }, (_p, token) => {
            const abort = new AbortController();
            token.onCancellationRequested(() => abort.abort());
            return this.ssh.get().runAll(runs, abort.signal);
          }),
      };
      walk = await engine.advance(loaded.entry, s.walk, ctx, action === 'skip' ? 'skip' : 'run');
    }
    await this.store(entryId, { ...s, walk });
    this.render(entryId);
    return walk;
  }

  async exportReport(entryId: string): Promise<vscode.Uri | undefined> {
    const loaded = this.kb.get().get(entryId);
    const s = this.stored(entryId);
    if (!loaded || !s) return undefined;
    const { renderReport } = require('../core/runbook/report') as typeof import('../core/runbook/report');
    const text = renderReport(loaded.entry, s.walk, this.kb.language());
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    let uri: vscode.Uri;
    if (folder) {
      uri = vscode.Uri.joinPath(folder.uri, `stacktales-report-${entryId}-${stamp}.md`);
      await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    } else {
      uri = (await vscode.workspace.openTextDocument({ content: text, language: 'markdown' })).uri;
    }
    await vscode.window.showTextDocument(uri, { preview: false });
    return uri;
  }

  private async pickHosts(): Promise<string[] | undefined> {
    return (await pickHosts(this.hosts, { many: true, title: vscode.l10n.t('Walk the runbook on which hosts?'), preselect: () => true }))?.map((h) => h.name);
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'media')] };
  }

  private attach(panel: vscode.WebviewPanel, id: string): void {
    this.panels.set(id, panel);
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'stacktales.svg');
    panel.webview.onDidReceiveMessage((m: { type: string; action?: RunbookAction; value?: string; diagnostic?: string; current?: string; conclusion?: string }) => {
      if (m.type === 'ready') this.rendered.set(id, { current: m.current, conclusion: m.conclusion });
      else if (m.type === 'action' && m.action) void this.act(id, m.action, m.action === 'remedy' ? m.diagnostic : m.value);
    });
    panel.onDidDispose(() => {
      this.panels.delete(id);
      this.rendered.delete(id);
    });
    this.render(id);
  }

  private render(id: string): void {
    const panel = this.panels.get(id);
    const loaded = this.kb.get().get(id);
    const s = this.stored(id);
    if (!panel || !loaded || !s) return;
    const { renderRunbookHtml } = require('../core/render/runbookHtml') as typeof import('../core/render/runbookHtml');
    const lang = this.kb.language();
    const nonce = randomBytes(16).toString('base64');
    const media = (f: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', f));
    const csp = `default-src 'none'; img-src ${panel.webview.cspSource}; style-src ${panel.webview.cspSource}; script-src 'nonce-${nonce}';`;
    panel.webview.html = `<!DOCTYPE html>
<html lang="${lang}" data-entry="${id}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${media('entry.css')}">
</head>
<body>
${renderRunbookHtml(loaded.entry, s.walk, lang, s.hosts)}
<script nonce="${nonce}" src="${media('runbook.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    for (const p of this.panels.values()) p.dispose();
  }
}
