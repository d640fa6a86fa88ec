import type { Detectors } from '../detect/compile';
import type { Finding } from '../signals/finding';
import { scanText } from '../detect/session';
import { hostsForRoles } from '../hosts/resolveHosts';
import type { Host } from '../hosts/types';
import { ParamError, renderCommand } from '../kb/commandTemplate';
import { MANUAL_ROLES, type Diagnostic, type Effect, type Entry } from '../kb/types';
import type { Job } from '../ssh/sshRunner';
import type { RunResult } from '../ssh/types';
import { commandOf, FACTS_PROBE, parseFacts, type HostFacts } from './facts';

export interface PlannedRun extends Job {
  entry: string;
  diagnostic: Diagnostic;
}

export interface Plan {
  runs: PlannedRun[];
  /** Diagnostics not run, and why (shown only, needs a parameter, writes or changes something). */
  skipped: { diagnostic: string; reason: string }[];
  /** Runs that write new files or change the system: they need a confirmation showing each command. */
  consent: PlannedRun[];
}

/** Why a diagnostic that does more than read is not run unless named. */
const NOT_BY_DEFAULT: Record<Exclude<Effect, 'read'>, string> = {
  'write-new': 'writes new files on the host: run it by name, with confirmation',
  change: 'changes the system: run it by name, with confirmation',
};

/** Only switch/instance roles: there is no shell of ours to run it in; it is shown instead. */
export const isManual = (d: Diagnostic) => d.roles.every((r) => MANUAL_ROLES.includes(r));

/**
 * Which commands run where: the named diagnostic (or every one of the entry that only reads
 * and can be filled in), rendered with validated, quoted parameters, on the hosts whose roles fit.
 * A named diagnostic that cannot run is an error; an unnamed one is skipped with the reason.
 */
export function planRuns(entry: Entry, diagnosticId: string | undefined, hosts: Host[], params: Record<string, string>, facts?: ReadonlyMap<string, HostFacts>): Plan {
  const plan: Plan = { runs: [], skipped: [], consent: [] };
  const chosen = diagnosticId ? entry.diagnostics.filter((d) => d.id === diagnosticId) : entry.diagnostics;
  if (diagnosticId && !chosen.length) throw new ParamError('diagnostic', `entry "${entry.id}" has no diagnostic "${diagnosticId}"`);
  for (const d of chosen) {
    if (isManual(d)) {
      if (diagnosticId) throw new ParamError('diagnostic', `"${d.id}" runs on a ${d.roles.join('/')}: Stacktales shows it and does not run it`);
      plan.skipped.push({ diagnostic: d.id, reason: `shown, not run (${d.roles.join('/')})` });
      continue;
    }
    if (d.effect !== 'read' && !diagnosticId) {
      plan.skipped.push({ diagnostic: d.id, reason: NOT_BY_DEFAULT[d.effect] });
      continue;
    }
    const values = Object.fromEntries(Object.entries(params).filter(([k]) => (d.params ?? []).some((p) => p.name === k)));
    let runs: PlannedRun[];
    try {
      // Per host: the variant its deployment needs (by the facts a probe read there), filled in.
      runs = hostsForRoles(hosts, d.roles).map((host) => {
        const { command, root } = commandOf(d, facts?.get(host.name));
        return { entry: entry.id, diagnostic: d, host, command: renderCommand({ command, params: d.params }, values), root };
      });
    } catch (e) {
      if (diagnosticId) throw e;
      plan.skipped.push({ diagnostic: d.id, reason: (e as Error).message });
      continue;
    }
    for (const run of runs) {
      plan.runs.push(run);
      if (d.effect !== 'read') plan.consent.push(run);
    }
  }
  return plan;
}

/**
 * A parameter no entry knows is a typo, not something to ignore: the error lists the
 * parameters of `entries` (the one entry run, or all that triage walks). A name another entry
 * of the KB knows is accepted, so one set of --param serves several runbooks.
 */
export function checkParamNames(kb: readonly Entry[], entries: readonly Entry[], params: Record<string, string>): void {
  const names = (es: readonly Entry[]) => [...new Set(es.flatMap((e) => e.diagnostics.flatMap((d) => (d.params ?? []).map((p) => p.name))))].sort();
  const known = names(kb);
  const unknown = Object.keys(params).filter((k) => !known.includes(k));
  if (unknown.length) {
    const of = entries.length === 1 ? `entry "${entries[0].id}"` : 'these entries';
    throw new ParamError(unknown[0], `unknown parameter ${unknown.map((k) => `"${k}"`).join(', ')}; the parameters of ${of}: ${names(entries).join(', ') || 'none'}`);
  }
}

/** A run's output read by the detector engine as that diagnostic's output. */
export function findingsOf(d: Detectors, r: RunResult, diagnostic?: string): Finding[] {
  if (!r.stdout) return [];
  return scanText(d, r.stdout, { file: `${r.host}:${diagnostic ?? 'exec'}`, diagnostic });
}

/**
 * The facts of each host, read by one read-only probe per host (run as the host's user; a host
 * where it cannot run has none, and gets each diagnostic's own command).
 */
export async function probeFacts(hosts: readonly Host[], execute: (runs: { host: Host; command: string }[]) => Promise<RunResult[]>): Promise<Map<string, HostFacts>> {
  const results = await execute(hosts.map((host) => ({ host, command: FACTS_PROBE })));
  return new Map(results.filter((r) => !r.error && r.exitCode === 0).map((r) => [r.host, parseFacts(r.stdout)]));
}
