import { spawn, spawnSync } from 'child_process';
import type { ScanSession, Selection } from '../detect/session';
import { runScanScript, type ScriptExec, type ScriptTally } from './scriptScan';

/**
 * Files at least this big are prefiltered by grep (below it, starting sh and grep costs
 * more than it saves). STACKTALES_GREP_MIN_BYTES changes it (the tests run small files this way).
 */
export function grepMinBytes(): number {
  const n = Number(process.env.STACKTALES_GREP_MIN_BYTES);
  return Number.isFinite(n) && process.env.STACKTALES_GREP_MIN_BYTES ? n : 32 * 1024 * 1024;
}

let gnuGrep: boolean | undefined;

/**
 * Whether big local files are prefiltered by GNU grep, as the remote scan does on hosts:
 * POSIX sh and GNU grep here (not on Windows; BSD grep reads some EREs differently), and
 * not turned off with STACKTALES_NO_GREP=1 (the benchmark measures both ways).
 */
export function grepAssistAvailable(): boolean {
  if (process.env.STACKTALES_NO_GREP === '1' || process.platform === 'win32') return false;
  if (gnuGrep === undefined) {
    const r = spawnSync('grep', ['--version'], { encoding: 'utf8' });
    gnuGrep = r.status === 0 && /GNU grep/.test(r.stdout);
  }
  return gnuGrep;
}

/** Runs a scan script here with sh; on abort the whole process group (sh and its greps) is killed. */
const localExec: ScriptExec = (script, onData, signal) =>
  new Promise((resolve, reject) => {
    const child = spawn('sh', ['-s'], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.once('error', (e) => {
      signal.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.once('close', (code) => {
      signal.removeEventListener('abort', onAbort);
      resolve({ ended: aborted ? 'aborted' : 'exit', exitCode: code, stderr });
    });
    child.stdin.on('error', () => undefined); // sh may exit before reading it all when killed
    child.stdin.end(script);
  });

/**
 * Scans one big local file with GNU grep as the prefilter, split across this machine's CPUs
 * (the same script and the same decision as the remote scan, with the signals chosen as the
 * local scan chooses them). True when grep read it all and its findings joined the session;
 * false when grep could not (binary, unreadable, grep failed): then the caller reads it itself.
 */
export async function scanWithGrep(session: ScanSession, file: string, selection: Selection, signal?: AbortSignal): Promise<boolean> {
  let failed = false;
  const tally: ScriptTally = { files: 0, bytesScanned: 0, bytesTransferred: 0, skip: () => (failed = true), malformed: () => (failed = true) };
  try {
    // STACKTALES_GREP_PART_BYTES / _JOBS: smaller and more parts, so that the tests split small files too.
    const partBytes = Number(process.env.STACKTALES_GREP_PART_BYTES) || undefined;
    const jobs = Number(process.env.STACKTALES_GREP_JOBS) || undefined;
    await runScanScript(session, localExec, [], [file], { idleTimeoutMs: 10 * 60_000, signal, select: () => selection, partBytes, jobs }, tally);
  } catch (e) {
    if (signal?.aborted) throw new Error('scan cancelled');
    return false;
  }
  return !failed && tally.files === 1;
}
