import { quote } from 'shell-quote';
import type { KnowledgeBase } from '../core/knowledge/knowledgeBase';
import type { Entry, Lang } from '../core/kb/types';
import type { FilledCommand, RemedyStep } from '../core/runbook/remedy';
import type { Finding } from '../core/signals/finding';
import type { RunResult } from '../core/ssh/types';
import { wordFinding } from '../core/signals/wording';
import type { CliContext } from './context';

/** A finding's sentence, in the CLI's language (English unless --lang says otherwise). */
export function messageOf(kb: KnowledgeBase, f: Finding, lang: Lang = 'en'): string {
  const signal = kb.get(f.entry)?.entry.signals.find((s) => s.id === f.signal);
  return wordFinding(f, signal, lang);
}

/** A finding as the --json contracts print it: {file, line, entry, signal, severity, message}. */
export function findingJson(kb: KnowledgeBase, f: Finding): { file: string; line: number; entry: string; signal: string; severity: string; message: string } {
  return { file: f.file, line: f.line, entry: f.entry, signal: f.signal, severity: f.severity, message: messageOf(kb, f) };
}

/** A scan's finding as text, compiler style (editors jump to it): file:line:column: severity: message [entry/signal]. */
export function findingLine(kb: KnowledgeBase, f: Finding): string {
  return `${f.file}:${f.line}:${f.column}: ${f.severity}: ${messageOf(kb, f)} [${f.entry}/${f.signal}]`;
}

/** A command's result as run and exec print it with --json, with the findings in its output. */
function resultJson(kb: KnowledgeBase, r: RunResult, findings: Finding[]) {
  return {
    host: r.host,
    command: r.command,
    exitCode: r.exitCode,
    stdout: r.stdout,
    stderr: r.stderr,
    durationMs: r.durationMs,
    error: r.error,
    findings: findings.map((f) => findingJson(kb, f)),
  };
}

/**
 * Prints the results of run and exec: {"results": [...]} with json, else each command's output
 * under a header and its findings after it. A command that did not run or finish on its host
 * (CONNECTION_FAILURES, no such command, sudo wanting a password) makes the exit code 1; what
 * the command itself returned does not.
 */
export async function printResults({ out, outJson }: CliContext, kb: KnowledgeBase, results: RunResult[], findingsFor: (i: number) => Finding[], json?: boolean): Promise<void> {
  const { CONNECTION_FAILURES } = await import('../core/ssh/types');
  if (json) outJson({ results: results.map((r, i) => resultJson(kb, r, findingsFor(i))) });
  else {
    results.forEach((r, i) => {
      const status = [r.exitCode === null ? '' : `exit ${r.exitCode}`, r.error?.kind ?? ''].filter(Boolean).join(', ');
      out(`== ${r.host}: ${r.command}  (${status}, ${r.durationMs} ms)\n`);
      if (r.stdout) out(r.stdout.endsWith('\n') ? r.stdout : r.stdout + '\n');
      if (r.stderr) out(r.stderr.split('\n').filter(Boolean).map((l) => `[stderr] ${l}`).join('\n') + '\n');
      // Said once: an error that only repeats the command's own complaint is not printed again.
      if (r.error && !r.stderr.includes(r.error.message)) out(`[${r.error.kind}] ${r.error.message}\n`);
      for (const f of findingsFor(i)) out(`[${f.severity}] ${f.entry}/${f.signal} line ${f.line}: ${messageOf(kb, f)}\n`);
    });
  }
  if (results.some((r) => r.error && (CONNECTION_FAILURES.has(r.error.kind) || r.error.kind === 'command-not-found' || r.error.kind === 'sudo-password'))) process.exitCode = 1;
}

/** How a remedy step or diagnostic is marked: what running it does. */
export const EFFECT_MARK = { read: 'read-only', 'write-new': 'writes new files', change: 'changes the system', manual: 'by hand' } as const;

/**
 * The remedy as text: each step marked by what it does and its backup first, its command
 * filled in; with the host options of a walk (hostFlags), where it runs and the stacktales
 * command that runs it there.
 */
export function remedyText(e: Entry, steps: RemedyStep[], lang: Lang, hostFlags?: string[]): string {
  const lines = [`remedy: ${e.remedy.summary[lang]}`];
  steps.forEach((s, i) => {
    const backup = s.backup && `; back up first: ${s.backup.step ? `step ${s.backup.step}` : s.backup.run.diagnostic.title[lang]}`;
    lines.push(`  ${i + 1}. ${s.title}  [${EFFECT_MARK[s.effect]}${backup ?? ''}]`);
    // A backup that is no step of its own is shown before the step it protects.
    if (s.backup && !s.backup.step) lines.push(...commandLines(e, s.backup.run, hostFlags).map((l, j) => `       ${j ? '' : 'first, '}${l}`));
    if (s.run) lines.push(...commandLines(e, s.run, hostFlags).map((l) => `       ${l}`));
    if (s.note) lines.push(`       note: ${s.note}`);
  });
  return lines.join('\n') + '\n';
}

/** Where a command runs, filled in; with host options, the stacktales command that runs it there; what it still needs. */
function commandLines(e: Entry, c: FilledCommand, hostFlags?: string[]): string[] {
  const d = c.diagnostic;
  const needs = c.missing.length ? [`needs: ${c.missing.map((k) => `--param ${k}=…`).join(' ')}${hostFlags ? ' (no value was given or read on the way)' : ''}`] : [];
  if (c.effect === 'manual') return [`on the ${d.roles.join('/')}, by hand: ${c.command}`, ...needs];
  const where = hostFlags && c.hosts.length ? c.hosts.join(', ') : `hosts with the role ${d.roles.join(' or ')}`;
  if (!hostFlags) return [`on ${where}${d.root ? ' (as root)' : ''}: ${c.command}`, ...needs];
  const params = [...Object.entries(c.values).map(([k, v]) => `--param ${quote([`${k}=${v}`])}`), ...c.missing.map((k) => `--param ${k}=<${k}>`)];
  return [
    `on ${where}${d.root ? ' (as root)' : ''}: ${c.command}`,
    `run: ${['stacktales run', `${e.id}/${d.id}`, ...hostFlags.map((a) => quote([a])), ...params].join(' ')}${c.effect === 'read' ? '' : '   (asks before it runs)'}`,
    ...needs,
  ];
}
