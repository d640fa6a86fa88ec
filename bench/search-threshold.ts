// The calibration of symptom search's thresholds (when a tale "matches", when it is only
// "related, weakly"): each example of test/fixtures/search (queries.yaml: relevant;
// unrelated.yaml and healthy/: not) with its first result's share of the query's words, and
// what each threshold would call strong:
//   npm run bench:threshold        (KB_BUNDLE=dist/kb.json to measure the built bundle)
import * as path from 'path';
import { KnowledgeBase } from '../src/core/knowledge/knowledgeBase';
import { STRONG_FIT, WEAK_FIT } from '../src/core/search/searchEngine';
import { fitSamples, loadQueries, loadUnrelated } from './searchQuality';

const kb = process.env.KB_BUNDLE ? KnowledgeBase.open({ bundleFile: path.resolve(process.env.KB_BUNDLE) }) : KnowledgeBase.open({ builtinDir: path.join(__dirname, '..', '..', 'kb') });
const samples = fitSamples(kb.search, loadQueries(), loadUnrelated());
const row = (s: (typeof samples)[number]) =>
  `  ${s.signal ? 'signal' : s.pasted ? 'pasted' : s.share.toFixed(2).padStart(6)}  ${s.strength.padEnd(6)}  ${(s.top ?? '-').padEnd(20)}  ${s.name.replace(/\s+/g, ' ').slice(0, 70)}`;
const words = samples.filter((s) => !s.signal && !s.pasted);
const relevant = words.filter((s) => s.relevant).sort((a, b) => a.share - b.share);
const unrelated = words.filter((s) => !s.relevant).sort((a, b) => b.share - a.share);
console.log(`KB: ${kb.entries.length} entries; examples: ${samples.filter((s) => s.relevant).length} relevant, ${samples.filter((s) => !s.relevant).length} unrelated`);
console.log(`thresholds: strong at ${STRONG_FIT}, weak at ${WEAK_FIT} (share of the query's words, weighted by rarity)\n`);
console.log('relevant queries by words, lowest share first:');
relevant.slice(0, 8).forEach((s) => console.log(row(s)));
console.log('unrelated queries by words, highest share first:');
unrelated.slice(0, 8).forEach((s) => console.log(row(s)));
console.log('by signal or pasted (shares not weighed):');
samples.filter((s) => s.signal || s.pasted).forEach((s) => console.log(row(s)));
console.log('\nthreshold  relevant strong  unrelated strong');
for (const t of [0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8]) {
  const r = relevant.filter((s) => s.share >= t).length;
  const u = unrelated.filter((s) => s.share >= t).length;
  console.log(`  ${t.toFixed(2)}${t === STRONG_FIT ? '*' : ' '}    ${String(r).padStart(3)}/${relevant.length}          ${String(u).padStart(3)}/${unrelated.length}`);
}
const strongOk = samples.filter((s) => s.relevant && s.strength === 'strong').length;
const falseStrong = samples.filter((s) => !s.relevant && s.strength === 'strong');
console.log(`\nas shipped: ${strongOk}/${samples.filter((s) => s.relevant).length} relevant examples strong; ${falseStrong.length} unrelated strong${falseStrong.length ? ': ' + falseStrong.map((s) => s.name.slice(0, 40)).join('; ') : ''}`);
