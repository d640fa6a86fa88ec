import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import safeRegex from 'safe-regex2';

/** How a regular expression's matching time grows with the line it reads, by a ReDoS analysis. */
export type RegexRisk =
  | { risk: 'linear' }
  | { risk: 'polynomial'; degree: number; attack?: string }
  | { risk: 'exponential'; attack?: string }
  | { risk: 'unknown'; why: string };

interface Recheck {
  checkSync(source: string, flags: string, params?: { timeout?: number }): RecheckDiagnostics;
}
type RecheckDiagnostics =
  | { status: 'safe' }
  | { status: 'vulnerable'; complexity: { type: 'polynomial'; degree: number } | { type: 'exponential' }; attack?: { pattern: string } }
  | { status: 'unknown'; error: { kind: string } };

/** An analysis may take this long; past it the verdict is "unknown". */
const ANALYSIS_TIMEOUT_MS = 10_000;

let recheck: Recheck | null | undefined;
const verdicts = new Map<string, RegexRisk>();
let cacheLoaded = false;

/**
 * recheck (a ReDoS analyser: automata theory and fuzzing) when it is installed: the CLI and the
 * tests have it from node_modules; the packaged extension does not carry it, and then every
 * verdict is "unknown".
 */
function analyser(): Recheck | null {
  if (recheck === undefined) {
    try {
      recheck = require('recheck') as Recheck;
    } catch {
      recheck = null;
    }
  }
  return recheck;
}

/** Verdicts are kept across runs (an analysis takes up to seconds): one small JSON file in the user's cache. */
function cacheFile(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'stacktales', 'regex-risk-v1.json');
}

function loadCache(): void {
  cacheLoaded = true;
  try {
    const data = JSON.parse(fs.readFileSync(cacheFile(), 'utf8')) as Record<string, RegexRisk>;
    for (const [k, v] of Object.entries(data)) if (!verdicts.has(k)) verdicts.set(k, v);
  } catch {
    /* no cache yet, or a broken one: analyse again */
  }
}

function saveCache(): void {
  const file = cacheFile();
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const known = Object.fromEntries([...verdicts].filter(([, v]) => v.risk !== 'unknown'));
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(known));
    fs.renameSync(tmp, file);
  } catch {
    /* a read-only home: verdicts stay in memory */
  }
}

/** recheck's verdict on a pattern (cached), or "unknown" when it cannot tell or is not installed. */
export function regexRisk(pattern: string, flags = ''): RegexRisk {
  const key = `${flags}/${pattern}`;
  if (!cacheLoaded) loadCache();
  const known = verdicts.get(key);
  if (known) return known;
  const r = analyser();
  let v: RegexRisk;
  if (!r) v = { risk: 'unknown', why: 'no ReDoS analyser here (recheck is not installed)' };
  else {
    const d = r.checkSync(pattern, flags.replace(/[gdy]/g, ''), { timeout: ANALYSIS_TIMEOUT_MS });
    if (d.status === 'safe') v = { risk: 'linear' };
    else if (d.status === 'unknown') v = { risk: 'unknown', why: `the analysis ended without a verdict (${d.error.kind})` };
    else if (d.complexity.type === 'exponential') v = { risk: 'exponential', attack: d.attack?.pattern };
    else v = { risk: 'polynomial', degree: d.complexity.degree, attack: d.attack?.pattern };
  }
  verdicts.set(key, v);
  if (v.risk !== 'unknown') saveCache();
  return v;
}

/**
 * Whether a KB pattern may run, and whether its examples may be run to check it. A line is
 * read up to 16 KiB and each signal has a time budget per text (detect/lineScanner.ts), which
 * bounds quadratic matching; a cubic or exponential pattern is refused. A pattern no analysis
 * vetted has its examples left unrun (they could hang the process that checks them, which in
 * the editor is every extension's), unless its nesting alone shows it is catastrophic.
 */
export function vetPattern(pattern: string, flags = ''): { problem?: string; runExamples: boolean } {
  if (!safeRegex(pattern, { limit: 25 })) return { problem: 'may backtrack catastrophically (nested quantifiers); rewrite it', runExamples: false };
  const v = regexRisk(pattern, flags);
  const on = (attack?: string) => (attack ? ` on a line like ${attack.length > 60 ? `${attack.slice(0, 60)}…` : attack}` : '');
  switch (v.risk) {
    case 'exponential':
      return { problem: `may backtrack catastrophically (time exponential in the line's length${on(v.attack)}); rewrite it`, runExamples: false };
    case 'polynomial':
      if (v.degree >= 3) return { problem: `matching time grows as the line's length to the power ${v.degree}${on(v.attack)}; rewrite it (make neighbouring \\s* and \\S+ exclude each other)`, runExamples: false };
      return { runExamples: true };
    case 'linear':
      return { runExamples: true };
    case 'unknown':
      return { runExamples: false };
  }
}
