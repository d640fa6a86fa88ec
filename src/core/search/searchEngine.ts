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

/**
 * How well a result fits the query. strong: a signal of the entry is in the pasted text, or the
 * entry's title, symptoms, summary, tags and signals hold most of what the query says (its
 * words weighted by how rare they are in the KB); weak: related, a few of its words; none: a
 * word in passing, or a pasted text (several lines) in which no signal of the entry is.
 */
export type Strength = 'strong' | 'weak' | 'none';

export interface SearchResult {
  id: string;
  title: string;
  score: number;
  /** What matched, to show under the title: a symptom, or the signal a pasted line fits. */
  match?: { kind: 'symptom' | 'signal'; text: string; signal?: string };
  strength: Strength;
}

export type SerializedIndexes = Record<Lang, object>;

/** How much the language the user did not choose counts. */
const OTHER_LANGUAGE_WEIGHT = 0.6;
/** Results scoring below this share of the best one are noise: a word in passing, not the symptom. */
const MIN_RELATIVE_SCORE = 0.1;
/** A pasted line that fits a signal outranks any word match. */
const SIGNAL_HIT_SCORE = 100;
/**
 * The fit thresholds, on the share of the query's words (weighted by rarity) that an entry
 * holds: calibrated on test/fixtures/search (queries.yaml relevant, unrelated.yaml and healthy/
 * not); `npm run bench:threshold` measures them again. A word found only in an entry's prose
 * or diagnostics counts a quarter.
 */
export const STRONG_FIT = 0.6;
export const WEAK_FIT = 0.15;
const PROSE_WORD_WEIGHT = 0.25;
/** The fields that say what an entry is about (the rest, prose and diagnostics, mention much in passing). */
const KEY_FIELDS: readonly Field[] = ['title', 'symptoms', 'summary', 'tags', 'signals'];

/** What a person is shown of the results: the tales that match, then those related, weakly (the rest share a word in passing). */
export function byStrength(results: readonly SearchResult[]): { matches: SearchResult[]; related: SearchResult[] } {
  return { matches: results.filter((r) => r.strength === 'strong'), related: results.filter((r) => r.strength === 'weak') };
}

/** A query of several non-empty lines is pasted text (a log tail, command output): only signals can tell what it shows. */
export function isPastedText(query: string): boolean {
  return query.split(/\r?\n/).filter((l) => l.trim()).length > 1;
}

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
    const shown = ranked.filter(([, s]) => s >= floor).slice(0, limit);
    // Pasted text that no signal fits: its words say nothing about a tale.
    const fit = isPastedText(query) ? undefined : this.fitOf(words, shown.map(([id]) => id).filter((id) => !bestHit.has(id)));
    return shown.map(([id, score]) => {
      const e = this.byId.get(id)!;
      const hit = bestHit.get(id);
      const share = fit?.get(id) ?? 0;
      return {
        id,
        title: e.entry.title[lang],
        score: Math.round(score * 1000) / 1000,
        match: hit ? { kind: 'signal' as const, text: hit.signal.explain[lang], signal: hit.signal.id } : bestSymptom(e, words, lang),
        strength: hit || share >= STRONG_FIT ? 'strong' : share >= WEAK_FIT ? 'weak' : 'none',
      };
    });
  }

  /**
   * For each entry, the share of the query's words it holds, in the language where it holds
   * most: each word weighs by its rarity in the KB (inverse document frequency; a word the KB
   * does not know weighs most), fully when found in a key field, a quarter in prose or
   * diagnostics. Each word is looked up as the search looks it up (stem, typing prefix, typo).
   */
  fitOf(words: string[], ids: string[]): Map<string, number> {
    const fit = new Map<string, number>();
    if (!ids.length) return fit;
    const distinct = [...new Set(words.map((w) => w.toLowerCase()))];
    const typing = words.length <= 8;
    const last = words[words.length - 1]?.toLowerCase();
    for (const l of LANGS) {
      const index = this.indexes[l];
      let total = 0;
      const held = new Map<string, number>();
      for (const w of distinct) {
        const weight = this.rarity(index, l, w);
        if (!weight) continue; // a stop word
        total += weight;
        for (const r of this.queryIndex(index, l, [w], typing, w === last)) {
          if (!ids.includes(r.ref)) continue;
          const fields = Object.values(r.matchData.metadata).flatMap((byField) => Object.keys(byField));
          held.set(r.ref, (held.get(r.ref) ?? 0) + weight * (fields.some((f) => KEY_FIELDS.includes(f as Field)) ? 1 : PROSE_WORD_WEIGHT));
        }
      }
      for (const [id, h] of held) fit.set(id, Math.max(fit.get(id) ?? 0, h / total));
    }
    return fit;
  }

  /** A word's inverse document frequency in one language's index; 0 for a stop word. */
  private rarity(index: lunr.Index, lang: Lang, word: string): number {
    const [term] = analyze(word, lang);
    if (term === undefined) return 0;
    const postings = (index as unknown as { invertedIndex: Record<string, Record<string, Record<string, unknown>>> }).invertedIndex[term];
    const docs = new Set(Object.entries(postings ?? {}).flatMap(([field, byDoc]) => (field === '_index' ? [] : Object.keys(byDoc))));
    const n = this.byId.size;
    return Math.log(1 + (n - docs.size + 0.5) / (docs.size + 0.5));
  }

  /**
   * Every word is optional; exact stems weigh most, then a prefix of the last word (typing).
   * A word the index does not know is taken as a typo and its near matches count fully;
   * fuzzy matching is costly, so known words never get it.
   */
  private queryIndex(index: lunr.Index, lang: Lang, words: string[], typing = words.length <= 8, prefixLast = true): lunr.Index.Result[] {
    const vocabulary = (index as unknown as { invertedIndex: Record<string, unknown> }).invertedIndex;
    return index.query((q) => {
      words.forEach((w, i) => {
        q.term(w, { boost: 10 });
        const folded = foldGerman(w);
        if (typing && prefixLast && i === words.length - 1 && folded.length >= 3) {
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
export function wordsOf(query: string): string[] {
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
