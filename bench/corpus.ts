import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { compileDetectors } from '../src/core/detect/compile';
import type { KnowledgeBase } from '../src/core/knowledge/knowledgeBase';
import { scanPaths } from '../src/core/scan/files';

/**
 * The corpus of real text (test/corpus/<tale>/<case>/): each case a small tree of files as
 * they were seen (a log excerpt, a command's output, a config, a switch's syslog), and a
 * case.yaml that says where the text comes from and what a scan must find in it:
 *   source:  the report, document or upstream file at a tag the text was taken from
 *   what:    one line on what it shows
 *   kind:    positive | near-miss (healthy, looks alike) | other-cause (a different fault that looks alike)
 *   holdout: true for the third kept apart: never used to tune a signal
 *   expect:  [{file, line, entry, signal, severity}] exactly what a scan of the folder finds
 *   paste:   a file of the case whose text, pasted into symptom search, must find `entry` first (positives)
 */
export interface CorpusCase {
  tale: string;
  name: string;
  dir: string;
  source: string;
  what: string;
  kind: 'positive' | 'near-miss' | 'other-cause';
  holdout: boolean;
  expect: { file: string; line: number; entry: string; signal: string; severity: string }[];
  paste?: string;
}

export const CORPUS_DIR = path.join(__dirname, '..', '..', 'test', 'corpus');

export function loadCorpus(dir = CORPUS_DIR): CorpusCase[] {
  if (!fs.existsSync(dir)) return [];
  const cases: CorpusCase[] = [];
  for (const tale of fs.readdirSync(dir).sort()) {
    const taleDir = path.join(dir, tale);
    if (!fs.statSync(taleDir).isDirectory()) continue;
    for (const name of fs.readdirSync(taleDir).sort()) {
      const file = path.join(taleDir, name, 'case.yaml');
      if (!fs.existsSync(file)) continue;
      const c = parse(fs.readFileSync(file, 'utf8')) as Omit<CorpusCase, 'tale' | 'name' | 'dir'>;
      cases.push({ ...c, expect: c.expect ?? [], holdout: !!c.holdout, tale, name, dir: path.join(taleDir, name) });
    }
  }
  return cases;
}

export interface CaseResult {
  c: CorpusCase;
  /** Expected findings the scan found, and missed. */
  found: number;
  missed: string[];
  /** Findings no case expects: false alarms (any finding on a near-miss). */
  extra: string[];
  /** For a case with `paste`: the entry symptom search ranked first, and whether it was by a signal. */
  pasted?: { top?: string; bySignal: boolean };
}

const key = (f: { file: string; line: number; entry: string; signal: string; severity: string }) => `${f.file}:${f.line}:${f.entry}/${f.signal}:${f.severity}`;

/** Scans every case folder and pastes what a case says to paste, with the KB as it is. */
export async function runCorpus(kb: KnowledgeBase, cases: CorpusCase[]): Promise<CaseResult[]> {
  const d = compileDetectors(kb.entries);
  const out: CaseResult[] = [];
  for (const c of cases) {
    const inputs = fs.readdirSync(c.dir).filter((f) => f !== 'case.yaml').map((f) => path.join(c.dir, f));
    const report = await scanPaths(d, inputs);
    const got = report.findings.map((f) => key({ ...f, file: path.relative(c.dir, f.file) }));
    const want = c.expect.map(key);
    const result: CaseResult = { c, found: want.filter((k) => got.includes(k)).length, missed: want.filter((k) => !got.includes(k)), extra: got.filter((k) => !want.includes(k)) };
    if (c.paste) {
      const [top] = kb.search.search(fs.readFileSync(path.join(c.dir, c.paste), 'utf8'));
      result.pasted = { top: top?.id, bySignal: top?.match?.kind === 'signal' };
    }
    out.push(result);
  }
  return out;
}

export interface Score {
  cases: number;
  expected: number;
  found: number;
  /** Findings on healthy near-misses (must be 0), and extra findings on positives or other causes. */
  nearMissWarnings: number;
  extra: number;
  pasted: number;
  pastedFirst: number;
}

export function score(results: CaseResult[]): Score {
  const s: Score = { cases: results.length, expected: 0, found: 0, nearMissWarnings: 0, extra: 0, pasted: 0, pastedFirst: 0 };
  for (const r of results) {
    s.expected += r.c.expect.length;
    s.found += r.found;
    if (r.c.kind === 'near-miss') s.nearMissWarnings += r.extra.filter((k) => !k.endsWith(':info')).length;
    else s.extra += r.extra.length;
    if (r.pasted) {
      s.pasted++;
      if (r.pasted.top === r.c.tale && r.pasted.bySignal) s.pastedFirst++;
    }
  }
  return s;
}

export const recall = (s: Score) => (s.expected ? s.found / s.expected : 1);
