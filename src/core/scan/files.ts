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
import { compileQuickCheck } from './quickCheck';

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
  /** Called after each file, for progress (with workers: as their results come in). */
  onFile?: (file: string) => void;
  /** Files and bytes read so far, and the seconds since the scan began. */
  onProgress?: (p: { files: number; bytes: number; seconds: number }) => void;
  /** Worker threads for big folders (default: one per CPU, at most 4; 0 or 1: none). */
  workers?: number;
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
 * Many files are scanned by worker threads (scan/pool.ts), a few here; the findings are the same.
 */
export async function scanPaths(d: Detectors, inputs: readonly string[], opts: ScanOptions = {}): Promise<ScanReport> {
  checkScanInputs(inputs);
  const report: ScanReport = { findings: [], files: 0, bytes: 0, skipped: [] };
  const session = new ScanSession(d);
  const progress = progressOf(opts);
  for (const input of inputs) {
    if (input === '-') {
      await scanStream(session, ungzipped(opts.stdin ?? process.stdin), opts.stdinName ?? '-', report);
      continue;
    }
    // The walk is pulled as the scan goes (synchronous and cheap), so no list of every path is held.
    const walked = new WalkedFiles(walk(input, new Set(opts.skipDirs ?? SKIP_DIRS)));
    const { scanInPool, poolSize } = await import('./pool');
    const result = walked.atLeast(POOL_MIN_FILES) && poolSize(opts.workers) > 1 ? await scanInPool(d, walked, opts, progress) : await scanHere(session.detectors, walked, opts, progress);
    report.files += result.files;
    report.bytes += result.bytes;
    session.collect(result.findings, result.notes);
    // What was not read, in walk order: a path the walk passed over comes before the file it preceded.
    const skips = [...walked.skipped.map(([i, s]) => [i, 0, s] as const), ...result.skipped.map(([i, s]) => [i, 1, s] as const)];
    report.skipped.push(...skips.sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, , s]) => s));
  }
  report.findings = session.end();
  report.skipped.push(...session.notes);
  return report;
}

/** From this many files on, a folder is scanned by worker threads (below, starting them costs more than it saves). */
const POOL_MIN_FILES = 2000;

/**
 * What a run of files yielded: their raw findings (before escalation), what they counted, and
 * which were not read (by their index in the run), why.
 */
export interface RunResult {
  files: number;
  bytes: number;
  findings: Finding[];
  notes: Skipped[];
  skipped: [number, Skipped][];
}

export function emptyRun(): RunResult {
  return { files: 0, bytes: 0, findings: [], notes: [], skipped: [] };
}

export interface Progress {
  file(file: string, bytes: number): void;
}

function progressOf(opts: ScanOptions): Progress {
  let files = 0;
  let bytes = 0;
  const started = Date.now();
  return {
    file(file, size) {
      files++;
      bytes += size;
      opts.onFile?.(file);
      opts.onProgress?.({ files, bytes, seconds: (Date.now() - started) / 1000 });
    },
  };
}

/**
 * The files of a walk, pulled as needed: each is numbered in walk order, and the paths the walk
 * did not read are kept with the number of the file they came before.
 */
export class WalkedFiles {
  readonly skipped: [number, Skipped][] = [];
  private readonly ahead: string[] = [];
  private count = 0;

  constructor(private readonly items: Iterator<string | Skipped>) {}

  /** Whether the walk has at least n files (walking that far ahead). */
  atLeast(n: number): boolean {
    while (this.ahead.length < n && this.pull()) {
      // pulled one more
    }
    return this.ahead.length >= n;
  }

  /** The next file, or undefined when the walk is done. */
  next(): string | undefined {
    if (!this.ahead.length) this.pull();
    const f = this.ahead.shift();
    if (f !== undefined) this.count++;
    return f;
  }

  /** How many files were handed out. */
  get handed(): number {
    return this.count;
  }

  private pull(): boolean {
    for (let n = this.items.next(); !n.done; n = this.items.next()) {
      if (typeof n.value === 'string') {
        this.ahead.push(n.value);
        return true;
      }
      this.skipped.push([this.count + this.ahead.length, n.value]);
    }
    return false;
  }
}

/** Files scanned in this thread (escalation runs once, over all, in scanPaths). */
async function scanHere(d: Detectors, files: WalkedFiles, opts: ScanOptions, progress: Progress): Promise<RunResult> {
  const quick = compileQuickCheck(d);
  const run = emptyRun();
  let yielded = Date.now();
  for (let file = files.next(); file !== undefined; file = files.next()) {
    if (opts.signal?.aborted) throw new Error('scan cancelled');
    const before = run.bytes;
    await scanOneFile(d, quick, file, files.handed - 1, run, opts.signal);
    progress.file(file, run.bytes - before);
    // Small files are read synchronously: let the event loop breathe (cancel, progress) now and then.
    if (Date.now() - yielded > 50) {
      await new Promise((r) => setImmediate(r));
      yielded = Date.now();
    }
  }
  return run;
}

/**
 * One file, in a session of its own, added to a run. A small file is read in one go and counted
 * without being decoded when nothing could be found in it (quickCheck.ts); gzip and big files are
 * streamed.
 */
