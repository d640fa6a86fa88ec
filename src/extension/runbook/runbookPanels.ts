import * as vscode from 'vscode';
import type { Host } from '../../core/hosts/types';
import type { Entry } from '../../core/kb/types';
import type { HostFacts } from '../../core/run/facts';
import type { PlannedRun } from '../../core/run/plan';
import type { Walk } from '../../core/runbook/engine';
import type { DetectorService } from '../findings/detectorService';
import type { HostsService } from '../hosts/hostsService';
import { pickHosts } from '../hosts/pickHosts';
import type { KbService } from '../kb/kbService';
import type { SshService } from '../remote/sshService';
import { CommandId, ViewType } from '../shared/ids';
import * as core from '../shared/lazyCore';
import { withCancellableProgress } from '../shared/progress';
import { WebviewShell } from '../shared/webviewShell';

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
  private readonly shell: WebviewShell;
  private readonly serializer: vscode.Disposable;
  /**
   * Host facts (distribution, deployment) per walk, keyed by entry and hosts: they do not change
   * between two steps, so they are probed once per walk instead of at every click. Kept only
   * when every host answered, so a host that was down is asked again on the next step.
   */
  private readonly facts = new Map<string, Map<string, HostFacts>>();
  /** What the webview reported after rendering: its current step and conclusion. */
  readonly rendered = new Map<string, { current?: string; conclusion?: string }>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly kb: KbService,
    private readonly hosts: HostsService,
    private readonly ssh: SshService,
    private readonly detectors: DetectorService,
  ) {
    this.shell = new WebviewShell(context.extensionUri, { viewType: ViewType.runbook, panel: { retainContextWhenHidden: false } });
    this.serializer = this.shell.registerSerializer((panel, state) => this.restore(panel, state));
  }

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
      s = { walk: s && !opts.hosts ? s.walk : core.runbookEngine().startWalk(loaded.entry), hosts, params: opts.params ?? s?.params ?? {} };
      await this.store(entryId, s);
    }
    const existing = this.panels.get(entryId);
    if (existing) {
      existing.reveal();
      this.render(entryId);
      return true;
    }
    this.attach(this.shell.create(vscode.l10n.t('Runbook: {0}', loaded.entry.title[this.kb.language()])), entryId);
    return true;
  }

  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const id = (state as { entry?: unknown } | undefined)?.entry;
    if (typeof id !== 'string' || !this.kb.get().get(id) || !this.stored(id)) return panel.dispose();
    this.attach(this.shell.adopt(panel), id);
  }

  /** One action on the walk; also what the panel's buttons send. */
  async act(entryId: string, action: RunbookAction, value?: string): Promise<Walk | undefined> {
    const loaded = this.kb.get().get(entryId);
    const s = this.stored(entryId);
    if (!loaded || !s) return undefined;
    const engine = core.runbookEngine();
    if (action === 'report') {
      await this.exportReport(entryId);
      return s.walk;
    }
    if (action === 'remedy') {
      await vscode.commands.executeCommand(CommandId.runDiagnostic, entryId, value, { hosts: s.hosts, params: s.params });
      return s.walk;
    }
    let walk: Walk;
    if (action === 'restart') {
      walk = engine.startWalk(loaded.entry);
      this.forgetFacts(entryId);
    } else {
      const pending = s.walk.pending;
      const answers = pending && (action === 'yes' || action === 'no' || action === 'answer') ? { [pending]: action === 'answer' ? value ?? '' : action } : undefined;
      const hosts = this.hosts.hosts().filter((h) => s.hosts.includes(h.name));
      const ctx = {
        detectors: this.detectors.get(),
        hosts,
        facts: await this.hostFacts(loaded.entry, hosts),
        params: s.params,
        answers,
        execute: async (runs: PlannedRun[]) => await withCancellableProgress(vscode.l10n.t('Stacktales: running the check on {0} host(s)', runs.length), (_report, signal) => this.ssh.get().runAll(runs, signal)),
      };
      walk = await engine.advance(loaded.entry, s.walk, ctx, action === 'skip' ? 'skip' : 'run');
    }
    await this.store(entryId, { ...s, walk });
    this.render(entryId);
    return walk;
  }

  private async hostFacts(entry: Entry, hosts: Host[]): Promise<Map<string, HostFacts> | undefined> {
    if (!core.facts().needsFacts(entry.diagnostics)) return undefined;
    const key = `${entry.id}\n${hosts.map((h) => h.name).join('\n')}`;
    const known = this.facts.get(key);
    if (known) return known;
    const probed = await core.plan().probeFacts(hosts, (runs) => this.ssh.get().runAll(runs));
    if (probed.size === hosts.length) this.facts.set(key, probed);
    return probed;
  }

  private forgetFacts(entryId: string): void {
    for (const key of this.facts.keys()) if (key.startsWith(`${entryId}\n`)) this.facts.delete(key);
  }

  async exportReport(entryId: string): Promise<vscode.Uri | undefined> {
    const loaded = this.kb.get().get(entryId);
    const s = this.stored(entryId);
    if (!loaded || !s) return undefined;
    const text = core.runbookReport().renderReport(loaded.entry, s.walk, this.kb.language());
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

  private attach(panel: vscode.WebviewPanel, id: string): void {
    this.panels.set(id, panel);
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
    const lang = this.kb.language();
    const body = core.runbookHtml().renderRunbookHtml(loaded.entry, s.walk, lang, s.hosts);
    panel.webview.html = this.shell.html(panel.webview, { lang, entry: id, body, script: 'runbook.js' });
  }

  dispose(): void {
    for (const p of this.panels.values()) p.dispose();
    this.serializer.dispose();
  }
}
