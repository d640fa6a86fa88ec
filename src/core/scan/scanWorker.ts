// A scan worker thread (scan/pool.ts): compiles the detectors it is given, then scans the
// batches of files it is sent, one file at a time as scanPaths does, and sends back the results.
import { parentPort, workerData } from 'worker_threads';
import { compileDetectors, type Detectors } from '../detect/compile';
import { emptyRun, scanOneFile } from './files';
import type { BatchReply, BatchRequest } from './pool';
import { compileQuickCheck } from './quickCheck';

const source = workerData as Detectors['source'];
const detectors = compileDetectors(source.entries, source.options);
const quick = compileQuickCheck(detectors);

parentPort!.on('message', (batch: BatchRequest) => {
  void (async () => {
    let reply: BatchReply;
    try {
      const result = emptyRun();
      const sizes: number[] = [];
      for (let i = 0; i < batch.files.length; i++) {
        const before = result.bytes;
        await scanOneFile(detectors, quick, batch.files[i], i, result);
        sizes.push(result.bytes - before);
      }
      reply = { id: batch.id, result, sizes };
    } catch (e) {
      reply = { id: batch.id, error: (e as Error).message };
    }
    parentPort!.postMessage(reply);
  })();
});
