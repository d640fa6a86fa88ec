import * as vscode from 'vscode';
import type { SearchResult } from '../../core/search/searchEngine';
import type { Command } from '../shared/commandManager';
import { CommandId } from '../shared/ids';
import type { KbService } from './kbService';

interface ResultItem extends vscode.QuickPickItem {
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
      // alwaysShow: our ranking decides; the QuickPick's own fuzzy filter would hide pasted log lines.
      this.lastItems = results.map((r) => toItem(r));
      pick.items = this.lastItems;
    };
    const picked = new Promise<string | undefined>((resolve) => {
      pick.onDidChangeValue(update);
      pick.onDidAccept(() => {
        const id = pick.selectedItems[0]?.id;
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

function toItem(r: SearchResult): ResultItem {
  const icon = r.match?.kind === 'signal' ? '$(pulse)' : '$(comment)';
  return { id: r.id, label: r.title, description: r.id, detail: r.match ? `${icon} ${r.match.text}` : undefined, alwaysShow: true };
}
