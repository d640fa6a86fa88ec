/**
 * Keeps the head and the tail of a stream of bytes up to a limit and counts what was
 * dropped in between, so a 100 MB output costs about `limit` bytes of memory, and the lines
 * that matter most (the first and the last) survive.
 */
export class HeadTail {
  private readonly head: Buffer[] = [];
  private headLen = 0;
  private tail: Buffer[] = [];
  private tailLen = 0;
  total = 0;
  private readonly half: number;

  constructor(limit: number) {
    this.half = Math.max(1, Math.floor(limit / 2));
  }

  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.headLen < this.half) {
      const take = chunk.subarray(0, this.half - this.headLen);
      this.head.push(Buffer.from(take));
      this.headLen += take.length;
      chunk = chunk.subarray(take.length);
    }
    if (!chunk.length) return;
    this.tail.push(Buffer.from(chunk));
    this.tailLen += chunk.length;
    // Trim only now and then: the tail may grow to twice its share between trims.
    if (this.tailLen > 2 * this.half) this.trimTail();
  }

  private trimTail(): void {
    if (this.tailLen <= this.half) return;
    const joined = Buffer.concat(this.tail);
    this.tail = [joined.subarray(joined.length - this.half)];
    this.tailLen = this.half;
  }

  get dropped(): number {
    this.trimTail();
    return this.total - this.headLen - this.tailLen;
  }

  /**
   * The kept text. Bytes that are not UTF-8 become U+FFFD (any program's output is
   * accepted); the cut is marked with the number of bytes left out.
   */
  text(): string {
    const dropped = this.dropped;
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    return dropped ? `${head}\n[… ${dropped} bytes left out by Stacktales …]\n${tail}` : head + tail;
  }
}
