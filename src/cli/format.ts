import type { KnowledgeBase } from '../core/knowledge/knowledgeBase';
import type { Lang } from '../core/kb/types';
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
 * (CONNECTION_FAILURES) makes the exit code 1; what the command itself returned does not.
 */
export async function printResults({ out, outJson }: CliContext, kb: KnowledgeBase, results: RunResult[], findingsFor: (i: number) => Finding[], json?: boolean): Promise<void> {
  const { CONNECTION_FAILURES } = await import('../core/ssh/types');
  if (json) outJson({ results: results.map((r, i) => resultJson(kb, r, findingsFor(i))) });
  else {
    results.forEach((r, i) => {
      const status = r.error ? `${r.error.kind}` : `exit ${r.exitCode}`;
      out(`== ${r.host}: ${r.command}  (${status}, ${r.durationMs} ms)\n`);
      if (r.stdout) out(r.stdout.endsWith('\n') ? r.stdout : r.stdout + '\n');
      if (r.stderr) out(r.stderr.split('\n').filter(Boolean).map((l) => `[stderr] ${l}`).join('\n') + '\n');
      if (r.error) out(`[${r.error.kind}] ${r.error.message}\n`);
      for (const f of findingsFor(i)) out(`[${f.severity}] ${f.entry}/${f.signal} line ${f.line}: ${messageOf(kb, f)}\n`);
    });
  }
  if (results.some((r) => r.error && CONNECTION_FAILURES.has(r.error.kind))) process.exitCode = 1;
}
