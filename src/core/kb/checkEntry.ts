import { compileSignalPattern, isCatastrophic } from './patterns';
import { matchLine } from './signalMatch';
import { placeholders } from './commandTemplate';
import type { Entry, Outcome, Signal } from './types';
import type { Path } from './yamlLocator';

export interface EntryIssue {
  path: Path;
  message: string;
}

const CONCLUSIONS = new Set(['@confirmed', '@ruled-out', '@inconclusive']);

/**
 * Checks what the JSON Schema cannot: references between parts of an entry, regular
 * expressions, templates and the runbook graph. Pure: it reports, it does not throw.
 */
export function checkEntry(entry: Entry, folderName?: string): EntryIssue[] {
  const issues: EntryIssue[] = [];
  const add = (path: Path, message: string) => issues.push({ path, message });

  if (folderName !== undefined && folderName !== entry.id) add(['id'], `id "${entry.id}" differs from its folder name "${folderName}"`);

  const diagnostics = new Map(entry.diagnostics.map((d) => [d.id, d]));
  const signals = new Map(entry.signals.map((s) => [s.id, s]));
  duplicates(entry.signals.map((s) => s.id)).forEach((i) => add(['signals', i, 'id'], `duplicate signal id "${entry.signals[i].id}"`));
  duplicates(entry.diagnostics.map((d) => d.id)).forEach((i) => add(['diagnostics', i, 'id'], `duplicate diagnostic id "${entry.diagnostics[i].id}"`));
  duplicates(entry.runbook.steps.map((s) => s.id)).forEach((i) => add(['runbook', 'steps', i, 'id'], `duplicate step id "${entry.runbook.steps[i].id}"`));

  entry.signals.forEach((s, i) => checkSignal(s, ['signals', i], diagnostics, add));
  entry.signals.forEach((s, i) => checkEscalation(s, ['signals', i], signals, add));
  const usedAsEvidence = new Set(entry.signals.flatMap((s) => (s.escalate ?? []).map((r) => r.with)));
  entry.signals.forEach((s, i) => {
    if (s.evidence && !usedAsEvidence.has(s.id) && !(s.escalate ?? []).length) add(['signals', i, 'evidence'], `evidence signal "${s.id}" is used by no escalation, so it can never show`);
  });

  entry.diagnostics.forEach((d, i) => {
    if (d.recognize !== undefined) {
      try {
        new RegExp(d.recognize, 'm');
        if (isCatastrophic(d.recognize)) add(['diagnostics', i, 'recognize'], 'recognize may backtrack catastrophically; rewrite it');
      } catch (e) {
        add(['diagnostics', i, 'recognize'], `recognize does not compile: ${(e as Error).message}`);
      }
    }
    const declared = new Set((d.params ?? []).map((p) => p.name));
    for (const name of placeholders(d.command)) {
      if (!declared.has(name)) add(['diagnostics', i, 'command'], `command uses {{${name}}} but declares no parameter "${name}"`);
    }
    const used = new Set(placeholders(d.command));
    (d.params ?? []).forEach((p, j) => {
      if (!used.has(p.name)) add(['diagnostics', i, 'params', j, 'name'], `parameter "${p.name}" is not used in the command`);
    });
    if (d.backup !== undefined) {
      const backup = diagnostics.get(d.backup);
      if (!backup) add(['diagnostics', i, 'backup'], `backup "${d.backup}" is not a diagnostic of this entry`);
      else if (backup.mutating) add(['diagnostics', i, 'backup'], `backup "${d.backup}" is itself mutating`);
    }
  });

  entry.remedy.steps.forEach((s, i) => {
    if (s.diagnostic && !diagnostics.has(s.diagnostic)) add(['remedy', 'steps', i, 'diagnostic'], `remedy step refers to unknown diagnostic "${s.diagnostic}"`);
  });

  checkRunbook(entry, diagnostics, signals, add);
  return issues;
}

