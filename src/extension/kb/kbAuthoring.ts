import * as path from 'path';
import * as vscode from 'vscode';
import * as core from '../shared/lazyCore';
import type { KbService } from './kbService';

const ENTRY_FILES = new Set(['entry.yaml', 'en.md', 'de.md']);
const DEBOUNCE_MS = 300;

/**
 * Writing entries in the editor: the problems `stacktales kb check` finds are marked in
 * entry.yaml as you type (the same loader, given the unsaved text), and saving an entry of
 * the KB reloads it. Only in trusted workspaces: checking compiles the entry's regexes and
 * runs its examples.
 */
export function registerKbAuthoring(kb: KbService): vscode.Disposable {
  const problems = vscode.languages.createDiagnosticCollection('stacktales-kb');
  const timers = new Map<string, NodeJS.Timeout>();
  const isEntryYaml = (d: vscode.TextDocument) => d.uri.scheme === 'file' && path.basename(d.fileName) === 'entry.yaml';

  const check = (doc: vscode.TextDocument) => {
    if (!isEntryYaml(doc) || !vscode.workspace.isTrusted) return;
    const { readEntryFolder } = core.loadKb();
    const found = readEntryFolder(path.dirname(doc.fileName), 'user', doc.getText()).problems;
    problems.set(
      doc.uri,
      found.map((p) => {
        // Problems of the prose files (missing en.md) are shown on the first line, naming the file.
        const here = path.resolve(p.file) === path.resolve(doc.fileName);
        const line = Math.min(Math.max(here ? p.line - 1 : 0, 0), doc.lineCount - 1);
        const d = new vscode.Diagnostic(doc.lineAt(line).range, here ? p.message : `${path.basename(p.file)}: ${p.message}`, vscode.DiagnosticSeverity.Error);
        d.source = 'stacktales kb check';
        return d;
      }),
    );
  };
  const later = (doc: vscode.TextDocument) => {
    if (!isEntryYaml(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => (timers.delete(key), check(doc)), DEBOUNCE_MS));
  };
  /** An entry of the loaded KB, or one inside a folder of stacktales.kb.paths. */
  const inKb = (file: string) => {
    const dir = path.dirname(file);
    const parents = [...kb.userDirs(), ...(kb.loaded ? kb.get().entries.map((e) => e.dir) : [])].map((p) => path.resolve(p));
    return parents.some((p) => dir === p || dir.startsWith(p + path.sep));
  };

  vscode.workspace.textDocuments.forEach(check);
  return vscode.Disposable.from(
    problems,
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => later(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => problems.delete(d.uri)),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.uri.scheme === 'file' && ENTRY_FILES.has(path.basename(d.fileName)) && inKb(d.fileName)) kb.reload();
    }),
    { dispose: () => timers.forEach(clearTimeout) },
  );
}
