import { createHash } from 'crypto';
import type { Detectors } from '../detect/compile';
import type { Finding } from '../signals/finding';
import { scanText } from '../detect/session';
import type { Host } from '../hosts/types';
import type { Entry, Outcome, RunbookStep, Signal } from '../kb/types';
import type { HostFacts } from '../run/facts';
import { planRuns, type PlannedRun } from '../run/plan';
import { redactLines, redactSecrets } from '../text/redact';
import type { RunResult } from '../ssh/types';
import { CONNECTION_FAILURES } from '../ssh/types';
import { couldNotCheck, type CouldNotCheck } from '../run/verdict';

/** `could-not-check`: the check did not read what it should (see run/verdict.ts); never evidence either way. */
export type StepOutcome = Outcome | 'skipped' | 'could-not-check';
export type Conclusion = 'confirmed' | 'ruled-out' | 'inconclusive';

/** One step as it was walked: enough to resume, report and audit it. */
export interface StepRecord {
  id: string;
  /** Hosts the check ran on (empty for questions). */
  hosts: string[];
  command?: string;
  answer?: string;
  at: string;
  durationMs: number;
  outcome: StepOutcome;
  /** Why: decisive lines (redacted, trimmed) or the reason a step could not decide. */
  evidence: string[];
  findings: Finding[];
  /** sha256 of each host's output, so a report can prove which output it read. */
  outputDigests: Record<string, string>;
  /** The step or "@conclusion" the outcome led to. */
  next: string;
  /** Hosts where the check could not read what it should, why, and what would let it. */
  couldNotCheck?: CouldNotCheck[];
}

export interface Walk {
  entry: string;
  steps: StepRecord[];
  conclusion?: Conclusion;
  /** The step to walk next (set while the walk is unfinished, e.g. waiting for an answer). */
  pending?: string;
}

export interface WalkContext {
  detectors: Detectors;
  hosts: Host[];
  params?: Record<string, string>;
  /** Answers to questions, by step id: yes/no (ja/nein), or pasted text the step's signals read. */
  answers?: Record<string, string>;
  /** Runs planned commands (the SSH runner; recorded outputs in the engine's tests). */
  execute: (runs: PlannedRun[]) => Promise<RunResult[]>;
  /** What a probe read on each host, by host name: picks the diagnostics' deployment variants. */
  facts?: ReadonlyMap<string, HostFacts>;
  /** Stop at a question without an answer (interactive UIs) instead of calling it inconclusive. */
  waitForAnswers?: boolean;
  now?: () => Date;
}

const MAX_STEPS = 50;

/**
 * The one state machine for every entry's runbook: run the step's check (a read-only
 * diagnostic on the hosts of its roles, or a question), read the output with the detector
 * engine, decide the outcome by the step's signals, follow the transition, until a conclusion.
 * A walk can be resumed: pass the walk so far and it continues from its pending step.
 */
export async function walkRunbook(entry: Entry, ctx: WalkContext, resume?: Walk): Promise<Walk> {
  const walk: Walk = resume ? { ...resume, steps: [...resume.steps] } : { entry: entry.id, steps: [] };
  const steps = new Map(entry.runbook.steps.map((s) => [s.id, s]));
  let current: string | undefined = resume ? resume.pending : entry.runbook.start;
  while (current && !walk.conclusion) {
    if (walk.steps.length >= MAX_STEPS) {
      walk.conclusion = 'inconclusive';
      break;
    }
    const step = steps.get(current)!;
    if ('ask' in step.check && ctx.answers?.[step.id] === undefined && ctx.waitForAnswers) {
      walk.pending = step.id;
      return walk;
    }
    const record = await runStep(entry, step, ctx);
    walk.steps.push(record);
    if (record.next.startsWith('@')) {
      walk.conclusion = record.next.slice(1) as Conclusion;
      walk.pending = undefined;
    } else current = record.next;
  }
  return walk;
}

/**
 * Answers name question steps; a name no runbook of the KB asks is a typo, and the error lists
 * the questions of the runbooks walked (`scope`). A question of another runbook is accepted, so
 * one set of --answer serves several runbooks.
 */
export function checkAnswerNames(kb: readonly Entry[], scope: readonly Entry[], answers: Record<string, string>): void {
  const questions = (es: readonly Entry[]) => [...new Set(es.flatMap((e) => e.runbook.steps.filter((s) => 'ask' in s.check).map((s) => s.id)))];
  const unknown = Object.keys(answers).filter((k) => !questions(kb).includes(k));
  if (unknown.length) {
    const of = scope.length === 1 ? `runbook "${scope[0].id}"` : 'these runbooks';
    throw new Error(`unknown question ${unknown.map((k) => `"${k}"`).join(', ')}; the questions of ${of}: ${questions(scope).join(', ') || 'none'}`);
  }
}

