// Option parsers and the options several subcommands share.
import { CommanderError, InvalidArgumentError, Option } from 'commander';
import type { KnowledgeBase } from '../core/knowledge/knowledgeBase';
import type { WalkContext } from '../core/runbook/engine';
import type { Host } from '../core/hosts/types';
import type { Diagnostic, Entry } from '../core/kb/types';
import type { HostFacts } from '../core/run/facts';
import type { SshRunner } from '../core/ssh/sshRunner';

export const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};

/** For repeatable options: each use adds its value. */
export const collect = (v: string, prev: string[]) => [...prev, v];

export const kbOption = () => new Option('--kb <dir>', 'a folder of extra entries (repeatable)').default([]).argParser(collect);
export const paramOption = () => new Option('--param <k=v>', 'a diagnostic parameter (repeatable)').default([]).argParser(collect);

/** --param and --answer values (name=value) as a record; anything else is bad usage. */
export function parsePairs(pairs: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const m = /^([A-Za-z0-9_-]+)=([\s\S]*)$/.exec(p);
    if (!m) throw new CommanderError(2, 'stacktales.badParam', `${what} wants name=value, got "${p}"`);
    out[m[1]] = m[2];
  }
  return out;
}

/**
 * --param and --answer for the entries a command works on (`scope`): a name no entry of the KB
 * knows is a typo, bad usage that lists the names `scope` knows, said before any host is reached.
 */
export async function namedValues(kb: KnowledgeBase, scope: readonly Entry[], o: { param: string[]; answer?: string[] }): Promise<{ params: Record<string, string>; answers: Record<string, string> }> {
  const { checkParamNames } = await import('../core/run/plan');
  const { checkAnswerNames } = await import('../core/runbook/engine');
  const params = parsePairs(o.param, '--param');
  const answers = parsePairs(o.answer ?? [], '--answer');
  const all = kb.entries.map((e) => e.entry);
  try {
    checkParamNames(all, scope, params);
    checkAnswerNames(all, scope, answers);
  } catch (e) {
    throw new CommanderError(2, 'stacktales.badParam', (e as Error).message);
  }
  return { params, answers };
}

/** What runbook and triage give the runbook engine: the KB's detectors, the hosts and their facts, the checked --param and --answer, and the runner. */
export async function walkContextOf(kb: KnowledgeBase, scope: readonly Entry[], hosts: Host[], values: { params: Record<string, string>; answers: Record<string, string> }, runner: SshRunner): Promise<WalkContext> {
  const { compileDetectors } = await import('../core/detect/compile');
  return { detectors: compileDetectors(kb.entries), hosts, ...values, facts: await factsOf(scope.flatMap((e) => e.diagnostics), hosts, runner), execute: (runs) => runner.runAll(runs) };
}

/** The hosts' facts, probed only when a diagnostic in play runs differently by deployment. */
export async function factsOf(diagnostics: readonly Diagnostic[], hosts: Host[], runner: SshRunner): Promise<Map<string, HostFacts> | undefined> {
  const { needsFacts } = await import('../core/run/facts');
  if (!needsFacts(diagnostics)) return undefined;
  const { probeFacts } = await import('../core/run/plan');
  return probeFacts(hosts, (runs) => runner.runAll(runs));
}
