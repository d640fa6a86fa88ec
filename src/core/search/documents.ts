import { kindOf } from '../signals/kinds';
import type { Lang, LoadedEntry } from '../kb/types';

/** Fields of the search index and their weights. Tuned on test/fixtures/search/queries.yaml (see bench/search-quality). */
export const FIELD_BOOSTS = {
  title: 6,
  symptoms: 5,
  summary: 3,
  signals: 2,
  tags: 3,
  diagnostics: 1,
  prose: 1,
} as const;

export type Field = keyof typeof FIELD_BOOSTS;
export type SearchDocument = { id: string } & Record<Field, string>;

/** The text of one entry in one language, split into the index's fields. */
export function documentOf({ entry, prose }: LoadedEntry, lang: Lang): SearchDocument {
  return {
    id: entry.id,
    title: `${entry.title[lang]} ${entry.tale.title[lang]}`,
    summary: entry.summary[lang],
    symptoms: entry.symptoms[lang].join('\n'),
    signals: entry.signals.map((s) => `${s.id.replace(/-/g, ' ')} ${s.explain[lang]} ${kindOf(s).words(s as never)}`).join('\n'),
    tags: (entry.tags ?? []).join(' '),
    diagnostics: entry.diagnostics.map((d) => `${d.title[lang]} ${d.command}`).join('\n'),
    prose: prose[lang],
  };
}
