import * as vscode from 'vscode';
import type { SearchResult } from '../../core/search/searchEngine';
import * as core from '../shared/lazyCore';
import type { Command } from '../shared/commandManager';
import { CommandId } from '../shared/ids';
import type { KbService } from './kbService';

interface ResultItem extends vscode.QuickPickItem {
  /** The entry; empty for the line that says no tale matches, and for separators. */
  id: string;
}

/** The symptom palette: search as you type, in English or German, or paste a log line. */
export class SearchSymptomsCommand implements Command {
  readonly id = CommandId.searchSymptoms;
  /** The items on show, for tests and for "what did the user see". */
  lastItems: readonly ResultItem[] = [];

  constructor(private readonly kb: KbService) {}

  execute(initialQuery?: unknown): Promise<string | undefined> {
    const pick = vscode.window.createQuickPick<ResultItem>();
    pick.placeholder = vscode.l10n.t('Describe what you see, or paste a log line or command output');
    pick.title = vscode.l10n.t('Stacktales: Search Symptoms');
    pick.matchOnDescription = false;
    pick.matchOnDetail = false;
    const update = (query: string) => {
      const kb = this.kb.get();
      const lang = this.kb.language();
      const results = query.trim() ? kb.search.search(query, { lang, limit: 10 }) : [];
      this.lastItems = query.trim() ? itemsOf(results, core.searchEngine().isPastedText(query)) : [];
      pick.items = this.lastItems;
    };
    const picked = new Promise<string | undefined>((resolve) => {
      pick.onDidChangeValue(update);
      pick.onDidAccept(() => {
        const id = pick.selectedItems[0]?.id;
        // "No tale matches" is a statement, not a choice: the palette stays open.
        if (!id) return;
        pick.hide();
        if (id) void vscode.commands.executeCommand(CommandId.openEntry, id);
        resolve(id);
      });
      pick.onDidHide(() => {
        resolve(undefined);
        pick.dispose();
      });
    });
    if (typeof initialQuery === 'string' && initialQuery) {
      pick.value = initialQuery;
      update(initialQuery);
    }
    pick.show();
    return picked;
  }
}

/**
 * The tales that match; when none does, a line that says so (for pasted text: that no signal
 * of a tale is in it), then the entries related, weakly, under their own heading. Entries that
 * share only a word in passing are not shown. alwaysShow: our ranking decides; the QuickPick's
 * own fuzzy filter would hide pasted log lines.
 */
function itemsOf(results: readonly SearchResult[], pasted: boolean): ResultItem[] {
  const { matches, related } = core.searchEngine().byStrength(results);
  const items = matches.map(toItem);
  if (!matches.length) {
    const label = pasted ? vscode.l10n.t('No tale matches: no signal of a tale is in the pasted text') : vscode.l10n.t('No tale matches');
    items.push({ id: '', label: `$(info) ${label}`, alwaysShow: true });
  }
  if (related.length) items.push({ id: '', label: vscode.l10n.t('related, weakly'), kind: vscode.QuickPickItemKind.Separator }, ...related.map(toItem));
  return items;
}

function toItem(r: SearchResult): ResultItem {
  const icon = r.match?.kind === 'signal' ? '$(pulse)' : '$(comment)';
  return { id: r.id, label: r.title, description: r.id, detail: r.match ? `${icon} ${r.match.text}` : undefined, alwaysShow: true };
}
