import type { KnowledgeBase } from '../core/knowledge/knowledgeBase';
import type { Lang } from '../core/kb/types';
import type { Finding } from '../core/signals/finding';
import { wordFinding } from '../core/signals/wording';

/** A finding's sentence, in the CLI's language (English unless --lang says otherwise). */
export function messageOf(kb: KnowledgeBase, f: Finding, lang: Lang = 'en'): string {
  const signal = kb.get(f.entry)?.entry.signals.find((s) => s.id === f.signal);
  return wordFinding(f, signal, lang);
}

/** A finding as the --json contracts print it: {file, line, entry, signal, severity, message}. */
export function findingJson(kb: KnowledgeBase, f: Finding): { file: string; line: number; entry: string; signal: string; severity: string; message: string } {
  return { file: f.file, line: f.line, entry: f.entry, signal: f.signal, severity: f.severity, message: messageOf(kb, f) };
}