function checkSignal(s: Signal, at: Path, diagnostics: Map<string, unknown>, add: (p: Path, m: string) => void): void {
  let regex: RegExp | undefined;
  if (s.pattern !== undefined) {
    try {
      regex = compileSignalPattern(s);
    } catch (e) {
      add([...at, 'pattern'], `pattern does not compile: ${(e as Error).message}`);
    }
    if (regex && isCatastrophic(s.pattern)) {
      add([...at, 'pattern'], 'pattern may backtrack catastrophically (nested quantifiers); rewrite it');
      // Its examples are not run: one of them could hang the check (and the editor that runs it live).
      regex = undefined;
    }
  }
  let matchesRe: RegExp | undefined;
  if (s.config?.matches !== undefined) {
    try {
      matchesRe = new RegExp(s.config.matches, s.flags ?? '');
    } catch (e) {
      add([...at, 'config', 'matches'], `config.matches does not compile: ${(e as Error).message}`);
    }
    if (isCatastrophic(s.config.matches)) {
      add([...at, 'config', 'matches'], 'config.matches may backtrack catastrophically; rewrite it');
      matchesRe = undefined;
    }
  }
  if (s.threshold && regex && !new RegExp(`\\(\\?<${s.threshold.capture}>`).test(s.pattern ?? '')) {
    add([...at, 'threshold', 'capture'], `threshold capture "${s.threshold.capture}" is not a named group of the pattern`);
  }
  (s.diagnostics ?? []).forEach((d, j) => {
    if (!diagnostics.has(d)) add([...at, 'diagnostics', j], `signal refers to unknown diagnostic "${d}"`);
  });
  if (s.next !== undefined && !diagnostics.has(s.next)) add([...at, 'next'], `signal's next diagnostic "${s.next}" does not exist`);
  // Examples are tests written next to the pattern: a pattern that drifts from them is caught here.
  if (regex && s.kind !== 'config') {
    (s.examples?.match ?? []).forEach((line, j) => {
      if (!matchLine(s, regex!, line)) add([...at, 'examples', 'match', j], 'example that should match does not');
    });
    (s.examples?.nomatch ?? []).forEach((line, j) => {
      if (matchLine(s, regex!, line)) add([...at, 'examples', 'nomatch', j], 'example that should not match does');
    });
  }
  if (s.kind === 'config' && matchesRe) {
    const re = matchesRe;
    const valueOf = (line: string) => line.replace(/^[^=]*=\s*/, '').trim();
    (s.examples?.match ?? []).forEach((line, j) => {
      if (!re.test(valueOf(line))) add([...at, 'examples', 'match', j], 'example that should match does not');
    });
    (s.examples?.nomatch ?? []).forEach((line, j) => {
      if (re.test(valueOf(line))) add([...at, 'examples', 'nomatch', j], 'example that should not match does');
    });
  }
}

/** Names a capture can have: the pattern's named groups, or "value" for config signals. */
function capturesOf(s: Signal): Set<string> {
  if (s.kind === 'config') return new Set(['value']);
  return new Set([...(s.pattern ?? '').matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]));
}

function checkEscalation(s: Signal, at: Path, signals: Map<string, Signal>, add: (p: Path, m: string) => void): void {
  if (s.window && !capturesOf(s).has(s.window.group)) add([...at, 'window', 'group'], `window group "${s.window.group}" is not a named group of the pattern`);
  if (s.window && s.kind !== 'log') add([...at, 'window'], 'windows need timestamps: only log signals can have one');
  (s.escalate ?? []).forEach((r, j) => {
    const other = signals.get(r.with);
    if (!other) return add([...at, 'escalate', j, 'with'], `escalates with unknown signal "${r.with}"`);
    if (other.id === s.id) add([...at, 'escalate', j, 'with'], 'a signal cannot be evidence for itself');
    if (r.join && !capturesOf(s).has(r.join.capture)) add([...at, 'escalate', j, 'join', 'capture'], `join capture "${r.join.capture}" is not a capture of this signal`);
    if (r.join && !capturesOf(other).has(r.join.with)) add([...at, 'escalate', j, 'join', 'with'], `join capture "${r.join.with}" is not a capture of "${r.with}"`);
  });
}

function checkRunbook(entry: Entry, diagnostics: Map<string, unknown>, signals: Map<string, unknown>, add: (p: Path, m: string) => void): void {
  const steps = new Map(entry.runbook.steps.map((s) => [s.id, s]));
  if (!steps.has(entry.runbook.start)) add(['runbook', 'start'], `runbook starts at unknown step "${entry.runbook.start}"`);
  entry.runbook.steps.forEach((step, i) => {
    const at: Path = ['runbook', 'steps', i];
    if (step.check.diagnostic !== undefined && !diagnostics.has(step.check.diagnostic)) add([...at, 'check', 'diagnostic'], `step runs unknown diagnostic "${step.check.diagnostic}"`);
    (step.signals ?? []).forEach((sig, j) => {
      if (!signals.has(sig)) add([...at, 'signals', j], `step refers to unknown signal "${sig}"`);
    });
    for (const [outcome, target] of Object.entries(step.next) as [Outcome, string][]) {
      if (!CONCLUSIONS.has(target) && !steps.has(target)) add([...at, 'next', outcome], `"${outcome}" leads to unknown step "${target}"`);
    }
  });
  if (!steps.has(entry.runbook.start)) return;

  // Every step must be reachable from the start...
  const reached = new Set<string>();
  const queue = [entry.runbook.start];
  while (queue.length) {
    const id = queue.pop()!;
    if (reached.has(id) || !steps.has(id)) continue;
    reached.add(id);
    queue.push(...Object.values(steps.get(id)!.next).filter((t) => !CONCLUSIONS.has(t)));
  }
  entry.runbook.steps.forEach((s, i) => {
    if (!reached.has(s.id)) add(['runbook', 'steps', i, 'id'], `step "${s.id}" cannot be reached from "${entry.runbook.start}"`);
  });
  // ...and every step must have a way to a conclusion (a cycle is fine only with an exit).
  const concludes = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of entry.runbook.steps) {
      if (concludes.has(s.id)) continue;
      if (Object.values(s.next).some((t) => CONCLUSIONS.has(t) || concludes.has(t))) {
        concludes.add(s.id);
        grew = true;
      }
    }
  }
  entry.runbook.steps.forEach((s, i) => {
    if (!concludes.has(s.id)) add(['runbook', 'steps', i, 'next'], `step "${s.id}" never reaches a conclusion (dead end or closed cycle)`);
  });
}

function duplicates(ids: string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  ids.forEach((id, i) => (seen.has(id) ? out.push(i) : seen.add(id)));
  return out;
}
