import * as fs from 'fs';
import * as path from 'path';
import type { Readable } from 'stream';
import * as zlib from 'zlib';
import { grepAssistAvailable, grepMinBytes, scanWithGrep } from '../grep/localScan';
import type { Detectors } from './compile';
import { scanConfig } from './configScanner';
import { escalate } from './escalation';
import type { Finding } from './finding';
import { parseIni } from './ini';
import { LineScanner } from './lineScanner';
import { headOf, selectSignals, sortFindings } from './scanText';

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
/** Config files are read whole; anything bigger is treated as a log. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
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
  for (const input of inputs) {
    if (input === '-') {
      await scanStream(d, process.stdin, '-', report);
      continue;
    }
    for await (const file of walk(input, report, new Set(opts.skipDirs ?? SKIP_DIRS))) {
      if (opts.signal?.aborted) throw new Error('scan cancelled');
      opts.onFile?.(file);
      try {
        await scanFile(d, file, report, opts.signal);
      } catch (e) {
        report.skipped.push({ file, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
      }
    }
  }
  report.findings = sortFindings(escalate(report.findings, d));
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

export async function scanFile(d: Detectors, file: string, report: ScanReport, signal?: AbortSignal): Promise<void> {
  const fd = await fs.promises.open(file, 'r');
  let head: Buffer;
  let size: number;
  try {
    size = (await fd.stat()).size;
    // The gzip magic for every file; the head that picks signals only for big ones (small ones are read whole below).
    head = Buffer.alloc(Math.min(size, size > MAX_CONFIG_BYTES ? HEAD_BYTES : 2));
    await fd.read(head, 0, head.length, 0);
  } finally {
    await fd.close();
  }
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  if (!gz && size >= grepMinBytes() && size > MAX_CONFIG_BYTES && grepAssistAvailable()) {
    // A big log: GNU grep preselects the lines, as on a host in a remote scan; the signals
    // are chosen exactly as the streaming scan below would (by name and head, lines only).
    if (isBinary(head)) return skip(report, file, 'binary');
    const lines = selectSignals(d, { file }, headOf(head.toString('utf8'))).lines;
    const found = lines.length ? await scanWithGrep(d, file, { isConfig: false, config: [], lines }, signal) : [];
    if (found) {
      report.files++;
      report.bytes += size;
      report.findings.push(...found);
      return;
    }
  }
  if (!gz && size <= MAX_CONFIG_BYTES) {
    // Small enough to read whole and decide INI or not on the whole text.
    const buf = await fs.promises.readFile(file);
    if (isBinary(buf.subarray(0, HEAD_BYTES))) return skip(report, file, 'binary');
    report.files++;
    report.bytes += buf.length;
    const text = buf.toString('utf8');
    const ini = parseIni(text);
    const { isConfig, config, lines } = selectSignals(d, { file }, headOf(text), ini);
    if (isConfig) report.findings.push(...scanConfig(ini, config, file));
    if (lines.length) new LineScanner(lines, file, utf8).scan(buf.toString('latin1'), 1, (f) => report.findings.push(f));
    return;
  }
  const raw = fs.createReadStream(file, { highWaterMark: CHUNK });
  await scanStream(d, gz ? raw.pipe(zlib.createGunzip({ chunkSize: CHUNK })) : raw, file, report);
}

/** Streams whole lines through a LineScanner in chunks; only the head is kept to classify. */
async function scanStream(d: Detectors, stream: Readable, file: string, report: ScanReport): Promise<void> {
  let scanner: LineScanner | undefined;
  let carry = '';
  let lineNo = 1;
  let bytes = 0;
  let headBuf: Buffer[] = [];
  let headLen = 0;
  const emit = (f: Finding) => report.findings.push(f);
  const feed = (text: string) => {
    lineNo += scanner!.scan(text, lineNo, emit);
  };
  const start = (head: Buffer): boolean => {
    if (isBinary(head)) return false;
    const text = head.toString('utf8');
    scanner = new LineScanner(selectSignals(d, { file }, headOf(text)).lines, file, utf8);
    return true;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (!scanner) {
        headBuf.push(chunk);
        headLen += chunk.length;
        if (headLen < HEAD_BYTES) continue;
        const head = Buffer.concat(headBuf);
        headBuf = [];
        if (!start(head)) {
          stream.destroy();
          return skip(report, file, 'binary');
        }
        carry = processChunk(head, carry, feed);
        continue;
      }
      if (scanner.isEmpty) continue;
      carry = processChunk(chunk, carry, feed);
    }
    if (!scanner) {
      const head = Buffer.concat(headBuf);
      if (!start(head)) return skip(report, file, 'binary');
      carry = processChunk(head, carry, feed);
    }
    if (carry && !scanner!.isEmpty) feed(carry);
  } catch (e) {
    return skip(report, file, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  report.files++;
  report.bytes += bytes;
}

/**
 * Feeds the complete lines of carry+chunk and returns the unfinished last line. The carried
 * partial line is joined only with the chunk's first line, not with the whole megabyte.
 */
function processChunk(chunk: Buffer, carry: string, feed: (text: string) => void): string {
  const last = chunk.lastIndexOf(10);
  if (last < 0) return carry + chunk.toString('latin1');
  let from = 0;
  if (carry) {
    const first = chunk.indexOf(10);
    feed(carry + chunk.toString('latin1', 0, first + 1));
    from = first + 1;
  }
  if (from <= last) feed(chunk.toString('latin1', from, last + 1));
  return chunk.toString('latin1', last + 1);
}

function isBinary(head: Buffer): boolean {
  return head.includes(0);
}

function skip(report: ScanReport, file: string, reason: string): void {
  report.skipped.push({ file, reason });
}
