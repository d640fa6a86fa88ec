import * as assert from 'assert';
import { LineSplitter } from '../../src/core/text/lines';

describe('LineSplitter', () => {
  const split = (chunks: Buffer[]) => {
    const out: string[] = [];
    const s = new LineSplitter((ls) => out.push(...ls));
    chunks.forEach((c) => s.push(c));
    s.end();
    return out;
  };

  it('keeps a UTF-8 character whole when a chunk boundary cuts through it', () => {
    const bytes = Buffer.from('Größe überschritten\nnächste Zeile ✓\n', 'utf8');
    // Every cut position, including those inside the two- and three-byte characters.
    for (let cut = 1; cut < bytes.length; cut++) {
      assert.deepStrictEqual(split([bytes.subarray(0, cut), bytes.subarray(cut)]), ['Größe überschritten', 'nächste Zeile ✓'], `cut at ${cut}`);
    }
  });

  it('delivers a last line without a line break at the end', () => {
    assert.deepStrictEqual(split([Buffer.from('a\nb'), Buffer.from('c')]), ['a', 'bc']);
  });

  it('turns bytes that are not UTF-8 into U+FFFD and goes on', () => {
    assert.deepStrictEqual(split([Buffer.from([0x61, 0xff, 0x0a, 0x62, 0x0a])]), ['a\ufffd', 'b']);
  });
});

describe('LineSplitter on a long line', () => {
  it('splits a 20 MB line fed in 64 KiB chunks in linear time, characters cut by chunk boundaries kept whole', function () {
    this.timeout(20000);
    // 'é' and '✓' are two and three bytes: 65536 is a multiple of neither 6 nor 3, so chunk boundaries cut through them.
    const unit = 'é✓a';
    const line = unit.repeat(Math.ceil((20 * 1024 * 1024) / Buffer.byteLength(unit)));
    const bytes = Buffer.from(`${line}\nnext`, 'utf8');
    const out: string[] = [];
    const s = new LineSplitter((ls) => out.push(...ls));
    const t0 = performance.now();
    for (let i = 0; i < bytes.length; i += 64 * 1024) s.push(bytes.subarray(i, i + 64 * 1024));
    s.end();
    const ms = performance.now() - t0;
    assert.strictEqual(out.length, 2);
    assert.strictEqual(out[0].length, line.length);
    assert.ok(out[0] === line, 'the long line comes out unchanged');
    assert.strictEqual(out[1], 'next');
    // A bound against rescanning the partial line on every chunk (that took seconds), not a benchmark: one pass takes tens of ms.
    assert.ok(ms < 1000, `took ${Math.round(ms)} ms`);
  });

  it('copes with many lines per chunk, lines spanning chunks and a chunk that is one line break', () => {
    const chunks = ['ab', 'c\nd', '\n', '\n', 'e\nf\ng', 'h', ''].map((c) => Buffer.from(c));
    const out: string[] = [];
    const s = new LineSplitter((ls) => out.push(...ls));
    chunks.forEach((c) => s.push(c));
    s.end();
    assert.deepStrictEqual(out, ['abc', 'd', '', 'e', 'f', 'gh']);
  });

  it('does not depend on the caller keeping a pushed buffer unchanged', () => {
    const out: string[] = [];
    const s = new LineSplitter((ls) => out.push(...ls));
    const reused = Buffer.from('abc');
    s.push(reused);
    reused.write('xyz');
    s.push(Buffer.from('\n'));
    assert.deepStrictEqual(out, ['abc']);
  });
});
