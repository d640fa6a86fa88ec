import * as vscode from 'vscode';
import type { LoadedEntry } from '../../core/kb/types';
import { CommandId, ContextValue, ViewId } from '../shared/ids';
import type { KbService } from './kbService';

/** The Stacktales view in the activity bar: every entry, opened on click. */
export class EntriesTree implements vscode.TreeDataProvider<LoadedEntry>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly kb: KbService) {
    this.sub = kb.onDidChange(() => this.changed.fire());
  }

  getChildren(parent?: LoadedEntry): LoadedEntry[] {
    if (parent) return [];
    const lang = this.kb.language();
    return [...this.kb.get().entries].sort((a, b) => a.entry.title[lang].localeCompare(b.entry.title[lang]));
  }

  getTreeItem({ entry, origin }: LoadedEntry): vscode.TreeItem {
    const lang = this.kb.language();
    const item = new vscode.TreeItem(entry.title[lang], vscode.TreeItemCollapsibleState.None);
    item.id = entry.id;
    item.description = entry.tale.title[lang];
    item.tooltip = new vscode.MarkdownString(`**${entry.title[lang]}**\n\n${entry.summary[lang]}`);
    item.iconPath = new vscode.ThemeIcon(origin === 'user' ? 'account' : 'book');
    item.contextValue = ContextValue.entry;
    item.command = { command: CommandId.openEntry, title: vscode.l10n.t('Open entry'), arguments: [entry.id] };
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

export function registerEntriesView(tree: EntriesTree): vscode.Disposable {
  const view = vscode.window.createTreeView(ViewId.entries, { treeDataProvider: tree, showCollapseAll: false });
  return vscode.Disposable.from(tree, view);
}
