import type { Finding } from '../signals/finding';
import { sortFindings } from '../signals/finding';
import type { ConfigCompiled, LineCompiled, TextFacts } from '../signals/kind';
import { configTextOf } from '../signals/configText';
import { looksLikeIni, parseIni, type IniFile } from '../text/ini';
import type { Detectors } from './compile';
import { escalate, type EscalateOptions } from './escalation';
import { LineScanner, SIGNAL_BUDGET_MS } from './lineScanner';

export interface TextContext {
  /** Path or URI shown in findings; globs are matched against it. */
  file: string;
  /** The diagnostic that printed this text, when known (SSH runner, output documents). */
  diagnostic?: string;
}

/** The signals that read one text, chosen once from its name and its first lines. */
export interface Selection {
  /** Read as a configuration: INI by content, or named like a file a config-reading signal reads. */
  isConfig: boolean;
  config: ConfigCompiled[];
  lines: LineCompiled[];
}

export interface TextOptions {
  /** Every signal reads this text, whatever its name and content (a pasted fragment). */
  everySignal?: boolean;
}

/** How many leading lines decide what a text is. */
export const HEAD_LINES = 60;
/** A configuration is read whole to be parsed; a bigger text is only a log. */
export const MAX_CONFIG_CHARS = 4 * 1024 * 1024;

export function headOf(text: string): string {
  let pos = 0;
  for (let i = 0; i < HEAD_LINES && pos >= 0; i++) pos = text.indexOf('\n', pos + 1);
  return pos < 0 ? text : text.slice(0, pos);
}

/**
 * Which signals read a text. Content decides, not only the name; each kind says when it
 * applies (signals/kinds), given what the text is: its diagnostics (named, or recognised by
 * their `recognize` patterns in the head) and whether it is a configuration.
 * `sample`: the whole text when it is small, else its head.
 */
export function selectSignals(d: Detectors, ctx: TextContext, sample: string, o: TextOptions = {}, ini: IniFile = parseIni(sample)): Selection {
  const head = headOf(sample);
  const diagnostics = new Set(d.recognizers.filter((r) => r.regex.test(head)).map((r) => r.diagnostic));
  if (ctx.diagnostic) diagnostics.add(ctx.diagnostic);
  const isIni = looksLikeIni(ini);
  const isConfig = !o.everySignal && (isIni || d.signals.some((c) => c.reads === 'config' && c.matchesFile(ctx.file)));
  const facts: TextFacts = { file: ctx.file, diagnostics, ini, isIni, isConfig };
  const config: ConfigCompiled[] = [];
  const lines: LineCompiled[] = [];
  for (const c of d.signals) {
    if (!o.everySignal && !c.kind.applies(c as never, facts, c.matchesFile(ctx.file))) continue;
    if (c.reads === 'config') config.push(c);
    else lines.push(c);
  }
  return { isConfig, config, lines };
}

/**
 * One scan: one or more texts (the files of a folder or of one host, an open document, a
 * command's output, a pasted fragment), escalated together at the end. The one recipe every
 * caller uses: choose the signals of a text once, feed it, end it; end the scan.
 */
export class ScanSession {
  private readonly found: Finding[] = [];
  /** What a scan could not do in full, per text (a signal stopped for its time budget). */
  readonly notes: { file: string; reason: string }[] = [];

  constructor(
    readonly detectors: Detectors,
    private readonly opts: EscalateOptions = {},
  ) {}

  /** A text whose signals are chosen from its name and `sample` (the whole text when small, else its head). */
  text(ctx: TextContext, sample: string, o: TextOptions = {}): TextScan {
    const ini = parseIni(sample);
    return new TextScan(this, ctx, selectSignals(this.detectors, ctx, sample, o, ini), o, { text: sample, ini }, o.everySignal === true);
  }

  /** A text whose signals were chosen already (by name, before a host sent candidate lines). */
  textWith(ctx: TextContext, selection: Selection, o: TextOptions = {}): TextScan {
    return new TextScan(this, ctx, selection, o, undefined, o.everySignal === true);
  }

  /** @internal */
  collect(fs: Finding[], notes: { file: string; reason: string }[]): void {
    for (const f of fs) this.found.push(f);
    this.notes.push(...notes);
  }

  /** Findings found so far, before escalation (a partial result when a host fails). */
  get raw(): readonly Finding[] {
    return this.found;
  }

  /** The findings of every text, escalated by the evidence in the whole scan and sorted. */
  end(): Finding[] {
    return sortFindings(escalate(this.found, this.detectors, this.opts));
  }
}

/** One text of a scan: fed in chunks of any size (or as numbered candidate lines), then ended. */
export class TextScan {
  private readonly scanner?: LineScanner;
  private readonly findings: Finding[] = [];
  private lineNo = 1;
  private carry = '';
  private byteCarry?: Buffer;
  /** The text as fed, kept only while a config-reading signal needs it (up to MAX_CONFIG_CHARS). */
  private kept?: string[];
  private keptChars = 0;

