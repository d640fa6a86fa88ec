/**
 * The data model of one KB entry. The entry's own types are generated from
 * kb/schema/entry.schema.json (entry.generated.ts); this module names them for the code
 * and adds what is not in entry.yaml (languages, loaded entries, problems).
 */

export const LANGS = ['en', 'de'] as const;
export type Lang = (typeof LANGS)[number];

import type { ConfigSignal, Deployment, Diagnostic, Entry, Fits, LogSignal, OutputSignal, Param, Severity, Signal, Step, Text } from './entry.generated';

export type { ConfigSignal, Deployment, Diagnostic, Entry, Fits, LogSignal, OutputSignal, Param, Severity, Signal, Text };
export type RunbookStep = Step;
export type SignalKind = Signal['kind'];
export type Role = Diagnostic['roles'][number];
export type ParamType = Param['type'];
/** What running a diagnostic does to its host: read, write new files only, or change the system. */
export type Effect = Diagnostic['effect'];
export type ConfigPredicate = ConfigSignal['config'];
export type Threshold = NonNullable<LogSignal['threshold']>;
/** Roles whose commands Stacktales shows but never runs: there is no shell to run them in. */
export const MANUAL_ROLES: readonly Role[] = ['switch', 'instance'];

export type Outcome = 'confirmed' | 'ruled-out' | 'inconclusive' | 'error';
/** A step id, or a conclusion written as "@confirmed" | "@ruled-out" | "@inconclusive". */
export type Target = string;

/** An entry with its prose and where it came from. */
export interface LoadedEntry {
  entry: Entry;
  prose: Text;
  /** Folder the entry was read from; "builtin" entries ship with the extension. */
  dir: string;
  origin: 'builtin' | 'user';
}

/** A problem found in a KB folder; line is 1-based, 0 when the whole file is meant. */
export interface KbProblem {
  file: string;
  line: number;
  message: string;
}

export function formatProblem(p: KbProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}
