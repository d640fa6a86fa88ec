/**
 * Finds where any of several literals occurs in bytes: Wu-Manber's multi-pattern search with
 * two-byte blocks. It looks at the last two bytes of a window as long as the shortest literal and
 * skips as far as no literal could end sooner, so on text where the literals are rare it reads
 * a fraction of the bytes (the way grep's search for several fixed strings does), and it needs
 * no decoding: the literals are searched as their UTF-8 bytes.
 */
export class MultiLiteral {
  private readonly m: number;
  private readonly shift = new Uint8Array(65536);
  private readonly candidates = new Map<number, Uint8Array[]>();

  /** Literals of at least two bytes (shorter ones give nothing to skip by; use a regex for those). */
  constructor(literals: readonly string[]) {
    const pats = [...new Set(literals)].map((l) => Buffer.from(l, 'utf8'));
    if (!pats.length || pats.some((p) => p.length < 2)) throw new Error('MultiLiteral needs literals of two bytes or more');
    this.m = Math.min(255, Math.min(...pats.map((p) => p.length)));
    const m = this.m;
    this.shift.fill(m - 1);
    for (const p of pats) {
      for (let j = 1; j < m; j++) {
        const block = (p[j - 1] << 8) | p[j];
        const s = m - 1 - j;
        if (s < this.shift[block]) this.shift[block] = s;
        if (s === 0) {
          const list = this.candidates.get(block) ?? [];
          list.push(p);
          this.candidates.set(block, list);
        }
      }
    }
  }

  /** The index of the first byte of the first occurrence at or after `from`, or -1. */
  indexIn(buf: Uint8Array, from = 0, to = buf.length): number {
    const m = this.m;
    const shift = this.shift;
    let pos = from + m - 1;
    while (pos < to) {
      const s = shift[(buf[pos - 1] << 8) | buf[pos]];
      if (s > 0) {
        pos += s;
        continue;
      }
      const start = pos - m + 1;
      for (const p of this.candidates.get((buf[pos - 1] << 8) | buf[pos])!) {
        if (start + p.length > to) continue;
        let k = 0;
        while (k < p.length && buf[start + k] === p[k]) k++;
        if (k === p.length) return start;
      }
      pos++;
    }
    return -1;
  }
}
