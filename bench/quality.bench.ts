// Quality of the KB on real text: npm run bench:quality
// Per tale, for the tuned cases and the third kept apart: scan recall (expected findings found),
// warnings on healthy near-misses, extra findings, and pasted-text search (right entry first).
import * as path from 'path';
import { KnowledgeBase } from '../src/core/knowledge/knowledgeBase';
import { loadCorpus, recall, runCorpus, score, type CaseResult } from './corpus';

async function main(): Promise<void> {
  const kb = KnowledgeBase.open({ builtinDir: path.join(__dirname, '..', '..', 'kb') });
  const cases = loadCorpus();
  const results = await runCorpus(kb, cases);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const line = (label: string, rs: CaseResult[]) => {
    const s = score(rs);
    const paste = s.pasted ? `${s.pastedFirst}/${s.pasted}` : '-';
    console.log(`${label.padEnd(34)} cases ${String(s.cases).padStart(3)}  recall ${pct(recall(s)).padStart(6)} (${s.found}/${s.expected})  near-miss warnings ${s.nearMissWarnings}  extra ${s.extra}  pasted first ${paste}`);
  };
  console.log(`corpus: ${cases.length} cases of real text (${cases.filter((c) => c.holdout).length} held apart)`);
  for (const tale of [...new Set(cases.map((c) => c.tale))]) {
    line(`${tale} (tuned)`, results.filter((r) => r.c.tale === tale && !r.c.holdout));
    line(`${tale} (held apart)`, results.filter((r) => r.c.tale === tale && r.c.holdout));
  }
  line('all (tuned)', results.filter((r) => !r.c.holdout));
  line('all (held apart)', results.filter((r) => r.c.holdout));
  for (const r of results) {
    for (const m of r.missed) console.log(`  missed ${r.c.tale}/${r.c.name}: ${m}`);
    for (const x of r.extra) console.log(`  ${r.c.kind === 'near-miss' ? 'FALSE ALARM' : 'extra'} ${r.c.tale}/${r.c.name}: ${x}`);
    if (r.pasted && !(r.pasted.top === r.c.tale && r.pasted.bySignal)) console.log(`  paste ${r.c.tale}/${r.c.name}: first ${r.pasted.top ?? 'nothing'}${r.pasted.bySignal ? '' : ' (by words)'}`);
  }
}

void main();
