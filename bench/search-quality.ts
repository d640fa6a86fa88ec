// Search quality on test/fixtures/search/queries.yaml, and how it changes with the field weights:
//   npx tsc -p . && node out/bench/search-quality.js
import * as path from 'path';
import { KnowledgeBase } from '../src/core/knowledge/knowledgeBase';
import { FIELD_BOOSTS } from '../src/core/search/documents';
import { SearchEngine, type FieldBoosts } from '../src/core/search/searchEngine';
import { loadQueries, measureQuality } from './searchQuality';

const kb = KnowledgeBase.open({ builtinDir: path.join(__dirname, '..', '..', 'kb') });
const cases = loadQueries();
const report = (label: string, boosts: FieldBoosts) => {
  const q = measureQuality(new SearchEngine(kb.entries, undefined, boosts), cases);
  console.log(`${label.padEnd(28)} top-1 ${(q.top1 * 100).toFixed(1).padStart(5)}%  MRR ${q.mrr.toFixed(3)}  misses ${q.misses.length}`);
  return q;
};
console.log(`queries: ${cases.length}`);
const chosen = report('chosen weights', FIELD_BOOSTS);
report('all fields equal', { title: 1, symptoms: 1, summary: 1, signals: 1, tags: 1, diagnostics: 1, prose: 1 });
report('prose only', { title: 0, symptoms: 0, summary: 0, signals: 0, tags: 0, diagnostics: 0, prose: 1 });
report('title+symptoms only', { title: 6, symptoms: 5, summary: 0, signals: 0, tags: 0, diagnostics: 0, prose: 0 });
for (const m of chosen.misses) console.log(`  miss: "${m.q.slice(0, 70)}" expected ${m.expect}, got ${m.got.join(', ')}`);
