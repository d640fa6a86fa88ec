import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { CLI, FIXTURES } from './paths';

const run = (args: string[], input?: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input });

describe('stacktales CLI', () => {
  it('search --json prints the contract shape, best first', () => {
    const r = run(['search', 'instances lose network after a day', '--json']);
    assert.strictEqual(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepStrictEqual(Object.keys(out), ['query', 'results']);
    assert.strictEqual(out.query, 'instances lose network after a day');
    assert.strictEqual(out.results[0].id, 'dhcp-renewal-stall');
    for (const x of out.results) {
      assert.deepStrictEqual(Object.keys(x), ['id', 'title', 'score']);
      assert.strictEqual(typeof x.score, 'number');
    }
    const scores = out.results.map((x: { score: number }) => x.score);
    assert.deepStrictEqual(scores, [...scores].sort((a, b) => b - a));
  });

  it('search answers in German with German titles', () => {
    const out = JSON.parse(run(['search', 'Images verschwinden', '--lang', 'de', '--json']).stdout);
    assert.strictEqual(out.results[0].id, 'disappearing-images');
    assert.match(out.results[0].title, /Basis-Abbilder/);
  });

  it('search - reads a pasted log from standard input', () => {
    const r = run(['search', '-', '--json', '--limit', '1'], 'Feb 15 01:40:18 SW-1 Ebra: %ETH-4-ERRDISABLE: bpduguard error detected on Port-Channel35.\n');
    assert.strictEqual(JSON.parse(r.stdout).results[0].id, 'bpdu-guard-massacre');
  });

  it('kb check passes on the built-in KB', () => {
    const r = run(['kb', 'check']);
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /6 entries OK, 0 problem/);
  });

  it('kb check prints file:line: message for each problem and exits 1', () => {
    const r = run(['kb', 'check', path.join(FIXTURES, 'kb-broken')]);
    assert.strictEqual(r.status, 1);
    const lines = r.stdout.trim().split('\n').slice(0, -1);
    assert.ok(lines.length >= 8, r.stdout);
    for (const l of lines) assert.match(l, /^\/.+\/(entry\.yaml|de\.md):\d+: \S/);
    assert.match(r.stdout, /bad-regex\/entry\.yaml:12: pattern does not compile/);
  });

  it('exits 2 on bad usage', () => {
    assert.strictEqual(run(['search']).status, 2);
    assert.strictEqual(run(['search', 'x', '--limit', '0']).status, 2);
    assert.strictEqual(run(['search', 'x', '--lang', 'fr']).status, 2);
    assert.strictEqual(run(['frobnicate']).status, 2);
    assert.strictEqual(run(['show', 'no-such-entry']).status, 2);
  });

  it('loads extra entries with --kb and reports broken ones on stderr', () => {
    const r = run(['search', 'glance upload hangs', '--json', '--kb', path.join(FIXTURES, 'kb-broken')]);
    assert.strictEqual(r.status, 0);
    assert.strictEqual(JSON.parse(r.stdout).results[0].id, 'good-entry');
    assert.match(r.stderr, /bad-regex\/entry\.yaml:12:/);
  });
});
