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
