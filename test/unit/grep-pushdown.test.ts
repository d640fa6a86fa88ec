import type { LineSignal } from '../../src/core/signals/kinds/lineSignal';
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { exampleText } from '../../src/core/kb/examples';
import { compileDetectors } from '../../src/core/detect/compile';
import { loadKb } from '../../src/core/knowledge/loadKb';
import { grepPatternOf, intAtLeast, toGrepEre } from '../../src/core/scan/pushdown';
import { FIXTURES, KB_DIR } from './paths';

/** The 1-based numbers of the lines that real GNU grep -E matches, in the C locale as on the hosts. */
function grepLines(ere: string, lines: string[]): number[] {
  const r = spawnSync('grep', ['-n', '-E', '-e', ere], { input: lines.join('\n') + '\n', env: { ...process.env, LC_ALL: 'C' } });
  assert.ok(r.status === 0 || r.status === 1, `grep -E ${JSON.stringify(ere)}: ${r.stderr}`);
  assert.strictEqual(r.stderr.toString(), '', `grep warns about ${JSON.stringify(ere)}`);
  return r.stdout
    .toString('latin1')
    .split('\n')
    .filter(Boolean)
    .map((l) => Number(l.slice(0, l.indexOf(':'))));
}

const jsLines = (re: RegExp, lines: string[]) => lines.flatMap((l, i) => (re.test(l) ? [i + 1] : []));

/** Every line the JavaScript pattern matches must reach the detector: grep's set is a superset. */
function assertSuperset(pattern: string, flags: string, lines: string[], ere = toGrepEre(pattern, flags)): number[] {
  assert.ok(ere !== undefined, `/${pattern}/${flags} has no ERE`);
  const byGrep = grepLines(ere, lines);
  const missed = jsLines(new RegExp(pattern, flags), lines).filter((n) => !byGrep.includes(n));
  assert.deepStrictEqual(missed.map((n) => lines[n - 1]), [], `/${pattern}/${flags} as ${JSON.stringify(ere)} misses lines`);
  return byGrep;
}

