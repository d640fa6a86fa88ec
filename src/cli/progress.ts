import { SingleBar } from 'cli-progress';

export interface ScanProgress {
  update(p: { files: number; bytes: number; seconds: number }): void;
  stop(): void;
}

/**
 * Files, bytes and rate on stderr while a scan runs, once it has run for a second, and only when
 * stderr is a terminal: stdout stays the results' (--json stays clean), logs and pipes get nothing.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, afterMs = Number(process.env.STACKTALES_PROGRESS_AFTER_MS ?? 1000)): ScanProgress | undefined {
  if (!stream.isTTY) return undefined;
  const bar = new SingleBar({ format: 'stacktales: scanning: {files} files, {mb} MB, {rate} MB/s', stream, hideCursor: true, clearOnComplete: true, linewrap: false, fps: 8 });
  const payload = (p: { files: number; bytes: number; seconds: number }) => ({ files: p.files, mb: (p.bytes / 1048576).toFixed(1), rate: p.seconds > 0 ? (p.bytes / 1048576 / p.seconds).toFixed(1) : '0' });
  let shown = false;
  const began = Date.now();
  return {
    update(p) {
      if (shown) bar.update(0, payload(p));
      else if (Date.now() - began >= afterMs) {
        bar.start(1, 0, payload(p));
        shown = true;
      }
    },
    stop() {
      if (shown) bar.stop();
    },
  };
}