export async function scanOneFile(d: Detectors, quick: (file: string, data: Buffer) => boolean, file: string, index: number, run: RunResult, signal?: AbortSignal): Promise<void> {
  const session = new ScanSession(d);
  const report: ScanReport = { findings: [], files: 0, bytes: 0, skipped: [] };
  try {
    const small = readSmall(file);
    if (small) {
      if (isBinary(small.subarray(0, HEAD_BYTES))) skip(report, file, 'binary');
      else {
        report.files++;
        report.bytes += small.length;
        if (quick(file, small)) {
          const text = small.toString('utf8');
          const t = session.text({ file }, text);
          t.feed(text);
          t.end();
        }
      }
    } else await scanFile(session, file, report, signal);
  } catch (e) {
    report.skipped.push({ file, reason: errnoWords(e) });
  }
  run.files += report.files;
  run.bytes += report.bytes;
  for (const s of report.skipped) run.skipped.push([index, s]);
  run.findings.push(...session.raw);
  run.notes.push(...session.notes);
}

/** One read buffer per thread: most files of a tree fit in it, and no buffer is allocated for them. */
const READ_AHEAD = Buffer.allocUnsafe(HEAD_BYTES);

/**
 * A file's bytes when it is small and not gzip (the common case), read synchronously; else
 * undefined. A file shorter than the first read is read with open, read and close alone (a
 * short read of a regular file is its end); only longer ones are measured with fstat.
 */
function readSmall(file: string): Buffer | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const first = fs.readSync(fd, READ_AHEAD, 0, READ_AHEAD.length, 0);
    if (READ_AHEAD[0] === 0x1f && READ_AHEAD[1] === 0x8b && first >= 2) return undefined;
    // A copy: the shared buffer is read into again by the next file.
    if (first < READ_AHEAD.length) return Buffer.from(READ_AHEAD.subarray(0, first));
    const size = fs.fstatSync(fd).size;
    if (size > MAX_CONFIG_CHARS) return undefined;
    const buf = Buffer.allocUnsafe(Math.max(size, first));
    READ_AHEAD.copy(buf, 0, 0, first);
    let got = first;
    while (got < buf.length) {
      const n = fs.readSync(fd, buf, got, buf.length - got, got);
      if (!n) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The regular files below a path, in order, and the paths not read with why. Links to files are
 * followed (sosreports link many) when they stay out of kernel interfaces; links to folders never
 * are (loops).
 */
function* walk(p: string, skip: ReadonlySet<string>, depth = 0, known?: fs.Dirent): Generator<string | Skipped> {
  const skipped = (reason: string): Skipped => ({ file: p, reason });
  let isLink: boolean, isFile: boolean, isDir: boolean, other: string | undefined;
  try {
    // readdir's entries carry their type: no lstat per file.
    const st = known && !known.isSymbolicLink() && (known.isFile() || known.isDirectory()) ? known : fs.lstatSync(p);
    isLink = st.isSymbolicLink();
    isFile = st.isFile();
    isDir = st.isDirectory();
    other = st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'a device';
  } catch (e) {
    return yield skipped(errnoWords(e));
  }
  if (isLink) {
    let target: string;
    try {
      target = fs.realpathSync(p);
    } catch (e) {
      return yield skipped((e as NodeJS.ErrnoException).code === 'ELOOP' ? 'a link that loops' : `a link to nothing (${errnoWords(e)})`);
    }
    if (KERNEL_INTERFACES.some((k) => target.startsWith(k))) return yield skipped(`a link to ${target}, a kernel interface, not a file`);
    let t: fs.Stats | undefined;
    try {
      t = fs.statSync(target);
    } catch {
      t = undefined;
    }
    if (t?.isFile()) yield p;
    else if (t?.isDirectory()) return; // a link to a folder: its files are reached where it really is, or not at all
    else yield skipped(`a link to ${target}, which is not a regular file`);
    return;
  }
  if (isFile) return yield p;
  if (!isDir) return yield skipped(`not a regular file (${other})`);
  if (depth >= MAX_DEPTH) return yield skipped(`folders nested more than ${MAX_DEPTH} deep are not entered`);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    return yield skipped(errnoWords(e));
  }
  // Below the path as given, every folder's path is normal already (path.join made it): joining by
  // hand there spares path.join's normalising per file.
  const dir = p.endsWith(path.sep) ? p : p + path.sep;
  for (const e of entries) if (!skip.has(e.name)) yield* walk(depth === 0 ? path.join(p, e.name) : dir + e.name, skip, depth + 1, e);
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
  let bytesOnly = false;
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
        bytesOnly = scan.readsBytes;
        if (bytesOnly) scan.feedBytes(head);
        else scan.feed(utf8.write(head));
        continue;
      }
      // Where the signals need only lines with their literals, the bytes are searched and only those lines decoded.
      if (bytesOnly) scan.feedBytes(chunk);
      else if (!scan.isEmpty) scan.feed(utf8.write(chunk));
    }
    if (!scan) {
      const head = Buffer.concat(headBuf);
      scan = start(head);
      if (!scan) return skip(report, file, 'binary');
      bytesOnly = scan.readsBytes;
      if (bytesOnly) scan.feedBytes(head);
      else scan.feed(utf8.write(head));
    }
    if (!bytesOnly) scan.feed(utf8.end());
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