describe('grep pushdown', () => {
  it('writes integer thresholds as EREs that real grep agrees with', () => {
    const numbers = Array.from({ length: 2000 }, (_, i) => String(i));
    assert.deepStrictEqual(grepLines(`^(${intAtLeast(30)})$`, numbers), numbers.flatMap((n, i) => (Number(n) >= 30 ? [i + 1] : [])));
  });

  // Each case: lines JavaScript tells apart; grep must keep every match, and where the
  // translation is exact (ASCII lines, no wide atoms) it must also drop what JavaScript drops.
  const cases: { pattern: string; flags?: string; lines: string[]; exact?: boolean }[] = [
    { pattern: 'nova\\.(ec2|api\\.openstack)[.\\w]*\\.wsgi', lines: ['nova.api.openstack.compute.wsgi', 'nova.ec2.wsgi', 'nova.x', 'novaXec2.wsgi'], exact: true },
    // A JavaScript escape inside a bracket is no escape in POSIX: [^\n] is not [^n].
    { pattern: 'id=[^\\n]+;', lines: ['id=nnn;', 'id=abc;', 'id=;'], exact: true },
    { pattern: 'x[a\\-z]y', lines: ['x-y', 'xay', 'xzy', 'xby'], exact: true },
    { pattern: 'a[\\]\\[^]b', lines: ['a]b', 'a[b', 'a^b', 'a-b'], exact: true },
    { pattern: '[\\^-]', lines: ['^', '-', 'a'], exact: true },
    { pattern: '\\tvalue\\t', lines: ['\tvalue\t', 'tvaluet'], exact: true },
    { pattern: 'A\\u0042\\x43', lines: ['ABC', 'Au0042x43'], exact: true },
    { pattern: '\\/var\\/log\\/[a-z-]+\\.log', lines: ['/var/log/nova-compute.log', '/var/log/X.log'], exact: true },
    { pattern: '<(\\w+)> \\{1,2\\}', lines: ['<ab> {1,2}', '<> {1,2}', 'ab {1,2}'], exact: true },
    { pattern: 'a{2,3}b', lines: ['aab', 'ab', 'aaab'], exact: true },
    { pattern: 'x(?=y)', lines: ['xy', 'xz'] },
    { pattern: '(?<!un)able', lines: ['able', 'unable'] },
    { pattern: 'err(?:or)?s?$', lines: ['errors', 'error', 'err', 'erroneous'], exact: true },
    // Case-insensitive signals no longer send the whole log.
    { pattern: 'dhcprequest\\(tap[0-9a-f-]+\\)', flags: 'i', lines: ['DHCPREQUEST(tap4f1c-2a)', 'dhcpRequest(TAPABC)', 'DHCPACK(tap1)'], exact: true },
    { pattern: '[a-c]x', flags: 'i', lines: ['Bx', 'bX', 'dx'], exact: true },
    { pattern: '[^a]z', flags: 'i', lines: ['Az', 'az', 'bz'], exact: true },
    // Bytes, not characters, in the C locale: a wide atom needs room for a multi-byte character.
    { pattern: 'Gr.ße [^ ]{5}!', lines: ['Größe überm!', 'Grösse x!', 'Grxße abcde!'] },
    { pattern: 'caf\\u00e9 \\S\\s\\d\\D\\W', lines: ['café x 1yé', 'café x\u00a01y!', 'cafe x 1y!'] },
    { pattern: '[äöü]+ber', lines: ['über', 'aber'] },
    { pattern: '\\bnova\\b', lines: ['nova-api', 'nova', 'supernova'], exact: true },
    // Found by the safety audit (issue #13): each dropped lines that JavaScript matches.
    { pattern: 'Größe', flags: 'i', lines: ['GRÖSSE', 'GRÖßE', 'größe', 'grosse'] },
    { pattern: 'caf\\u00e9 au lait', flags: 'i', lines: ['CAFÉ AU LAIT', 'café au lait', 'cafe au lait'] },
    { pattern: '[é]t[é]', flags: 'i', lines: ['ÉTÉ', 'été', 'ete'] },
    { pattern: 'error$', flags: 'm', lines: ['error\rnext', 'error', 'errors'] },
    { pattern: '^ERROR', flags: 'm', lines: ['x\u2028ERROR', 'ERROR x', 'no ERROR'] },
    { pattern: 'mask', flags: 'iu', lines: ['MA\u017fK', 'MASK', 'ma\u212ae'] },
    { pattern: '[a-s]ok', flags: 'iu', lines: ['\u017fOK', 'sok', 'tok'] },
    { pattern: '\\w{2}ey', flags: 'iu', lines: ['\u212a\u017fey', 'abey', '!!ey'] },
  ];

  for (const c of cases) {
    it(`keeps every match of /${c.pattern}/${c.flags ?? ''}${c.exact ? ', exactly' : ''}`, () => {
      const byGrep = assertSuperset(c.pattern, c.flags ?? '', c.lines);
      if (c.exact) assert.deepStrictEqual(byGrep, jsLines(new RegExp(c.pattern, c.flags), c.lines));
    });
  }

  it('pushes a threshold down that reads leading zeros as the number they are', () => {
    const threshold = { capture: 't', atLeast: 30, decimals: true };
    const lines = ['time: 045.2', 'time: 45.2', 'time: 0030.5', 'time: 0.5', 'time: 29.9', 'time: 029'];
    const ere = toGrepEre('time: (?<t>\\d+\\.\\d+)', '', threshold);
    assert.ok(ere);
    const above = lines.flatMap((l, i) => (Number(/time: (\d+\.\d+)/.exec(l)?.[1]) > 30 ? [i + 1] : []));
    const byGrep = grepLines(ere, lines);
    assert.deepStrictEqual(above.filter((n) => !byGrep.includes(n)), [], `${ere} drops a line above the threshold`);
  });

  it('gives up rather than write a wrong pattern', () => {
    for (const p of ['(a)\\1', 'a\\nb', '\\p{L}x', '(?<x>a)\\k<x>']) assert.strictEqual(toGrepEre(p, 'u'), undefined, p);
    // Unicode case folding of non-ASCII characters is not exposed to JavaScript: no ERE for it.
    assert.strictEqual(toGrepEre('Größe', 'iu'), undefined);
  });

  it('gives every signal of the KB an ERE that keeps all its lines in the fixtures', () => {
    const detectors = compileDetectors(loadKb([{ dir: KB_DIR, origin: 'builtin' }]).entries);
    const lines = fixtureLines(path.join(FIXTURES, 'detect'));
    let checked = 0;
    for (const c of detectors.signals) {
      if (c.reads !== 'lines') continue;
      const signal = c.signal as LineSignal;
      const ere = grepPatternOf(c);
      assert.ok(ere, `${c.entry}/${c.signal.id} falls back to sending whole files`);
      const own = [...(c.signal.examples?.match ?? []).map(exampleText), ...lines];
      // The threshold is pushed down too: lines below it may be dropped, lines above never.
      const above = own.filter((l) => {
        const m = c.regex.exec(l);
        const t = signal.threshold;
        return m && (!t?.above || Number(m.groups?.[t.capture]) > t.above);
      });
      assertSuperset(signal.pattern, signal.flags ?? '', above, ere);
      checked++;
    }
    assert.ok(checked >= 10, `only ${checked} signals checked`);
  });
});

function fixtureLines(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(e.parentPath ?? (e as { path: string }).path, e.name);
    if (e.isFile() && !file.endsWith('.gz')) out.push(...fs.readFileSync(file, 'utf8').split('\n').filter(Boolean));
  }
  return out;
}