  constructor(
    private readonly session: ScanSession,
    readonly ctx: TextContext,
    readonly selection: Selection,
    private readonly o: TextOptions,
    private readonly sample: { text: string; ini: IniFile } | undefined,
    private readonly pasted: boolean,
  ) {
    if (selection.lines.length) this.scanner = new LineScanner(selection.lines, ctx.file);
    if (selection.config.length) this.kept = [];
  }

  /** Whether any signal reads this text (if not, the caller may stop reading it). */
  get isEmpty(): boolean {
    return !this.scanner && !this.kept;
  }

  /** Whether the text may be fed as bytes (feedBytes): its signals need only lines, found by their literals on the bytes. */
  get readsBytes(): boolean {
    return !this.kept && !!this.scanner?.readsBytes;
  }

  /** A chunk of UTF-8 bytes, cut anywhere (only when readsBytes; never mixed with feed()). */
  feedBytes(chunk: Buffer): void {
    const last = chunk.lastIndexOf(10);
    if (last < 0) {
      this.byteCarry = this.byteCarry ? Buffer.concat([this.byteCarry, chunk]) : Buffer.from(chunk);
      return;
    }
    let from = 0;
    if (this.byteCarry) {
      // Only the carried partial line is joined with the chunk's first line, never the whole chunk.
      const first = chunk.indexOf(10);
      this.scanBytes(Buffer.concat([this.byteCarry, chunk.subarray(0, first + 1)]));
      this.byteCarry = undefined;
      from = first + 1;
    }
    if (from <= last) this.scanBytes(chunk.subarray(from, last + 1));
    // A copy: a stream may fill its buffer again.
    if (last + 1 < chunk.length) this.byteCarry = Buffer.from(chunk.subarray(last + 1));
  }

  /** A chunk of the text, cut anywhere: a partial last line waits for the next chunk. */
  feed(chunk: string): void {
    if (this.kept) {
      this.keptChars += chunk.length;
      if (this.keptChars > MAX_CONFIG_CHARS) this.kept = undefined;
      else this.kept.push(chunk);
    }
    if (!this.scanner) return;
    const last = chunk.lastIndexOf('\n');
    if (last < 0) {
      this.carry += chunk;
      return;
    }
    let from = 0;
    if (this.carry) {
      // Only the carried partial line is joined with the chunk's first line, never the whole chunk.
      const first = chunk.indexOf('\n');
      this.scanLines(this.carry + chunk.slice(0, first + 1));
      this.carry = '';
      from = first + 1;
    }
    if (from <= last) this.scanLines(from === 0 && last === chunk.length - 1 ? chunk : chunk.slice(from, last + 1));
    this.carry = chunk.slice(last + 1);
  }

  /** One line whose number is known: a candidate line a host's grep sent with its number. */
  lineAt(text: string, lineNo: number): void {
    this.scanner?.scanLine(text, lineNo, (f) => this.findings.push(f));
  }

  /** Ends the text; its findings (before escalation) join the scan's and are returned. */
  end(): Finding[] {
    if (this.carry) this.scanLines(this.carry);
    this.carry = '';
    if (this.byteCarry) this.scanBytes(this.byteCarry);
    this.byteCarry = undefined;
    if (this.kept) {
      const text = this.kept.join('');
      const ini = this.sample && this.sample.text.length === text.length ? this.sample.ini : undefined;
      // Named or INI by content: one INI file. Otherwise grep -n lines of one (a diagnostic's output), or pasted ones.
      const config = configTextOf(text, { asIni: this.selection.isConfig, complete: !this.pasted, ini });
      for (const c of this.selection.config) this.findings.push(...c.kind.evaluate(c as never, config, this.ctx.file));
    }
    const notes = [...(this.scanner?.stopped ?? [])].map(([c, line]) => ({
      file: this.ctx.file,
      reason: `signal ${c.entry}/${c.signal.id} not checked after line ${line}: it spent over ${SIGNAL_BUDGET_MS / 1000} s matching here (very long lines, or lines built to be hard to match)`,
    }));
    this.session.collect(this.findings, notes);
    return this.findings;
  }

  private scanBytes(buf: Buffer): void {
    this.lineNo += this.scanner!.scanBytes(buf, this.lineNo, (f) => this.findings.push(f));
  }

  private scanLines(text: string): void {
    this.lineNo += this.scanner!.scan(text, this.lineNo, (f) => this.findings.push(f));
  }
}

/** All findings in one in-memory text, escalated by the evidence in that same text. */
export function scanText(d: Detectors, text: string, ctx: TextContext, o: TextOptions & EscalateOptions = {}): Finding[] {
  const session = new ScanSession(d, o);
  const t = session.text(ctx, text.length <= MAX_CONFIG_CHARS ? text : headOf(text), o);
  t.feed(text);
  t.end();
  return session.end();
}
