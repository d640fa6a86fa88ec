import * as vscode from 'vscode';
import type { LoadedEntry } from '../../core/kb/types';
import type { KbService } from './kbService';

/** Choose an entry from the KB. */
export async function pickEntry(kb: KbService, title = 'Stacktales'): Promise<LoadedEntry | undefined> {
  const lang = kb.language();
  const pick = await vscode.window.showQuickPick(
    kb.get().entries.map((e) => ({ label: e.entry.title[lang], description: e.entry.id, e })),
    { title },
  );
  return pick?.e;
}

/** The entry an argument-less command works on: chosen from a list. */
export async function pickEntryThen<T>(kb: KbService, then: (id: string) => T | PromiseLike<T>): Promise<T | undefined> {
  const e = await pickEntry(kb);
  return e ? then(e.entry.id) : undefined;
}
