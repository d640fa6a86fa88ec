import { StringDecoder } from 'string_decoder';

/**
 * Turns a stream of UTF-8 chunks into whole lines (the unfinished last line waits for the
 * next chunk). A character split across two chunks is decoded whole, not as U+FFFD.
 */
export class LineSplitter {
  private carry = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly onLines: (lines: string[]) => void) {}

  push(chunk: Buffer): void {
    const text = this.carry + this.decoder.write(chunk);
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
    const rest = this.carry + this.decoder.end();
    if (rest) this.onLines([rest]);
    this.carry = '';
  }
}
