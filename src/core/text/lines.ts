/** Turns a stream of UTF-8 chunks into whole lines (the unfinished last line waits for the next chunk). */
export class LineSplitter {
  private carry = '';

  constructor(private readonly onLines: (lines: string[]) => void) {}

  push(chunk: Buffer): void {
    const text = this.carry + chunk.toString('utf8');
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      this.carry = text;
      return;
    }
    this.carry = text.slice(cut + 1);
    this.onLines(text.slice(0, cut).split('\n'));
  }

  /** The last line, when the stream ended without a line break. */
  end(): void {
    if (this.carry) this.onLines([this.carry]);
    this.carry = '';
  }
}
