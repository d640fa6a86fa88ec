import * as vscode from 'vscode';
import type { Finding } from '../../core/signals/finding';
import type { KbService } from '../kb/kbService';
import { Scheme } from '../shared/ids';
import * as core from '../shared/lazyCore';
import type { DetectorService } from './detectorService';
import { describeFinding, rangeOf, SEVERITY } from './findingText';

/** Schemes whose documents are annotated: files, unsaved buffers, and Stacktales' own virtual documents. */
const SCHEMES = new Set<string>(['file', 'untitled', Scheme.ssh, Scheme.log, Scheme.output, 'vscode-remote']);
/** Languages worth scanning; content decides among them (a .txt may be a saved command output). */
const LANGUAGES = new Set(['openstack-log', 'log', 'ini', 'properties', 'plaintext', 'shellscript', 'syslog']);
/** Above this many characters a document is scanned in background slices. */
const SLICE = 1_000_000;

/**
 * Findings of open documents: in the Problems panel, for hovers, lenses and actions.
 * Small documents are scanned at once; large ones first in the visible range, then whole
 * in slices that yield to the editor and stop when the document changes or closes.
 */
export class DocumentFindings implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('stacktales');
  private readonly findings = new Map<string, Finding[]>();
  private readonly pending = new Map<string, vscode.CancellationTokenSource>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly kb: KbService, private readonly detectors: DetectorService) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, 300)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      detectors.onDidChange(() => this.rescanAll()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('stacktales.kb.language') && this.rescanAll()),
    ];
    this.rescanAll();
  }

  get(uri: vscode.Uri): readonly Finding[] {
    return this.findings.get(uri.toString()) ?? [];
  }

  at(uri: vscode.Uri, pos: vscode.Position): Finding[] {
    return this.get(uri).filter((f) => rangeOf(f).contains(pos) || (f.line - 1 === pos.line && f.column === f.endColumn));
  }

  static isCandidate(doc: vscode.TextDocument): boolean {
    return SCHEMES.has(doc.uri.scheme) && (LANGUAGES.has(doc.languageId) || /\.(conf|ini|log|txt|gz)(\.\d+)?$/.test(doc.uri.path));
  }

  /** Scans a document now; resolves when its findings are complete. */
  async scan(doc: vscode.TextDocument): Promise<readonly Finding[]> {
    const key = doc.uri.toString();
    this.pending.get(key)?.cancel();
    const cts = new vscode.CancellationTokenSource();
    this.pending.set(key, cts);
    const { ScanSession, scanText, headOf, MAX_CONFIG_CHARS } = core.session();
    const d = this.detectors.get();
    const ctx = { file: doc.uri.scheme === 'file' ? doc.uri.fsPath : doc.uri.path, diagnostic: diagnosticOf(doc.uri) };
    const text = doc.getText();
    // The one scan recipe: signals chosen once from the name and the text (its head when big), fed, ended.
    const session = new ScanSession(d);
    const scan = session.text(ctx, text.length <= MAX_CONFIG_CHARS ? text : headOf(text));
    if (text.length <= SLICE) {
      scan.feed(text);
    } else {
      // Visible lines first, so the operator sees findings where they look at once.
      const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc)?.visibleRanges[0];
      if (visible) {
        const start = visible.start.line;
        const part = doc.getText(new vscode.Range(start, 0, visible.end.line + 1, 0));
        this.publish(doc.uri, scanText(d, part, ctx).map((f) => ({ ...f, line: f.line + start })));
      }
      // Then the whole text in slices that yield to the editor.
      for (let pos = 0; pos < text.length && !cts.token.isCancellationRequested; pos += SLICE) {
        scan.feed(text.slice(pos, pos + SLICE));
        await new Promise((r) => setImmediate(r));
      }
      if (cts.token.isCancellationRequested) return this.get(doc.uri);
    }
    scan.end();
    this.publish(doc.uri, session.end());
    if (this.pending.get(key) === cts) this.pending.delete(key);
    return this.get(doc.uri);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!DocumentFindings.isCandidate(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => void this.scan(doc), delay));
  }

  private rescanAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  private publish(uri: vscode.Uri, scanned: Finding[]): void {
    // Globs matched the path; findings name the document as the editor knows it.
    const file = uri.scheme === 'file' ? uri.fsPath : uri.toString();
    const findings = scanned.map((f) => ({ ...f, file }));
    this.findings.set(uri.toString(), findings);
    this.collection.set(uri, findings.map((f) => this.toDiagnostic(f)));
    this.changed.fire(uri);
  }

  toDiagnostic(f: Finding): vscode.Diagnostic {
    const t = describeFinding(this.kb, f);
    const because = t.because.length ? ` (${t.because.join('; ')})` : '';
    const d = new vscode.Diagnostic(rangeOf(f), `${t.explain}${because} — ${t.title}`, SEVERITY[f.severity]);
    d.source = 'Stacktales';
    d.code = `${f.entry}/${f.signal}`;
    return d;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.pending.get(key)?.cancel();
    clearTimeout(this.timers.get(key));
    this.findings.delete(key);
    this.collection.delete(uri);
    this.changed.fire(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const c of this.pending.values()) c.cancel();
    this.collection.dispose();
    this.changed.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}

/** Output documents say which diagnostic produced them: stacktales-output:/<host>/<entry>/<diagnostic>. */
function diagnosticOf(uri: vscode.Uri): string | undefined {
  return uri.scheme === Scheme.output ? uri.path.split('/')[3] : undefined;
}
