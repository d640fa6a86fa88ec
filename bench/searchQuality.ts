import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import type { Lang } from '../src/core/kb/types';
import { isPastedText, wordsOf, type SearchEngine } from '../src/core/search/searchEngine';

export interface QueryCase {
  q: string;
  lang: Lang;
  expect: string;
}

export const QUERIES_FILE = path.join(__dirname, '..', '..', 'test', 'fixtures', 'search', 'queries.yaml');

export function loadQueries(file = QUERIES_FILE): QueryCase[] {
  return parse(fs.readFileSync(file, 'utf8')) as QueryCase[];
}

export interface Quality {
  top1: number;
  mrr: number;
  misses: { q: string; expect: string; got: string[] }[];
}

/** Top-1 accuracy and mean reciprocal rank of the expected entry over the query set. */
export function measureQuality(engine: SearchEngine, cases: QueryCase[]): Quality {
  let top1 = 0;
  let rr = 0;
  const misses: Quality['misses'] = [];
  for (const c of cases) {
    const ids = engine.search(c.q, { lang: c.lang, limit: 6 }).map((r) => r.id);
    const rank = ids.indexOf(c.expect);
    if (rank === 0) top1++;
    else misses.push({ q: c.q, expect: c.expect, got: ids.slice(0, 3) });
    rr += rank >= 0 ? 1 / (rank + 1) : 0;
  }
  return { top1: top1 / cases.length, mrr: rr / cases.length, misses };
}

/** Queries no tale answers (test/fixtures/search/unrelated.yaml), and healthy log tails pasted whole (healthy/). */
export function loadUnrelated(dir = path.dirname(QUERIES_FILE)): { q: string; lang: Lang; name: string }[] {
  const questions = (parse(fs.readFileSync(path.join(dir, 'unrelated.yaml'), 'utf8')) as { q: string; lang: Lang }[]).map((c) => ({ ...c, name: c.q }));
  const tails = fs
    .readdirSync(path.join(dir, 'healthy'))
    .sort()
    .map((f) => ({ q: fs.readFileSync(path.join(dir, 'healthy', f), 'utf8'), lang: 'en' as Lang, name: `healthy/${f}` }));
  return [...questions, ...tails];
}

export interface FitSample {
  name: string;
  relevant: boolean;
  /** The first result, if any. */
  top?: string;
  /** It came first by a signal. */
  signal: boolean;
  /** Pasted text (several lines): its words are not weighed. */
  pasted: boolean;
  /** The top result's share of the query's words (what the thresholds compare). */
  share: number;
  strength: string;
}

/** What the search thresholds are calibrated on: each example's first result, its fit and strength. */
export function fitSamples(engine: SearchEngine, relevant: QueryCase[], unrelated: { q: string; lang: Lang; name: string }[]): FitSample[] {
  const sample = (c: { q: string; lang: Lang }, name: string, isRelevant: boolean): FitSample => {
    const [top] = engine.search(c.q, { lang: c.lang });
    const signal = top?.match?.kind === 'signal';
    const pasted = isPastedText(c.q);
    const share = top && !signal && !pasted ? (engine.fitOf(wordsOf(c.q), [top.id]).get(top.id) ?? 0) : 0;
    return { name, relevant: isRelevant, top: top?.id, signal, pasted, share, strength: top?.strength ?? 'none' };
  };
  return [...relevant.map((c) => sample(c, c.q, true)), ...unrelated.map((c) => sample(c, c.name, false))];
}