export async function runStep(entry: Entry, step: RunbookStep, ctx: WalkContext): Promise<StepRecord> {
  const now = ctx.now ?? (() => new Date());
  const started = now();
  const base = { id: step.id, at: started.toISOString(), hosts: [] as string[], findings: [] as Finding[], evidence: [] as string[], outputDigests: {} as Record<string, string> };
  const done = (outcome: StepOutcome, extra: Partial<StepRecord> = {}): StepRecord => ({
    ...base,
    ...extra,
    durationMs: now().getTime() - started.getTime(),
    outcome,
    next: transition(step, outcome),
  });
  const signals = entry.signals.filter((s) => (step.signals ?? []).includes(s.id));

  if ('ask' in step.check) {
    const answer = ctx.answers?.[step.id];
    if (answer === undefined) return done('inconclusive', { evidence: ['no answer given'] });
    const a = answer.trim().toLowerCase();
    if (/^(y|yes|j|ja|true)$/.test(a)) return done('confirmed', { answer, evidence: ['answered yes'] });
    if (/^(n|no|nein|false)$/.test(a)) return done('ruled-out', { answer, evidence: ['answered no'] });
    const findings = matchSignals(ctx.detectors, entry.id, signals, answer, undefined, `${entry.id}:${step.id}:answer`, true);
    return done(findings.length ? 'confirmed' : 'ruled-out', { answer: redactSecrets(answer).slice(0, 2000), findings, evidence: evidenceOf(answer, findings) });
  }

  let runs: PlannedRun[];
  try {
    const plan = planRuns(entry, step.check.diagnostic, ctx.hosts, ctx.params ?? {}, ctx.facts);
    runs = plan.runs;
    if (plan.consent.length) return done('skipped', { evidence: ['a runbook check only reads: it never writes to or changes a host'] });
  } catch (e) {
    return done('inconclusive', { evidence: [(e as Error).message] });
  }
  if (!runs.length) return done('skipped', { evidence: ['no host has a role this check runs on'] });
  const results = await ctx.execute(runs);
  const findings: Finding[] = [];
  const evidence: string[] = [];
  const digests: Record<string, string> = {};
  const unchecked: CouldNotCheck[] = [];
  results.forEach((r, i) => {
    const diagnostic = runs[i].diagnostic;
    digests[r.host] = createHash('sha256').update(r.stdout).update(r.stderr).digest('hex');
    // Both streams are read: qemu-img, for one, says on stderr what the signal looks for.
    const fromOut = r.error && CONNECTION_FAILURES.has(r.error.kind) ? [] : matchSignals(ctx.detectors, entry.id, signals, r.stdout, diagnostic.id, `${r.host}:${diagnostic.id}`);
    const fromErr = r.stderr.trim() ? matchSignals(ctx.detectors, entry.id, signals, r.stderr, diagnostic.id, `${r.host}:${diagnostic.id}:stderr`) : [];
    findings.push(...fromOut, ...fromErr);
    evidence.push(...evidenceOf(r.stdout, fromOut).map((l) => `${r.host}: ${l}`), ...evidenceOf(r.stderr, fromErr).map((l) => `${r.host}: [stderr] ${l}`));
    const c = fromOut.length || fromErr.length ? undefined : couldNotCheck(r, diagnostic);
    if (c) {
      unchecked.push(c);
      evidence.push(`${r.host}: could not check: ${redactSecrets(c.reason).slice(0, 300)}${c.fix ? ` (${c.fix})` : ''}`);
    }
  });
  // A host that could not be checked leaves the question open, unless another host shows the signal.
  const outcome: StepOutcome = findings.length ? 'confirmed' : unchecked.length ? 'could-not-check' : 'ruled-out';
  return done(outcome, { hosts: runs.map((r) => r.host.name), command: runs[0].command, findings, evidence, outputDigests: digests, ...(unchecked.length ? { couldNotCheck: unchecked } : {}) });
}

/** The step's signals in a text: the one scan recipe, evidence kept (the step asks whether its signals are there). */
function matchSignals(d: Detectors, entry: string, signals: Signal[], text: string, diagnostic: string | undefined, file: string, pasted = false): Finding[] {
  const ids = new Set(signals.map((s) => s.id));
  return scanText(d, text, { file, diagnostic }, { keepEvidence: true, everySignal: pasted }).filter((f) => f.entry === entry && ids.has(f.signal));
}

function evidenceOf(text: string, findings: Finding[]): string[] {
  const lines = redactLines(text.split('\n'));
  return [...new Set(findings.map((f) => f.line))].slice(0, 5).map((n) => (lines[n - 1] ?? '').slice(0, 300));
}

