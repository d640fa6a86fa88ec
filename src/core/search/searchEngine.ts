import lunr from 'lunr';
import { LANGS, type Lang, type LoadedEntry } from '../kb/types';
import { analyze, foldGerman, pipelineFor, setupLunr } from './analyzers';
import { documentOf, FIELD_BOOSTS, type Field } from './documents';

export type FieldBoosts = Record<Field, number>;
import { severityRank } from '../signals/finding';
import { SignalMatcher, type SignalHit } from './signalHits';

export interface SearchOptions {
  /** The language the user reads; the other language still counts, a little less. */
  lang?: Lang;
  limit?: number;
}

export interface SearchResult {
  id: string;
  title: string;
  score: number;
  /** What matched, to show under the title: a symptom, or the signal a pasted line fits. */
  match?: { kind: 'symptom' | 'signal'; text: string; signal?: string };
}

export type SerializedIndexes = Record<Lang, object>;

/** How much the language the user did not choose counts. */
const OTHER_LANGUAGE_WEIGHT = 0.6;
/** Results scoring below this share of the best one are noise: a word in passing, not the symptom. */
const MIN_RELATIVE_SCORE = 0.1;
/** A pasted line that fits a signal outranks any word match. */
const SIGNAL_HIT_SCORE = 100;

export function buildIndexes(entries: readonly LoadedEntry[], boosts: FieldBoosts = FIELD_BOOSTS): SerializedIndexes {
  const l = setupLunr();
  const out = {} as SerializedIndexes;
  for (const lang of LANGS) {
    const idx = l(function () {
      this.pipeline.reset();
      this.searchPipeline.reset();
      this.pipeline.add(...pipelineFor(lang));
      this.searchPipeline.add(...pipelineFor(lang));
      this.ref('id');
      for (const [field, boost] of Object.entries(boosts)) this.field(field, { boost });
      for (const e of entries) this.add(documentOf(e, lang));
    });
    out[lang] = idx.toJSON();
  }
  return out;
}

/** Symptom search over the KB: words in English and German, and pasted log lines against the signals. */
export class SearchEngine {
  private readonly indexes: Record<Lang, lunr.Index>;
  private readonly byId: Map<string, LoadedEntry>;
  private readonly signals: SignalMatcher;

  constructor(entries: readonly LoadedEntry[], serialized?: SerializedIndexes, boosts?: FieldBoosts) {
    setupLunr();
    const data = serialized ?? buildIndexes(entries, boosts);
    this.indexes = { en: lunr.Index.load(data.en), de: lunr.Index.load(data.de) };
    this.byId = new Map(entries.map((e) => [e.entry.id, e]));
    this.signals = new SignalMatcher(entries);
  }

  search(query: string, opts: SearchOptions = {}): SearchResult[] {
    const lang = opts.lang ?? 'en';
    const limit = opts.limit ?? 10;
    const scores = new Map<string, number>();
    const add = (id: string, s: number) => this.byId.has(id) && scores.set(id, (scores.get(id) ?? 0) + s);

    const hits = this.signals.match(query);
    const bestHit = new Map<string, SignalHit>();
    for (const h of hits) {
      add(h.entry, SIGNAL_HIT_SCORE + severityRank(h.signal.severity));
      const prev = bestHit.get(h.entry);
      if (!prev || severityRank(h.signal.severity) > severityRank(prev.signal.severity)) bestHit.set(h.entry, h);
    }

    const words = wordsOf(query);
    if (words.length) {
      for (const l of LANGS) {
        const weight = l === lang ? 1 : OTHER_LANGUAGE_WEIGHT;
        for (const r of this.queryIndex(this.indexes[l], l, words)) add(r.ref, r.score * weight);
      }
    }

    const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const floor = (ranked[0]?.[1] ?? 0) * MIN_RELATIVE_SCORE;
    return ranked
      .filter(([, s]) => s >= floor)
      .slice(0, limit)
      .map(([id, score]) => {
        const e = this.byId.get(id)!;
        const hit = bestHit.get(id);
        return {
          id,
          title: e.entry.title[lang],
          score: Math.round(score * 1000) / 1000,
          match: hit
            ? { kind: 'signal' as const, text: hit.signal.explain[lang], signal: hit.signal.id }
            : bestSymptom(e, words, lang),
        };
      });
  }

  /**
   * Every word is optional; exact stems weigh most, then a prefix of the last word (typing).
   * A word the index does not know is taken as a typo and its near matches count fully;
   * fuzzy matching is costly, so known words never get it.
   */
  private queryIndex(index: lunr.Index, lang: Lang, words: string[]): lunr.Index.Result[] {
    const vocabulary = (index as unknown as { invertedIndex: Record<string, unknown> }).invertedIndex;
    const typing = words.length <= 8;
    return index.query((q) => {
      words.forEach((w, i) => {
        q.term(w, { boost: 10 });
        const folded = foldGerman(w);
        if (typing && i === words.length - 1 && folded.length >= 3) {
          q.term(folded, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 3 });
        }
        if (typing && folded.length >= 5 && /^[a-zäöüß_]+$/.test(folded)) {
          const known = analyze(w, lang).some((t) => Object.prototype.hasOwnProperty.call(vocabulary, t));
          if (!known) q.term(w, { editDistance: folded.length >= 9 ? 2 : 1, boost: 10 });
        }
      });
    });
  }
}

/**
 * Query words, without the punctuation lunr's query parser would trip over. Tokens with
 * digits (timestamps, request ids, hashes, addresses) say nothing about the symptom and
 * would only slow the query down; pasted text is capped at 32 words.
 */
function wordsOf(query: string): string[] {
  return query
    .slice(0, 4000)
    .split(/[\s\-/\\=:,;.()[\]{}<>"'|`@#?!&*+%$~^]+/)
    .filter((w) => w.length > 1 && w.length < 40 && !/\d/.test(w))
    .slice(0, 32);
}

function bestSymptom(e: LoadedEntry, words: string[], lang: Lang): SearchResult['match'] {
  let best: { text: string; n: number } | undefined;
  for (const l of [lang, ...LANGS.filter((x) => x !== lang)]) {
    const q = new Set(analyze(words.join(' '), l));
    for (const s of e.entry.symptoms[l]) {
      // Distinct query words found: a phrase repeating one word must not beat one matching two.
      const n = new Set(analyze(s, l).filter((t) => q.has(t))).size;
      if (n > 0 && (!best || n > best.n)) best = { text: s, n };
    }
  }
  return best ? { kind: 'symptom', text: best.text } : { kind: 'symptom', text: e.entry.summary[lang] };
}

export type { Field };
