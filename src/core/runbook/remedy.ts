import { hostsForRoles } from '../hosts/resolveHosts';
import type { Host } from '../hosts/types';
import { displayCommand, validateParam } from '../kb/commandTemplate';
import type { Diagnostic, Effect, Entry, Lang } from '../kb/types';
import { isManual } from '../run/plan';
import type { Walk } from './engine';

/** A diagnostic's command filled in with what is known, and what it still needs. */
export interface FilledCommand {
  diagnostic: Diagnostic;
  /** The command with every value known filled in (shell-quoted); a value still needed shows as <name>. */
  command: string;
  /** Values used, by parameter: given with --param, or read by the walk's signals (a MAC in a switch log). */
  values: Record<string, string>;
  /** Parameters that still need a value. */
  missing: string[];
  /** What running it does; "manual": done by hand (a command for a switch or an instance). */
  effect: Effect | 'manual';
  /** The hosts of its roles it would run on. */
  hosts: string[];
}

/** One step of an entry's remedy, as an operator carries it out after a walk. */
export interface RemedyStep {
  title: string;
  note?: string;
  /** What running it does; "manual": done by hand (no command, or one for a switch or an instance). */
  effect: Effect | 'manual';
  /** Its command, when it has one. */
  run?: FilledCommand;
  /** What backs up first: the remedy's own step of that number, or else a command of its own. */
  backup?: { step?: number; run: FilledCommand };
}

/**
 * The remedy of an entry, filled in from a walk: each step's effect, its backup, and the
 * command with the parameters the operator gave or the walk's findings captured (a signal's
 * named group that shares a parameter's name, and is a valid value of its type).
 */
export function planRemedy(entry: Entry, walk: Walk, hosts: Host[], params: Record<string, string>, lang: Lang = 'en'): RemedyStep[] {
  const captured: Record<string, string> = {};
  for (const f of walk.steps.flatMap((s) => s.findings)) for (const [k, v] of Object.entries(f.captures ?? {})) captured[k] ??= v;
  const fill = (d: Diagnostic): FilledCommand => {
    const values: Record<string, string> = {};
    const missing: string[] = [];
    for (const p of d.params ?? []) {
      const value = [params[p.name], captured[p.name]].find((v) => v !== undefined && valid(p, v));
      if (value !== undefined) values[p.name] = value;
      else if (p.default === undefined) missing.push(p.name);
    }
    const manual = isManual(d);
    return { diagnostic: d, command: displayCommand(d, values), values, missing, effect: manual ? 'manual' : d.effect, hosts: manual ? [] : hostsForRoles(hosts, d.roles).map((h) => h.name) };
  };
  return entry.remedy.steps.map((r): RemedyStep => {
    const text = { title: r.title[lang], note: r.note?.[lang] };
    const d = r.diagnostic ? entry.diagnostics.find((x) => x.id === r.diagnostic) : undefined;
    if (!d) return { ...text, effect: 'manual' };
    const run = fill(d);
    const backup = d.backup ? entry.diagnostics.find((x) => x.id === d.backup) : undefined;
    const n = backup ? entry.remedy.steps.findIndex((x) => x.diagnostic === backup.id) : -1;
    return { ...text, effect: run.effect, run, backup: backup && { step: n >= 0 ? n + 1 : undefined, run: fill(backup) } };
  });
}

function valid(p: NonNullable<Diagnostic['params']>[number], value: string): boolean {
  try {
    validateParam(p, value);
    return true;
  } catch {
    return false;
  }
}
