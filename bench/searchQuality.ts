import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import type { Lang } from '../src/core/kb/types';
import type { SearchEngine } from '../src/core/search/searchEngine';

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
