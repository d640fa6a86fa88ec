import * as vscode from 'vscode';
import type { Finding } from '../../core/signals/finding';
import type { RunResult } from '../../core/ssh/types';
import { Scheme } from '../shared/ids';

interface Stored {
  text: string;
}

/**
 * Read-only documents with what a diagnostic printed on a host:
 * stacktales-output:/<host>/<entry>/<diagnostic>?run=<n>, with a header (host, command,
 * exit code, duration). The detector engine annotates them like any other document; it knows
 * from the path which diagnostic's output it reads. Runs on many hosts get a summary too.
 */
export class OutputDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, Stored>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private run = 0;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(Scheme.output, this);
  }

  nextRun(): number {
    return ++this.run;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString())?.text ?? '';
  }

  add(run: number, entry: string, diagnostic: string, r: RunResult): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: Scheme.output, path: `/${encodeURIComponent(r.host)}/${entry}/${diagnostic}`, query: `run=${run}` });
    const status = r.error ? `${r.error.kind}: ${r.error.message.split('\n')[0]}` : `exit ${r.exitCode}${r.signal ? ` (${r.signal})` : ''}`;
    const dropped = r.dropped.stdout ? ` (${r.dropped.stdout} bytes left out in the middle)` : '';
    const header = [`# host: ${r.host}`, `# command: ${r.command}`, `# result: ${status}, ${r.durationMs} ms${dropped}`, ''];
    const stderr = r.stderr ? ['', '# stderr:', r.stderr] : [];
    this.set(uri, [...header, r.stdout, ...stderr].join('\n'));
    return uri;
  }

  summary(run: number, entry: string, diagnostic: string, rows: { result: RunResult; findings: Finding[] }[]): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: Scheme.output, path: `/${entry}/${diagnostic}/summary`, query: `run=${run}` });
    const lines = [`# ${entry}/${diagnostic} on ${rows.length} hosts`, ''];
    const withSignal = rows.filter((r) => r.findings.length);
    lines.push(`# hosts that show the signal: ${withSignal.map((r) => r.result.host).join(', ') || 'none'}`, '');
    for (const { result: r, findings } of rows) {
      const status = r.error ? r.error.kind : `exit ${r.exitCode}`;
      lines.push(`${r.host}\t${status}\t${findings.length ? findings.map((f) => `${f.severity} ${f.signal}`).join('; ') : '-'}`);
    }
    this.set(uri, lines.join('\n') + '\n');
    return uri;
  }

  private set(uri: vscode.Uri, text: string): void {
    this.docs.set(uri.toString(), { text });
    this.changed.fire(uri);
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
