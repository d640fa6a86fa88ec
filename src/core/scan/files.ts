import * as fs from 'fs';
import * as path from 'path';
import type { Readable } from 'stream';
import * as zlib from 'zlib';
import type { Detectors } from '../detect/compile';
import { headOf, MAX_CONFIG_CHARS, ScanSession, selectSignals, type TextScan } from '../detect/session';
import type { Finding } from '../signals/finding';
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
}

const SKIP_DIRS = ['.git', '.hg', '.svn', 'node_modules', '.vscode-test'];

const HEAD_BYTES = 64 * 1024;
const CHUNK = 1024 * 1024;

/** Logs are decoded as latin1 (one char per byte, fast); matched text is re-decoded as UTF-8. */
const utf8 = (s: string) => Buffer.from(s, 'latin1').toString('utf8');

/**
 * Scans files and folders (and "-" for standard input) with streaming reads: a log is never
 * held in memory whole, gzip is recognised by its magic bytes, binary and unreadable files
 * are reported and skipped. Escalation runs once over the whole scan (one host, one sosreport).
 */
export async function scanPaths(d: Detectors, inputs: readonly string[], opts: ScanOptions = {}): Promise<ScanReport> {
  const report: ScanReport = { findings: [], files: 0, bytes: 0, skipped: [] };
  const session = new ScanSession(d);
  for (const input of inputs) {
    if (input === '-') {
      await scanStream(session, process.stdin, '-', report);
      continue;
    }
    for await (const file of walk(input, report, new Set(opts.skipDirs ?? SKIP_DIRS))) {
      if (opts.signal?.aborted) throw new Error('scan cancelled');
      opts.onFile?.(file);
      try {
        await scanFile(session, file, report, opts.signal);
      } catch (e) {
        report.skipped.push({ file, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
      }
    }
  }
  report.findings = session.end();
  return report;
}

async function* walk(p: string, report: ScanReport, skip: ReadonlySet<string>): AsyncGenerator<string> {
  let st: fs.Stats;
  try {
    st = await fs.promises.lstat(p);
  } catch (e) {
    report.skipped.push({ file: p, reason: (e as NodeJS.ErrnoException).code ?? 'unreadable' });
    return;
  }
  if (st.isSymbolicLink()) {
    // Follow links to files (sosreports link many); never links to folders (loops).
    const target = await fs.promises.stat(p).catch(() => undefined);
    if (target?.isFile()) yield p;
    return;
  }
  if (st.isFile()) {
    yield p;
    return;
  }
  if (!st.isDirectory()) return;
  let names: string[];
  try {
    names = (await fs.promises.readdir(p)).sort();
  } catch (e) {
    report.skipped.push({ file: p, reason: (e as NodeJS.ErrnoException).code ?? 'unreadable' });
    return;
  }
  for (const n of names) if (!skip.has(n)) yield* walk(path.join(p, n), report, skip);
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
async function scanStream(session: ScanSession, stream: Readable, file: string, report: ScanReport): Promise<void> {
  let scan: TextScan | undefined;
  let bytes = 0;
  let headBuf: Buffer[] = [];
  let headLen = 0;
  const start = (head: Buffer): TextScan | undefined => (isBinary(head) ? undefined : session.text({ file }, headOf(head.toString('utf8')), { decode: utf8 }));
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (!scan) {
        headBuf.push(chunk);
        headLen += chunk.length;
        if (headLen < HEAD_BYTES) continue;
        const head = Buffer.concat(headBuf);
        headBuf = [];
        scan = start(head);
        if (!scan) {
          stream.destroy();
          return skip(report, file, 'binary');
        }
        scan.feed(head.toString('latin1'));
        continue;
      }
      if (!scan.isEmpty) scan.feed(chunk.toString('latin1'));
    }
    if (!scan) {
      const head = Buffer.concat(headBuf);
      scan = start(head);
      if (!scan) return skip(report, file, 'binary');
      scan.feed(head.toString('latin1'));
    }
    scan.end();
  } catch (e) {
    return skip(report, file, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  report.files++;
  report.bytes += bytes;
}

function isBinary(head: Buffer): boolean {
  return head.includes(0);
}

function skip(report: ScanReport, file: string, reason: string): void {
  report.skipped.push({ file, reason });
}
