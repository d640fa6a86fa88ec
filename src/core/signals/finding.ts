import type { Severity, Signal, Text } from '../kb/types';

/** Where in a text a finding is: 1-based line and columns (endColumn exclusive). */
export interface Place {
  file: string;
  line: number;
  column: number;
  endColumn: number;
}

/** Why a finding's severity rose: the other signal the same scan found, in the KB's words if it has them. */
export interface Raise {
  with: string;
  because?: Text;
}

/**
 * A signal matched at a place: the unit every scanner produces. It carries structure and no
 * sentences: the CLI, the reports and the editor word it (signals/wording.ts, the editor's l10n).
 */
export interface Finding extends Place {
  entry: string;
  signal: string;
  severity: Severity;
  /** The diagnostic to run next, if the signal names one. */
  next?: string;
  /** Named groups of the pattern (config signals: "value"); used for joins, never shown raw. */
  captures: Record<string, string>;
  /** Evidence-only findings feed escalation and are dropped unless escalated. */
  evidence?: boolean;
  /** The escalation rules that raised the severity, in the order they fired. */
  raisedBy?: Raise[];
  /** A config signal read an option that is not set: its default applied. */
  defaulted?: { section: string; key: string; value: string };
}

/** Severities from the weakest; severity is confidence. */
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s) + 1;

/** The one constructor: a finding of `signal` (of `entry`) at a place. */
export function makeFinding(entry: string, signal: Signal, at: Place, captures: Record<string, string>, defaulted?: Finding['defaulted']): Finding {
  return {
    ...at,
    entry,
    signal: signal.id,
    severity: signal.severity,
    ...(signal.next !== undefined ? { next: signal.next } : {}),
    captures,
    ...(signal.evidence ? { evidence: true } : {}),
    ...(defaulted ? { defaulted } : {}),
  };
}

export function sortFindings<F extends Finding>(fs: F[]): F[] {
  return fs.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.signal.localeCompare(b.signal));
}
