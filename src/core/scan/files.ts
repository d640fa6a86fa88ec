import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import { StringDecoder } from 'string_decoder';
import * as zlib from 'zlib';
import type { Detectors } from '../detect/compile';
import { headOf, MAX_CONFIG_CHARS, ScanSession, selectSignals, type TextScan } from '../detect/session';
import type { Finding } from '../signals/finding';
import { errnoWords } from '../util/files';
import { grepAssistAvailable, grepMinBytes, scanWithGrep } from './bigLog';

export interface Skipped {
  file: string;
  reason: string;
}

export interface ScanReport {
  findings: Finding[];
  files: number;
  bytes: number;
  skipped: Skipped[];
}

export interface ScanOptions {
  signal?: AbortSignal;
  /** Called before each file, for progress. */
  onFile?: (file: string) => void;
  /** Folder names not to enter (default: version control and dependency folders). */
  skipDirs?: readonly string[];
  /** What "-" reads (default: process.stdin), and the name its signals are chosen by (default "-"). */
  stdin?: Readable;
  stdinName?: string;
}

const SKIP_DIRS = ['.git', '.hg', '.svn', 'node_modules', '.vscode-test'];

const HEAD_BYTES = 64 * 1024;
const CHUNK = 1024 * 1024;


/** Folders nested deeper than this are not entered (a sosreport is some 15 deep). */
const MAX_DEPTH = 64;
/** Where a link may not lead: kernel interfaces that never end or block (/proc/kmsg, /dev/zero). */
const KERNEL_INTERFACES = ['/proc/', '/sys/', '/dev/'];

/**
 * Paths named on the command line (or by the editor) that cannot be scanned are errors, not
 * skips: a sentence naming each, thrown before anything is read.
 */
export function checkScanInputs(inputs: readonly string[]): void {
  const bad: string[] = [];
  for (const input of inputs) {
    if (input === '-') continue;
    try {
      const st = fs.statSync(input);
      if (!st.isFile() && !st.isDirectory()) bad.push(`${input}: not a file or folder (a device, FIFO or socket)`);
      else fs.accessSync(input, fs.constants.R_OK);
    } catch (e) {
      bad.push(`${input}: ${errnoWords(e)}`);
    }
  }
  if (bad.length) throw new ScanInputError(bad);
}

