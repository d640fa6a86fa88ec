import type { Finding } from '../signals/finding';
import type { LineCompiled, LineState } from '../signals/kind';
import { MultiLiteral } from '../text/multiLiteral';
import { escapeRegExp } from '../text/regex';

export type Emit = (f: Finding) => void;

/**
 * A line is tested up to this many characters. Backtracking regexes take time quadratic (or
 * worse) in what they read, and a guest writes its own console.log: one megabyte line must
 * not freeze a scan, or the editor that scans an open log.
 */
export const MAX_LINE_CHARS = 16 * 1024;
/** A signal that has spent this long matching in one text stops there, and the scan says so. */
export const SIGNAL_BUDGET_MS = 2000;

/**
 * Runs line signals (the kinds that read lines) over text, grep-style: one combined search for
 * the signals' required literals finds candidate lines, and only those lines meet the
 * signals' own regexes. Signals without literals are run on every line. Holds the window
 * state, so a streaming caller feeds consecutive chunks of whole lines to the same scanner.
 */
export class LineScanner {
  private readonly prefilter?: RegExp;
  /** The same literals searched on bytes (every signal has literals of two bytes or more). */
  private readonly byteSearch?: MultiLiteral;
  private readonly byLiteral = new Map<string, LineCompiled[]>();
  private readonly unfiltered: LineCompiled[] = [];
  private readonly state: LineState = new Map();
  private readonly spent = new Map<LineCompiled, number>();
  /** Signals stopped for spending their budget, with the line where they stopped. */
  readonly stopped = new Map<LineCompiled, number>();

  constructor(private readonly signals: readonly LineCompiled[], private readonly file: string) {
    for (const c of signals) {
      if (!c.literals) {
        this.unfiltered.push(c);
        continue;
      }
      for (const l of c.literals) {
        if (!this.byLiteral.has(l)) this.byLiteral.set(l, []);
        this.byLiteral.get(l)!.push(c);
      }
    }
    const lits = [...this.byLiteral.keys()].sort((a, b) => b.length - a.length);
    if (lits.length) this.prefilter = new RegExp(lits.map(escapeRegExp).join('|'), 'g');
    if (lits.length && !this.unfiltered.length && lits.every((l) => Buffer.byteLength(l) >= 2)) this.byteSearch = new MultiLiteral(lits);
  }

  /** Whether scanBytes() can read this text (else decode it and use scan()). */
  get readsBytes(): boolean {
    return this.byteSearch !== undefined;
  }

  /**
   * As scan(), over UTF-8 bytes made of whole lines: the literals are found on the bytes and only
   * the lines that hold one are decoded (a line is never cut inside a UTF-8 sequence, so it decodes
   * as it would in the whole text). Returns how many line breaks the bytes hold.
   */
  scanBytes(buf: Buffer, firstLine: number, emit: Emit): number {
    let lineNo = firstLine;
    let counted = 0; // buf[0..counted) has been counted into lineNo
    let pos = 0;
    for (let k = this.byteSearch!.indexIn(buf, pos); k >= 0; k = this.byteSearch!.indexIn(buf, pos)) {
      const start = buf.lastIndexOf(10, k) + 1;
      let end = buf.indexOf(10, k);
      if (end < 0) end = buf.length;
      for (let i = buf.indexOf(10, counted); i >= 0 && i < start; i = buf.indexOf(10, i + 1)) lineNo++;
      counted = start;
      this.testCandidates(buf.toString('utf8', start, end > start && buf[end - 1] === 13 ? end - 1 : end), lineNo, emit);
      pos = end + 1;
    }
    for (let i = buf.indexOf(10, counted); i >= 0; i = buf.indexOf(10, i + 1)) lineNo++;
    return lineNo - firstLine;
  }

  get isEmpty(): boolean {
    return this.signals.length === 0;
  }

  /**
   * Scans text made of whole lines; firstLine is the 1-based number of its first line.
   * Returns how many line breaks the text holds, so a streaming caller can number the next chunk.
   */
  scan(text: string, firstLine: number, emit: Emit): number {
    if (this.unfiltered.length) return this.scanEveryLine(text, firstLine, emit);
    // One search for all required literals finds candidate lines (measured faster than one
    // indexOf pass per literal); only candidates meet the signals' own regexes.
    let lineNo = firstLine;
    let counted = 0; // text[0..counted) has been counted into lineNo
    const re = this.prefilter;
    if (re) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text))) {
        const start = text.lastIndexOf('\n', m.index) + 1;
        let end = text.indexOf('\n', m.index);
        if (end < 0) end = text.length;
        for (let i = text.indexOf('\n', counted); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) lineNo++;
        counted = start;
        const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
        this.testCandidates(line, lineNo, emit);
        re.lastIndex = end + 1;
      }
    }
    for (let i = text.indexOf('\n', counted); i >= 0; i = text.indexOf('\n', i + 1)) lineNo++;
    return lineNo - firstLine;
  }

  private scanEveryLine(text: string, firstLine: number, emit: Emit): number {
    let lineNo = firstLine;
    let pos = 0;
    while (pos < text.length) {
      let end = text.indexOf('\n', pos);
      const last = end < 0;
      if (last) end = text.length;
      const line = text.charCodeAt(end - 1) === 13 ? text.slice(pos, end - 1) : text.slice(pos, end);
      for (const c of this.signals) {
        if (!c.literals || c.literals.some((l) => line.includes(l))) this.test(c, line, lineNo, emit);
      }
      if (last) break;
      lineNo++;
      pos = end + 1;
    }
    return lineNo - firstLine;
  }

  /** Scans one line whose number is known (remote candidate lines arrive with theirs). */
  scanLine(raw: string, lineNo: number, emit: Emit): void {
    // A CRLF line is read without its \r, as scan() reads it.
    const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (this.unfiltered.length) {
      for (const c of this.signals) if (!c.literals || c.literals.some((l) => line.includes(l))) this.test(c, line, lineNo, emit);
      return;
    }
    this.testCandidates(line, lineNo, emit);
  }

  /** The literals a line must contain to be worth testing (undefined: every line is). */
  get requiredLiterals(): string[] | undefined {
    return this.unfiltered.length ? undefined : [...this.byLiteral.keys()];
  }

  /** Runs each signal with a literal in this line, once. */
  private testCandidates(line: string, lineNo: number, emit: Emit): void {
    let tested: LineCompiled[] | undefined;
    for (const [lit, cs] of this.byLiteral) {
      if (!line.includes(lit)) continue;
      for (const c of cs) {
        if (tested?.includes(c)) continue;
        (tested ??= []).push(c);
        this.test(c, line, lineNo, emit);
      }
    }
  }

  private test(c: LineCompiled, line: string, lineNo: number, emit: Emit): void {
    if (this.stopped.has(c)) return;
    const started = performance.now();
    const f = c.kind.match(c, line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line, lineNo, this.file, this.state);
    const spent = (this.spent.get(c) ?? 0) + performance.now() - started;
    this.spent.set(c, spent);
    if (spent > SIGNAL_BUDGET_MS) this.stopped.set(c, lineNo);
    if (f) emit(f);
  }
}