/** Where an outcome leads; an outcome without its own transition is inconclusive (a check that could not run, as an error). */
export function transition(step: RunbookStep, outcome: StepOutcome): string {
  const key: Outcome = outcome === 'skipped' ? 'inconclusive' : outcome === 'could-not-check' ? 'error' : outcome;
  return step.next[key] ?? (key === 'error' ? step.next.inconclusive : undefined) ?? '@inconclusive';
}

/** What one piece of evidence weighs, by its confidence (severity). */
export const SEVERITY_WEIGHT: Record<Finding['severity'], number> = { error: 10, warning: 5, info: 1 };
/** What each further distinct signal adds beside the strongest one. */
const CORROBORATION = 2;

export interface TriageRow {
  id: string;
  score: number;
  evidence: string[];
  /** The distinct signals found, each once, with how many lines showed it. */
  signals: { signal: string; severity: Finding['severity']; count: number }[];
  /** A check on the way could not read what it should on some host: the score may be too low. */
  couldNotCheck?: CouldNotCheck[];
}

/**
 * Weighs evidence, not lines: each signal counts once however many lines show it (their count
 * is kept); the strongest signal gives the score, each further distinct signal corroborates.
 * Twenty slow requests (one warning signal) stay below one huge console log (one error).
 */
export function evidenceScore(findings: readonly Finding[]): { score: number; signals: TriageRow['signals'] } {
  const by = new Map<string, TriageRow['signals'][number]>();
  for (const f of findings) {
    const s = by.get(f.signal);
    if (!s) by.set(f.signal, { signal: f.signal, severity: f.severity, count: 1 });
    else {
      s.count++;
      if (SEVERITY_WEIGHT[f.severity] > SEVERITY_WEIGHT[s.severity]) s.severity = f.severity;
    }
  }
  const signals = [...by.values()].sort((a, b) => SEVERITY_WEIGHT[b.severity] - SEVERITY_WEIGHT[a.severity] || a.signal.localeCompare(b.signal));
  const score = signals.length ? SEVERITY_WEIGHT[signals[0].severity] + CORROBORATION * (signals.length - 1) : 0;
  return { score, signals };
}

/**
 * For the operator who does not know which tale this is: every entry's runbook, walked without
 * asking, from its first check along its own path while the checks find nothing (a tale whose
 * first check reads nova-network's config shows on a neutron host only at a later check), up
 * to the first evidence, a question or a conclusion; ranked by that evidence.
 */
export async function triage(entries: Entry[], ctx: WalkContext): Promise<TriageRow[]> {
  const rows: TriageRow[] = [];
  for (const e of entries) {
    const steps = new Map(e.runbook.steps.map((s) => [s.id, s]));
    let step = steps.get(e.runbook.start);
    let last: StepRecord | undefined;
    const unchecked: CouldNotCheck[] = [];
    const walked = new Set<string>();
    while (step && !('ask' in step.check) && !walked.has(step.id)) {
      walked.add(step.id);
      last = await runStep(e, step, ctx);
      unchecked.push(...(last.couldNotCheck ?? []));
      if (last.outcome === 'confirmed') break;
      step = steps.get(last.next);
    }
    const { score, signals } = last?.outcome === 'confirmed' ? evidenceScore(last.findings) : { score: 0, signals: [] };
    rows.push({ id: e.id, score, evidence: score ? last!.evidence : [], signals, ...(unchecked.length ? { couldNotCheck: unchecked } : {}) });
  }
  return rows.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

/**
 * One step of a walk, for a person clicking through it: run (or answer) the pending step,
 * or skip it (recorded as skipped; its "inconclusive" transition is followed).
 */
export async function advance(entry: Entry, walk: Walk, ctx: WalkContext, action: 'run' | 'skip'): Promise<Walk> {
  if (walk.conclusion) return walk;
  const id = walk.pending ?? (walk.steps.length ? undefined : entry.runbook.start);
  const step = entry.runbook.steps.find((s) => s.id === id);
  if (!step) return walk;
  const now = ctx.now ?? (() => new Date());
  const record: StepRecord =
    action === 'skip'
      ? { id: step.id, hosts: [], at: now().toISOString(), durationMs: 0, outcome: 'skipped', evidence: ['skipped by the operator'], findings: [], outputDigests: {}, next: transition(step, 'skipped') }
      : await runStep(entry, step, ctx);
  const next: Walk = { ...walk, steps: [...walk.steps, record] };
  if (record.next.startsWith('@')) return { ...next, conclusion: record.next.slice(1) as Conclusion, pending: undefined };
  return { ...next, pending: record.next };
}

/** A new walk, waiting at the runbook's first step. */
export function startWalk(entry: Entry): Walk {
  return { entry: entry.id, steps: [], pending: entry.runbook.start };
}
