import * as path from 'path';
import * as vscode from 'vscode';
import type { Finding } from '../../core/signals/finding';
import type { KbService } from '../kb/kbService';
import { ViewId } from '../shared/ids';
import type { DocumentFindings } from './documentFindings';
import { describeFinding } from './findingText';

type Node = { kind: 'entry'; entry: string; findings: Finding[] } | { kind: 'file'; entry: string; file: string; findings: Finding[] } | { kind: 'finding'; finding: Finding };

/**
 * The Findings view: the last workspace scan merged with the findings of open documents
 * (an open document's own findings replace the scan's for that file), by entry and file.
 */
export class FindingsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private scanned: Finding[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly kb: KbService, private readonly docs: DocumentFindings) {
    this.sub = docs.onDidChange(() => this.changed.fire());
  }

  setScanResults(findings: Finding[]): void {
    this.scanned = findings;
    this.changed.fire();
  }

  /**
   * The scan sees evidence across files (the vlan_interface of nova.conf against ip link), so
   * its findings win for a file; an open document replaces them when it has unsaved edits,
   * and adds its own when the scan had nothing for it.
   */
  all(): Finding[] {
    const scannedFiles = new Set(this.scanned.map((f) => f.file));
    const replacing = new Set<string>();
    const fromDocs: Finding[] = [];
    for (const d of vscode.workspace.textDocuments) {
      const file = d.uri.scheme === 'file' ? d.uri.fsPath : d.uri.toString();
      if (scannedFiles.has(file) && !d.isDirty) continue;
      replacing.add(file);
      fromDocs.push(...this.docs.get(d.uri));
    }
    return [...this.scanned.filter((f) => !replacing.has(f.file)), ...fromDocs];
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const byEntry = group(this.all(), (f) => f.entry);
      return [...byEntry].map(([entry, findings]) => ({ kind: 'entry' as const, entry, findings }));
    }
    if (node.kind === 'entry') return [...group(node.findings, (f) => f.file)].map(([file, findings]) => ({ kind: 'file' as const, entry: node.entry, file, findings }));
    if (node.kind === 'file') return node.findings.map((finding) => ({ kind: 'finding' as const, finding }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'entry') {
      const title = this.kb.get().get(node.entry)?.entry.title[this.kb.language()] ?? node.entry;
      const item = new vscode.TreeItem(title, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.findings.length);
      item.iconPath = new vscode.ThemeIcon('book');
      return item;
    }
    if (node.kind === 'file') {
      const item = new vscode.TreeItem(path.basename(node.file), vscode.TreeItemCollapsibleState.Expanded);
      item.description = vscode.workspace.asRelativePath(path.dirname(node.file));
      item.resourceUri = fileUri(node.file);
      return item;
    }
    const f = node.finding;
    const t = describeFinding(this.kb, f);
    const item = new vscode.TreeItem(`${f.line}: ${t.explain}`, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'info');
    item.tooltip = `${t.explain}${t.because.length ? `\n(${t.because.join('; ')})` : ''}`;
    item.command = { command: 'vscode.open', title: '', arguments: [fileUri(f.file), { selection: new vscode.Range(f.line - 1, f.column - 1, f.line - 1, f.endColumn - 1) }] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
    this.sub.dispose();
  }
}

/** The Findings view. */
export function registerFindingsView(tree: FindingsTree): vscode.Disposable {
  return vscode.window.registerTreeDataProvider(ViewId.findings, tree);
}

function fileUri(file: string): vscode.Uri {
  return /^[a-z][a-z0-9+.-]*:\//i.test(file) ? vscode.Uri.parse(file) : vscode.Uri.file(file);
}

function group<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(x);
  }
  return m;
}
