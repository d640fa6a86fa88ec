/**
 * Turns a stream of UTF-8 chunks into whole lines (the unfinished last line waits for the
 * next chunk). Lines are cut at the byte 0x0A, which never occurs inside a multi-byte UTF-8
 * character, and each line is decoded once it is whole: a character split across two chunks
 * is decoded whole, bytes that are not UTF-8 become U+FFFD. Only the new chunk is searched for
 * line breaks, so a line of any length costs time in proportion to its bytes.
 */
export class LineSplitter {
  /** The bytes of the unfinished line, copied (the caller may reuse the buffers it pushes). */
  private partial: Buffer[] = [];

  constructor(private readonly onLines: (lines: string[]) => void) {}

  push(chunk: Buffer): void {
    let nl = chunk.indexOf(0x0a);
    if (nl < 0) {
      if (chunk.length) this.partial.push(Buffer.from(chunk));
      return;
    }
    const lines = [this.finish(chunk.subarray(0, nl))];
    let start = nl + 1;
    while ((nl = chunk.indexOf(0x0a, start)) >= 0) {
      lines.push(chunk.toString('utf8', start, nl));
      start = nl + 1;
    }
    if (start < chunk.length) this.partial.push(Buffer.from(chunk.subarray(start)));
    this.onLines(lines);
  }

  /** The last line, when the stream ended without a line break. */
  end(): void {
    if (this.partial.length) this.onLines([this.finish()]);
  }

  /** The unfinished line with its last bytes, decoded; the next line starts empty. */
  private finish(tail?: Buffer): string {
    const parts = tail ? [...this.partial, tail] : this.partial;
    this.partial = [];
    return parts.length === 1 ? parts[0].toString('utf8') : Buffer.concat(parts).toString('utf8');
  }
}
