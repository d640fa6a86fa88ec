import type { Severity, Text } from '../kb/types';

/** A signal matched at a place: the unit every scanner produces. Lines and columns are 1-based. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  endColumn: number;
  entry: string;
  signal: string;
  severity: Severity;
  /** One line, English: the signal's explanation (and what raised its severity). */
  message: string;
  /** The diagnostic to run next, if the signal names one. */
  next?: string;
  /** Named groups of the pattern (config signals: "value"); used for joins, never shown raw. */
  captures: Record<string, string>;
  /** Evidence-only findings feed escalation and are dropped unless escalated. */
  evidence?: boolean;
  /** Why the severity was raised, per escalation rule that fired. */
  because?: Text[];
}

export const SEVERITY_ORDER: Record<Severity, number> = { info: 1, warning: 2, error: 3 };
