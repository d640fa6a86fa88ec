import type { Lang, Signal } from '../kb/types';
import type { Path } from '../kb/yamlLocator';
import type { IniFile } from '../text/ini';
import type { Finding } from './finding';

/** What a scan knows of a text when it chooses the signals that read it. */
export interface TextFacts {
  file: string;
  /** Diagnostics whose output this text is: named by the caller, or recognised by content. */
  diagnostics: ReadonlySet<string>;
  /** The text (or its head, for big ones) parsed as INI. */
  ini: IniFile;
  /** INI by content (enough key = value lines under section headers). */
  isIni: boolean;
  /** INI by content, or named like a file that a config-reading signal reads. */
  isConfig: boolean;
}

/** A signal ready to run: its kind's compiled form plus what every kind has. */
export interface CompiledBase<S extends Signal = Signal> {
  entry: string;
  signal: S;
  /** The signal's file globs match this path. */
  matchesFile: (path: string) => boolean;
  diagnostics: ReadonlySet<string>;
}

/** Per-text state a line kind may keep between lines (time windows). */
export type LineState = Map<string, number[]>;

/**
 * How a remote or big-log scan must send a file for a signal: whole (a parser needs every
 * line), or only lines that a regular expression may match (pushed down as a grep ERE),
 * or lines holding one of some literals.
 */
export type Prefilter = { kind: 'whole' } | { kind: 'regex'; pattern: string; flags: string; threshold?: { capture: string; atLeast: number; decimals: boolean }; literals?: string[] };

/** A problem of one signal that the schema cannot see, at a path below the signal. */
export interface SignalIssue {
  path: Path;
  message: string;
}

interface KindBase<S extends Signal, C extends CompiledBase<S>> {
  readonly name: S['kind'];
  /** Regexes and such, once per KB load. Throws on an invalid pattern (kb check reports it first). */
  compile(base: CompiledBase<S>): C;
  /** Whether the signal reads a text; `byName`: its globs match the text's path. */
  applies(c: C, facts: TextFacts, byName: boolean): boolean;
  /** kb check: the signal's own consistency, its examples run through its own evaluation. */
  check(signal: S): SignalIssue[];
  /** Names a finding of the signal captures (for escalation joins and windows). */
  captures(signal: S): Set<string>;
  /** What a host must send of a file for this signal (remote and big-log scans). */
  prefilter(c: C): Prefilter;
  /** What the signal looks for, in one line (its pattern, the option and its test), for entry pages. */
  describe(signal: S, lang: Lang): string;
  /** Words the symptom search indexes for the signal, beyond its id and explanation. */
  words(signal: S): string;
}

/** A kind that reads a text line by line (logs, command output). */
export interface LineKind<S extends Signal = Signal, C extends LineCompiled<S> = LineCompiled<S>> extends KindBase<S, C> {
  readonly reads: 'lines';
  /** One line (without its line break): a finding, or undefined. */
  match(c: C, line: string, lineNo: number, file: string, state: LineState): Finding | undefined;
}

/** A kind that reads a parsed configuration (INI files, grep -n of one). */
export interface ConfigKind<S extends Signal = Signal, C extends ConfigCompiled<S> = ConfigCompiled<S>> extends KindBase<S, C> {
  readonly reads: 'config';
  evaluate(c: C, config: ConfigText, file: string): Finding[];
}

export interface LineCompiled<S extends Signal = Signal> extends CompiledBase<S> {
  readonly reads: 'lines';
  readonly kind: LineKind<S>;
  regex: RegExp;
  /** At least one of these occurs in every line the regex matches (undefined: no prefilter). */
  literals?: string[];
}

export interface ConfigCompiled<S extends Signal = Signal> extends CompiledBase<S> {
  readonly reads: 'config';
  readonly kind: ConfigKind<S>;
}

/** A compiled signal, told apart by what it reads. */
export type CompiledSignal = LineCompiled | ConfigCompiled;
export type SignalKindModule = LineKind | ConfigKind;

/** A configuration as text shows it: an INI file, or `grep -n`/`-Hn` lines of one or more files. */
export interface ConfigText {
  /** One per file the text shows. */
  files: ConfigFile[];
}

export interface ConfigValue {
  value: string;
  /** 1-based line in the text, 0-based column range of the value. */
  line: number;
  start: number;
  end: number;
}

export interface ConfigFile {
  /** Every line that could set an option is shown: an absent key is not set, and its default applies. */
  complete: boolean;
  /** The value oslo.config would use for [section] key (sections unknown: any section). */
  lookup(section: string, key: string): ConfigValue | undefined;
  /** Where to report an option that is absent: its section's header, or line 1. */
  lineForAbsent(section: string): number;
}
