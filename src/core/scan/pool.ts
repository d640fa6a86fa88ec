import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Detectors } from '../detect/compile';
import { emptyRun, type Progress, type RunResult, type ScanOptions, type WalkedFiles } from './files';

/** Files handed to a worker at a time: big enough to keep message overhead small, small enough to share the work evenly. */
const BATCH = 200;

/**
 * A worker holds one file at a time (at most 4 MiB read whole; bigger ones are streamed): a small
 * young generation keeps each thread's memory near its need instead of V8's default reserve.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 };

/** How many worker threads a folder scan uses: one per CPU, at most 4 (the disk, not the CPU, is the limit beyond). */
export function poolSize(requested?: number): number {
  if (requested !== undefined) return Math.max(0, Math.floor(requested));
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.min(4, cpus);
}

/** The worker's script: next to this module (tsc's out/) or next to the bundle (dist/). */
const WORKER_FILE = path.join(__dirname, 'scanWorker.js');

/** A batch: the files of the walk from number `id` on. */
export interface BatchRequest {
  id: number;
  files: string[];
}
/** What a worker scanned (skips numbered within the batch) and each file's size, for progress. */
export type BatchReply = { id: number; result: RunResult; sizes: number[] } | { id: number; error: string };

/**
 * Scans the walk's files on worker threads, each with the same detectors compiled from the same
 * KB. Each pulls the next batch of the walk when it is done with one, so a slow file does not
 * hold the others and no list of every path is kept. The run comes back in walk order, raw
 * (escalation runs once, over all, in scanPaths).
 */
export async function scanInPool(d: Detectors, files: WalkedFiles, opts: ScanOptions, progress: Progress): Promise<RunResult> {
  const done = new Map<number, RunResult>();
  const sent = new Map<number, string[]>();
  let walkDone = false;
  const nextBatch = (): BatchRequest | undefined => {
    if (walkDone) return undefined;
    const id = files.handed;
    const batch: string[] = [];
    while (batch.length < BATCH) {
      const f = files.next();
      if (f === undefined) break;
      batch.push(f);
    }
    if (!batch.length) {
      walkDone = true;
      return undefined;
    }
    sent.set(id, batch);
    return { id, files: batch };
  };
  // Plain data only: what the editor's settings give (extraFiles) are proxies a thread cannot be sent.
  const source = JSON.parse(JSON.stringify(d.source)) as Detectors['source'];
  const workers = Array.from({ length: poolSize(opts.workers) }, () => new Worker(WORKER_FILE, { workerData: source, resourceLimits: WORKER_LIMITS }));
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            let busy = false;
            const give = () => {
              busy = false;
              if (opts.signal?.aborted) return reject(new Error('scan cancelled'));
              const batch = nextBatch();
              if (!batch) return resolve();
              busy = true;
              w.postMessage(batch);
            };
            w.on('message', (reply: BatchReply) => {
              if ('error' in reply) return reject(new Error(reply.error));
              const batch = sent.get(reply.id)!;
              sent.delete(reply.id);
              reply.sizes.forEach((size, i) => progress.file(batch[i], size));
              done.set(reply.id, { ...reply.result, skipped: reply.result.skipped.map(([i, s]) => [reply.id + i, s]) });
              give();
            });
            w.once('error', reject);
            w.once('exit', (code) => (busy || code !== 0 ? reject(new Error(`a scan worker stopped (exit ${code})`)) : undefined));
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  // The batches in walk order (findings are sorted at the end; skips carry their file's number).
  const run = emptyRun();
  for (const id of [...done.keys()].sort((a, b) => a - b)) {
    const r = done.get(id)!;
    run.files += r.files;
    run.bytes += r.bytes;
    run.findings.push(...r.findings);
    run.notes.push(...r.notes);
    run.skipped.push(...r.skipped);
  }
  return run;
}
