import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { compileDetectors } from '../../src/core/detect/compile';
import { MAX_LINE_CHARS } from '../../src/core/detect/lineScanner';
import { scanText } from '../../src/core/detect/session';
import { regexRisk, vetPattern } from '../../src/core/kb/regexRisk';
import type { LoadedEntry } from '../../src/core/kb/types';
import { loadKb } from '../../src/core/knowledge/loadKb';
import { tempDir } from '../ssh/sshd';
import { KB_DIR } from './paths';

/** Bounded regex work (issue #13): a real ReDoS analyser vets patterns, lines are read to a cap. */
describe('bounded regex work', function () {
  this.timeout(60000);
  const builtin = loadKb([{ dir: KB_DIR, origin: 'builtin' }]).entries;

  it('tells exponential and cubic patterns from quadratic and linear ones (recheck)', () => {
    assert.strictEqual(regexRisk('^(a|a)*$').risk, 'exponential');
    const cubic = regexRisk('(?<a>\\S*)\\S*\\S*X');
    assert.ok(cubic.risk === 'polynomial' && cubic.degree >= 3, JSON.stringify(cubic));
    assert.strictEqual(regexRisk('^MII Status: down').risk, 'linear');
    assert.deepStrictEqual(vetPattern('BPDU.*guard'), { runExamples: true });
    assert.match(vetPattern('^(a|a)*$').problem ?? '', /catastrophically/);
    assert.match(vetPattern('(?<a>\\S*)\\S*\\S*X').problem ?? '', /length to the power [3-9]/);
  });

  it('refuses such a pattern in a user entry without running its examples, and loads the other entries', () => {
    const dir = tempDir('stacktales-redos-kb-');
    for (const [id, pattern] of [
      ['exponential', '^(a|a)*$'],
      ['cubic', '(?<a>\\S*)\\S*\\S*X'],
    ]) {
      const src = builtin.find((e) => e.entry.id === 'bpdu-guard-massacre')!;
      const folder = path.join(dir, id);
      fs.mkdirSync(folder);
      // Examples that would take hours to test against the pattern, were they run.
      const signal = { id: 'hostile', kind: 'log', files: ['**/*.log'], pattern, severity: 'warning', explain: { en: 'x', de: 'x' }, examples: { match: [`${'a'.repeat(40)}b`], nomatch: ['a'.repeat(30000)] } };
      fs.writeFileSync(path.join(folder, 'entry.yaml'), stringify({ ...src.entry, id, signals: [...src.entry.signals, signal] }));
      fs.writeFileSync(path.join(folder, 'en.md'), src.prose.en);
      fs.writeFileSync(path.join(folder, 'de.md'), src.prose.de);
    }
    const started = Date.now();
    const r = loadKb([{ dir: KB_DIR, origin: 'builtin' }, { dir, origin: 'user' }]);
    assert.ok(Date.now() - started < 40_000, `took ${Date.now() - started} ms`);
    assert.deepStrictEqual(r.entries.map((e) => e.entry.id).sort(), builtin.map((e) => e.entry.id).sort());
    const messages = r.problems.map((p) => p.message);
    assert.ok(messages.some((m) => /pattern may backtrack catastrophically/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /to the power [3-9]/.test(m)), messages.join('\n'));
    assert.ok(!messages.some((m) => /example/.test(m)), 'no example was run');
  });

  it('scans a 1 MB hostile line in bounded time, reading lines up to the cap', () => {
    const d = compileDetectors(builtin);
    // A switch log line of the BPDU tale, then a megabyte of what makes ".*guard.*" backtrack.
    const line = `Feb 14 19:14:07 tor-7 %SPANTREE-2-BLOCK_BPDUGUARD: Received BPDU on port Gi1/0/7 with BPDU Guard enabled. Disabling port. ${'BPDU guard '.repeat(100_000)}`;
    const started = Date.now();
    const found = scanText(d, `${line}\n${line}\n`, { file: '/var/log/switch.log' });
    const took = Date.now() - started;
    assert.ok(took < 15_000, `took ${took} ms`);
    assert.ok(found.some((f) => f.signal === 'switch-bpduguard-block'), JSON.stringify(found.map((f) => f.signal)));
    assert.ok(found.every((f) => f.endColumn <= MAX_LINE_CHARS + 1));
  });

  it('stops a signal that spends its time budget on a text, and says so', () => {
    const base = builtin[0];
    // Quadratic on lines of "a"s with no "X": about a second per capped line, so the budget ends it.
    const entry: LoadedEntry = { ...base, entry: { ...base.entry, id: 'slow', signals: [{ id: 'slow', kind: 'log', files: ['**/*.log'], pattern: 'a\\S*X', severity: 'warning', explain: { en: 'x', de: 'x' } }] } };
    const d = compileDetectors([entry]);
    const { ScanSession } = require('../../src/core/detect/session') as typeof import('../../src/core/detect/session');
    const session = new ScanSession(d);
    const t = session.text({ file: '/var/log/x.log' }, '');
    const started = Date.now();
    for (let i = 0; i < 200; i++) t.feed(`${'a'.repeat(MAX_LINE_CHARS * 4)}\n`);
    t.end();
    session.end();
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    assert.strictEqual(session.notes.length, 1, JSON.stringify(session.notes));
    assert.match(session.notes[0].reason, /signal slow\/slow not checked after line \d+/);
  });
});
