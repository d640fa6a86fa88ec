/** The data model of one KB entry, as checked by kb/schema/entry.schema.json. */

export const LANGS = ['en', 'de'] as const;
export type Lang = (typeof LANGS)[number];

/** Text in every language the KB speaks. */
export type Text = Record<Lang, string>;

export type Severity = 'error' | 'warning' | 'info';
export type SignalKind = 'log' | 'config' | 'output';
export type Role = 'controller' | 'compute' | 'network' | 'switch' | 'instance';
/** Roles whose commands Stacktales shows but never runs: there is no shell to run them in. */
export const MANUAL_ROLES: readonly Role[] = ['switch', 'instance'];

export interface ConfigPredicate {
  section: string;
  key: string;
  deprecated?: { section: string; key: string; until?: string }[];
  matches?: string;
  default?: string;
}

export interface Threshold {
  capture: string;
  unit?: 'number' | 'bytes';
  above?: number;
  below?: number;
}

export interface Signal {
  id: string;
  kind: SignalKind;
  files?: string[];
  diagnostics?: string[];
  pattern?: string;
  flags?: string;
  threshold?: Threshold;
  config?: ConfigPredicate;
  severity: Severity;
  explain: Text;
  next?: string;
  examples?: { match?: string[]; nomatch?: string[] };
  /** Log signals: a finding only for `count` matches of one captured group within `seconds`. */
  window?: { group: string; count: number; seconds: number };
  /** Only evidence for other signals: never a finding unless escalated. */
  evidence?: boolean;
  /** Severity is confidence: rises when the same scan also found `with` (joined on captures). */
  escalate?: { with: string; severity: Severity; join?: { capture: string; with: string }; because?: Text }[];
}

export type ParamType = 'hostname' | 'interface' | 'uuid' | 'path' | 'integer' | 'mac' | 'ipv4' | 'word';

export interface Param {
  name: string;
  type: ParamType;
  default?: string | number;
  description?: Text;
}

export interface Diagnostic {
  id: string;
  title: Text;
  command: string;
  params?: Param[];
  roles: Role[];
  root: boolean;
  mutating: boolean;
  backup?: string;
  look?: Text;
  /** Recognises this command's output by content (a regex over its first lines). */
  recognize?: string;
}

export type Outcome = 'confirmed' | 'ruled-out' | 'inconclusive' | 'error';
/** A step id, or a conclusion written as "@confirmed" | "@ruled-out" | "@inconclusive". */
export type Target = string;

export interface RunbookStep {
  id: string;
  title: Text;
  check: { diagnostic: string; ask?: undefined } | { ask: Text; diagnostic?: undefined };
  signals?: string[];
  expect: Text;
  meaning: Text;
  next: Partial<Record<Outcome, Target>> & { confirmed: Target; 'ruled-out': Target };
}

export interface Entry {
  id: string;
  title: Text;
  summary: Text;
  tags?: string[];
  tale: { title: Text; source: string; when: string };
  symptoms: Record<Lang, string[]>;
  releases?: ({ releases: string } & Text)[];
  signals: Signal[];
  diagnostics: Diagnostic[];
  runbook: { start: string; steps: RunbookStep[] };
  remedy: { summary: Text; steps: { title: Text; diagnostic?: string; note?: Text }[] };
  prevention: Text[];
  references: { kind: 'tale' | 'bug' | 'mailing-list' | 'docs' | 'source'; title: string; url?: string }[];
}

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