export class ScanInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? `cannot scan ${problems[0]}` : `cannot scan:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * Scans files and folders (and "-" for standard input) with streaming reads: a log is never
 * held in memory whole, gzip is recognised by its magic bytes, binary and unreadable files
 * are reported and skipped. Escalation runs once over the whole scan (one host, one sosreport).
 * Throws a ScanInputError, before reading anything, when a named path cannot be scanned.
 */
export async function scanPaths(d: Detectors, inputs: readonly string[], opts: ScanOptions = {}): Promise<ScanReport> {
  checkScanInputs(inputs);
  const report: ScanReport = { findings: [], files: 0, bytes: 0, skipped: [] };
  const session = new ScanSession(d);
  for (const input of inputs) {
    if (input === '-') {
      await scanStream(session, ungzipped(opts.stdin ?? process.stdin), opts.stdinName ?? '-', report);
      continue;
    }
    for await (const file of walk(input, report, new Set(opts.skipDirs ?? SKIP_DIRS))) {
      if (opts.signal?.aborted) throw new Error('scan cancelled');
      opts.onFile?.(file);
      try {
        await scanFile(session, file, report, opts.signal);
      } catch (e) {
        report.skipped.push({ file, reason: errnoWords(e) });
      }
    }
  }
  report.findings = session.end();
  report.skipped.push(...session.notes);
  return report;
}

/**
 * The regular files below a path. Links to files are followed (sosreports link many) when
 * they stay out of kernel interfaces; links to folders never are (loops). What is not read
 * is said, with why.
 */
async function* walk(p: string, report: ScanReport, skip: ReadonlySet<string>, depth = 0): AsyncGenerator<string> {
  const skipped = (reason: string) => report.skipped.push({ file: p, reason });
  let st: fs.Stats;
  try {
    st = await fs.promises.lstat(p);
  } catch (e) {
    return skipped(errnoWords(e));
  }
  if (st.isSymbolicLink()) {
    let target: string;
    try {
      target = await fs.promises.realpath(p);
    } catch (e) {
      return skipped((e as NodeJS.ErrnoException).code === 'ELOOP' ? 'a link that loops' : `a link to nothing (${errnoWords(e)})`);
    }
    if (KERNEL_INTERFACES.some((k) => target.startsWith(k))) return skipped(`a link to ${target}, a kernel interface, not a file`);
    const t = await fs.promises.stat(target).catch(() => undefined);
    if (t?.isFile()) yield p;
    else if (t?.isDirectory()) return; // a link to a folder: its files are reached where it really is, or not at all
    else skipped(`a link to ${target}, which is not a regular file`);
    return;
  }
  if (st.isFile()) {
    yield p;
    return;
  }
  if (!st.isDirectory()) return skipped(`not a regular file (${st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'a device'})`);
  if (depth >= MAX_DEPTH) return skipped(`folders nested more than ${MAX_DEPTH} deep are not entered`);
  let names: string[];
  try {
    names = (await fs.promises.readdir(p)).sort();
  } catch (e) {
    return skipped(errnoWords(e));
  }
  for (const n of names) if (!skip.has(n)) yield* walk(path.join(p, n), report, skip, depth + 1);
}

/** Standard input as it comes, or gunzipped when it starts with gzip's magic bytes. */
async function* ungzipped(input: Readable): AsyncGenerator<Buffer> {
  const it = (input as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const all = async function* () {
    yield first.value;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  };
  if (first.value[0] === 0x1f && first.value[1] === 0x8b) yield* Readable.from(all()).pipe(zlib.createGunzip({ chunkSize: CHUNK }));
  else yield* all();
}

/** One file of a scan: read whole when small, streamed when big (GNU grep preselecting lines where it can). */
export async function scanFile(session: ScanSession, file: string, report: ScanReport, signal?: AbortSignal): Promise<void> {
  const fd = await fs.promises.open(file, 'r');
  let head: Buffer;
  let size: number;
  try {
    size = (await fd.stat()).size;
    // The gzip magic for every file; the head that picks signals only for big ones (small ones are read whole below).
    head = Buffer.alloc(Math.min(size, size > MAX_CONFIG_CHARS ? HEAD_BYTES : 2));
    await fd.read(head, 0, head.length, 0);
  } finally {
    await fd.close();
  }
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  if (!gz && size >= grepMinBytes() && size > MAX_CONFIG_CHARS && grepAssistAvailable()) {
    // A big log: GNU grep preselects the lines, as on a host in a remote scan; the signals
    // are chosen once, by name and head, exactly as the streaming scan below would.
    if (isBinary(head)) return skip(report, file, 'binary');
    const selection = selectSignals(session.detectors, { file }, headOf(head.toString('utf8')));
    const scanned = selection.lines.length ? await scanWithGrep(session, file, selection, signal) : true;
    if (scanned) {
      report.files++;
      report.bytes += size;
      return;
    }
  }
  if (!gz && size <= MAX_CONFIG_CHARS) {
    // Small enough to read whole and decide what it is on the whole text.
    const buf = await fs.promises.readFile(file);
    if (isBinary(buf.subarray(0, HEAD_BYTES))) return skip(report, file, 'binary');
    report.files++;
    report.bytes += buf.length;
    const text = buf.toString('utf8');
    const t = session.text({ file }, text);
    t.feed(text);
    t.end();
    return;
  }
  const raw = fs.createReadStream(file, { highWaterMark: CHUNK });
  await scanStream(session, gz ? raw.pipe(zlib.createGunzip({ chunkSize: CHUNK })) : raw, file, report);
}

/** Streams a text through the session in chunks; only the head is kept, to choose the signals. */
async function scanStream(session: ScanSession, stream: AsyncIterable<Buffer> & { destroy?: () => void }, file: string, report: ScanReport): Promise<void> {
  let scan: TextScan | undefined;
  let bytes = 0;
  let headBuf: Buffer[] = [];
  let headLen = 0;
  // Text is UTF-8 everywhere (local files, remote lines, documents): a character cut by a chunk boundary waits for its rest.
  const utf8 = new StringDecoder('utf8');
  const start = (head: Buffer): TextScan | undefined => (isBinary(head) ? undefined : session.text({ file }, headOf(head.toString('utf8'))));
  try {
    for await (const chunk of stream) {
      bytes += chunk.length;
      if (!scan) {
        headBuf.push(chunk);
        headLen += chunk.length;
        if (headLen < HEAD_BYTES) continue;
        const head = Buffer.concat(headBuf);
        headBuf = [];
        scan = start(head);
        if (!scan) {
          stream.destroy?.();
          return skip(report, file, 'binary');
        }
        scan.feed(utf8.write(head));
        continue;
      }
      if (!scan.isEmpty) scan.feed(utf8.write(chunk));
    }
    if (!scan) {
      const head = Buffer.concat(headBuf);
      scan = start(head);
      if (!scan) return skip(report, file, 'binary');
      scan.feed(utf8.write(head));
    }
    scan.feed(utf8.end());
    scan.end();
  } catch (e) {
    return skip(report, file, readFailure(e));
  }
  report.files++;
  report.bytes += bytes;
}

/** Why a stream could not be read, in words: gzip's errors say what is wrong with the file. */
function readFailure(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'Z_DATA_ERROR') return `not valid gzip data (${err.message})`;
  if (err.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err.message)) return 'the gzip data ends too early (a truncated file)';
  return errnoWords(e);
}

function isBinary(head: Buffer): boolean {
  return head.includes(0);
}

function skip(report: ScanReport, file: string, reason: string): void {
  report.skipped.push({ file, reason });
}
