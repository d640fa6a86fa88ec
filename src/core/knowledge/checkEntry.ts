import { vetPattern } from '../kb/regexRisk';
import { kindOf } from '../signals/kinds';
import { DEFAULT_COMMAND_TIMEOUT_S, innerTimeouts, placeholders, quotedPlaceholders, writesOf } from '../kb/commandTemplate';
import type { Entry, Outcome, Signal } from '../kb/types';
import type { Path } from '../kb/yamlLocator';

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
        const problem = vetPattern(d.recognize, 'm').problem;
        if (problem) add(['diagnostics', i, 'recognize'], `recognize ${problem}`);
      } catch (e) {
        add(['diagnostics', i, 'recognize'], `recognize does not compile: ${(e as Error).message}`);
      }
    }
    // The command and each deployment's variant of it: the same rules for every one.
    const commands: { text: string; at: (string | number)[] }[] = [{ text: d.command, at: ['diagnostics', i, 'command'] }, ...(d.variants ?? []).map((v, j) => ({ text: v.command, at: ['diagnostics', i, 'variants', j, 'command'] }))];
    const declared = new Set((d.params ?? []).map((p) => p.name));
    for (const { text, at } of commands) {
      for (const name of new Set(quotedPlaceholders(text))) add(at, `{{${name}}} stands inside quotes: its value is quoted where it stands, so write it outside quotes`);
      for (const t of innerTimeouts(text)) {
        if (t >= DEFAULT_COMMAND_TIMEOUT_S - 5) add(at, `its own timeout (${t} s) ends too close to or after the runner's ${DEFAULT_COMMAND_TIMEOUT_S} s: the runner would kill it first and its output would be lost; keep it under ${DEFAULT_COMMAND_TIMEOUT_S - 5} s`);
      }
      const writes = d.effect === 'read' ? writesOf(text) : undefined;
      if (writes) add(['diagnostics', i, 'effect'], `marked effect: read, but the command writes (${writes}): mark it write-new (only new files) or change`);
      for (const name of placeholders(text)) {
        if (!declared.has(name)) add(at, `command uses {{${name}}} but declares no parameter "${name}"`);
      }
    }
    const used = new Set(commands.flatMap((c) => placeholders(c.text)));
    (d.params ?? []).forEach((p, j) => {
      if (!used.has(p.name)) add(['diagnostics', i, 'params', j, 'name'], `parameter "${p.name}" is not used in the command`);
    });
    if (d.backup !== undefined) {
      const backup = diagnostics.get(d.backup);
      if (!backup) add(['diagnostics', i, 'backup'], `backup "${d.backup}" is not a diagnostic of this entry`);
      else if (backup.effect === 'change') add(['diagnostics', i, 'backup'], `backup "${d.backup}" itself changes the system`);
    }
  });

  entry.remedy.steps.forEach((s, i) => {
    if (s.diagnostic && !diagnostics.has(s.diagnostic)) add(['remedy', 'steps', i, 'diagnostic'], `remedy step refers to unknown diagnostic "${s.diagnostic}"`);
  });

  checkRunbook(entry, diagnostics, signals, add);
  return issues;
}

/** What every signal refers to in its entry; the rest of its check belongs to its kind. */
function checkSignal(s: Signal, at: Path, diagnostics: Map<string, unknown>, add: (p: Path, m: string) => void): void {
  for (const issue of kindOf(s).check(s as never)) add([...at, ...issue.path], issue.message);
  ('diagnostics' in s ? s.diagnostics ?? [] : []).forEach((d, j) => {
    if (!diagnostics.has(d)) add([...at, 'diagnostics', j], `signal refers to unknown diagnostic "${d}"`);
  });
  if (s.next !== undefined && !diagnostics.has(s.next)) add([...at, 'next'], `signal's next diagnostic "${s.next}" does not exist`);
}

function checkEscalation(s: Signal, at: Path, signals: Map<string, Signal>, add: (p: Path, m: string) => void): void {
  const captures = (x: Signal) => kindOf(x).captures(x as never);
  (s.escalate ?? []).forEach((r, j) => {
    const other = signals.get(r.with);
    if (!other) return add([...at, 'escalate', j, 'with'], `escalates with unknown signal "${r.with}"`);
    if (other.id === s.id) add([...at, 'escalate', j, 'with'], 'a signal cannot be evidence for itself');
    if (r.join && !captures(s).has(r.join.capture)) add([...at, 'escalate', j, 'join', 'capture'], `join capture "${r.join.capture}" is not a capture of this signal`);
    if (r.join && !captures(other).has(r.join.with)) add([...at, 'escalate', j, 'join', 'with'], `join capture "${r.join.with}" is not a capture of "${r.with}"`);
  });
}

function checkRunbook(entry: Entry, diagnostics: Map<string, unknown>, signals: Map<string, unknown>, add: (p: Path, m: string) => void): void {
  const steps = new Map(entry.runbook.steps.map((s) => [s.id, s]));
  if (!steps.has(entry.runbook.start)) add(['runbook', 'start'], `runbook starts at unknown step "${entry.runbook.start}"`);
  entry.runbook.steps.forEach((step, i) => {
    const at: Path = ['runbook', 'steps', i];
    if ('diagnostic' in step.check && !diagnostics.has(step.check.diagnostic)) add([...at, 'check', 'diagnostic'], `step runs unknown diagnostic "${step.check.diagnostic}"`);
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
