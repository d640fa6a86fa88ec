import * as vscode from 'vscode';
import { CommandId, ViewType } from '../shared/ids';
import * as core from '../shared/lazyCore';
import { WebviewShell } from '../shared/webviewShell';
import type { KbService } from './kbService';

/** What the webview itself reported after rendering (proof that it rendered under its CSP). */
export interface RenderedState {
  entry: string;
  title: string;
  sections: string[];
  copyButtons: number;
  /** The anchor the webview last scrolled to (reported by the webview itself). */
  revealed?: string;
}

type FromWebview = { type: 'ready'; title: string; sections: string[]; copyButtons: number } | { type: 'copy'; diagnostic: string } | { type: 'run'; diagnostic: string } | { type: 'revealed'; anchor: string };

/** One webview panel per entry; reopening an entry reveals its panel; panels come back after a reload. */
export class EntryPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly shell: WebviewShell;
  private readonly serializer: vscode.Disposable;
  private readonly pendingAnchor = new Map<string, string>();
  readonly rendered = new Map<string, RenderedState>();
  private readonly renderedEmitter = new vscode.EventEmitter<RenderedState>();
  readonly onDidRender = this.renderedEmitter.event;

  constructor(extensionUri: vscode.Uri, private readonly kb: KbService) {
    this.shell = new WebviewShell(extensionUri, { viewType: ViewType.entry, panel: { enableFindWidget: true }, fonts: true });
    this.serializer = this.shell.registerSerializer((panel, state) => this.restore(panel, state));
  }

  /** Opens (or reveals) an entry; with an anchor ("diag-<id>", "step-<id>") scrolls there. */
  show(id: string, anchor?: string): boolean {
    const existing = this.panels.get(id);
    if (existing) {
      existing.reveal();
      if (anchor) void existing.webview.postMessage({ type: 'reveal', anchor });
      return true;
    }
    if (anchor) this.pendingAnchor.set(id, anchor);
    const loaded = this.kb.get().get(id);
    if (!loaded) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Stacktales: unknown entry "{0}".', id));
      return false;
    }
    this.attach(this.shell.create(loaded.entry.title[this.kb.language()]), id);
    return true;
  }

  /** Restores a panel after a window reload (see WebviewShell.registerSerializer). */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const id = (state as { entry?: unknown } | undefined)?.entry;
    if (typeof id !== 'string' || !this.kb.get().get(id)) {
      panel.dispose();
      return;
    }
    this.attach(this.shell.adopt(panel), id);
  }

  private attach(panel: vscode.WebviewPanel, id: string): void {
    this.panels.set(id, panel);
    panel.webview.html = this.html(panel.webview, id);
    panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(id, m));
    const sub = this.kb.onDidChange(() => (panel.webview.html = this.html(panel.webview, id)));
    panel.onDidDispose(() => {
      sub.dispose();
      this.panels.delete(id);
      this.rendered.delete(id);
    });
  }

  private onMessage(id: string, m: FromWebview): void {
    if (m.type === 'ready') {
      const state = { entry: id, title: m.title, sections: m.sections, copyButtons: m.copyButtons };
      this.rendered.set(id, state);
      const anchor = this.pendingAnchor.get(id);
      if (anchor) {
        this.pendingAnchor.delete(id);
        void this.panels.get(id)?.webview.postMessage({ type: 'reveal', anchor });
      }
      this.renderedEmitter.fire(state);
    } else if (m.type === 'revealed') {
      const state = this.rendered.get(id);
      if (state) this.rendered.set(id, { ...state, revealed: m.anchor });
    } else if (m.type === 'run') {
      void vscode.commands.executeCommand(CommandId.runDiagnostic, id, m.diagnostic);
    } else if (m.type === 'copy') {
      const d = this.kb.get().get(id)?.entry.diagnostics.find((x) => x.id === m.diagnostic);
      if (!d) return;
      void vscode.env.clipboard.writeText(core.commandTemplate().displayCommand(d));
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied: {0}', d.title[this.kb.language()]), 3000);
    }
  }

  private html(webview: vscode.Webview, id: string): string {
    const lang = this.kb.language();
    const loaded = this.kb.get().get(id);
    const body = loaded ? core.entryHtml().renderEntryHtml(loaded, lang, { run: true }) : `<p>${vscode.l10n.t('This entry is no longer in the knowledge base.')}</p>`;
    return this.shell.html(webview, { lang, entry: id, body, script: 'entry.js' });
  }

  dispose(): void {
    for (const p of this.panels.values()) p.dispose();
    this.serializer.dispose();
    this.renderedEmitter.dispose();
  }
}
