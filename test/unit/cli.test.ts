import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BUILTIN_IDS, CLI, FIXTURES } from './paths';

const run = (args: string[], input?: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input });

describe('stacktales CLI', () => {
  it('search --json prints the contract shape, best first', () => {
    const r = run(['search', 'instances lose network after a day', '--json']);
    assert.strictEqual(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    // Issue #16 added "queryBytes" and, per result, "match"; the fields before them are unchanged.
    assert.deepStrictEqual(Object.keys(out), ['query', 'results', 'queryBytes']);
    assert.strictEqual(out.query, 'instances lose network after a day');
    assert.strictEqual(out.queryBytes, Buffer.byteLength('instances lose network after a day'));
    assert.strictEqual(out.results[0].id, 'dhcp-renewal-stall');
    assert.strictEqual(out.results[0].match, 'strong');
    for (const x of out.results) {
      assert.deepStrictEqual(Object.keys(x), ['id', 'title', 'score', 'match']);
      assert.strictEqual(typeof x.score, 'number');
      assert.ok(['strong', 'weak', 'none'].includes(x.match));
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

  it('search says when no tale matches and shows the nearest entries as related, weakly (issue #16)', () => {
    const q = 'race between ip allocations and dhcp agent notifications';
    const r = run(['search', q]);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^no tale matches "${q}"\nrelated, weakly:\n  - dhcp-renewal-stall `));
    const json = JSON.parse(run(['search', q, '--json']).stdout);
    assert.ok(json.results.length && json.results.every((x: { match: string }) => x.match !== 'strong'), JSON.stringify(json));
  });

  it('search - echoes only the first line of pasted text, with its size, and says when no signal is in it (issue #16)', () => {
    const tail = fs.readFileSync(path.join(FIXTURES, 'search', 'healthy', 'nova-compute.log'), 'utf8');
    const json = JSON.parse(run(['search', '-', '--json'], tail).stdout);
    assert.strictEqual(json.query, tail.split('\n')[0]);
    assert.strictEqual(json.queryBytes, Buffer.byteLength(tail));
    assert.ok(json.results.every((x: { match: string }) => x.match === 'none'), JSON.stringify(json.results));
    const text = run(['search', '-'], tail);
    assert.strictEqual(text.stdout, `no tale matches: no signal of any tale in the pasted text (${tail.trim().split('\n').length} lines); its words alone say nothing\n`);
  });

  it('kb check passes on the built-in KB', () => {
    const r = run(['kb', 'check']);
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /6 entries OK, 0 problem/);
  });

  it('kb check counts in words ("1 entry OK") and says a missing folder in a sentence (issue #16)', () => {
    const r = run(['kb', 'check', path.join(FIXTURES, 'kb-user')]);
    assert.strictEqual(r.status, 0, r.stdout);
    assert.match(r.stdout, /\n1 entry OK, 0 problems, 2 warnings\n$/);
    const missing = run(['kb', 'check', path.join(FIXTURES, 'no-such-folder')]);
    assert.deepStrictEqual([missing.status, missing.stdout, missing.stderr], [2, '', `stacktales: cannot check ${path.join(FIXTURES, 'no-such-folder')}: there is no such folder\n`]);
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

  it('show prints the story, then the diagnostics, the runbook outline, the remedy commands and the references (issue #16)', () => {
    const r = run(['show', 'bpdu-guard-massacre']);
    assert.strictEqual(r.status, 0, r.stderr);
    const sections = [...r.stdout.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.deepStrictEqual(sections.slice(-4), ['Diagnostics', 'Runbook', 'Remedy', 'References']);
    const part = (name: string) => r.stdout.split(`\n## ${name}\n`)[1].split('\n## ')[0];
    assert.match(part('Diagnostics'), /^- compute-service-list: .+ {2}\[read-only; on controller\]\n {4}openstack compute service list/m);
    assert.match(part('Diagnostics'), /\[changes the system; back up first: \S+; on compute, as root\]/);
    assert.match(part('Runbook'), /^1\. services: .+ {2}\(start\)\n {3}check: compute-service-list\n {3}confirmed → bond; /m);
    assert.match(part('Runbook'), /ask: Ask the network team/);
    assert.match(part('Remedy'), /^ {2}\d+\. .+ {2}\[changes the system; back up first: step \d+\]\n {7}on hosts with the role compute \(as root\): ebtables -I FORWARD/m);
    assert.match(part('References'), /^- OpenStack Operations Guide.* https:\/\/docs\.openstack\.org\//m);
  });

  it('show --json prints the entry as data (issue #16)', () => {
    const r = run(['show', 'double-vlan', '--json']);
    assert.strictEqual(r.status, 0, r.stderr);
    const e = JSON.parse(r.stdout);
    assert.strictEqual(e.id, 'double-vlan');
    assert.ok(Array.isArray(e.diagnostics) && Array.isArray(e.runbook.steps) && Array.isArray(e.remedy.steps) && Array.isArray(e.references));
    assert.match(e.prose.en, /\S/);
    assert.match(e.prose.de, /\S/);
  });

  it('suggests the nearest entry for a typo; list, and show without an id, list the entries; an error is said once (issue #16)', () => {
    const typo = run(['show', 'double-vlam']);
    assert.deepStrictEqual([typo.status, typo.stdout, typo.stderr], [2, '', 'stacktales: unknown entry "double-vlam"; did you mean "double-vlan"? (stacktales list shows every entry)\n']);
    assert.match(run(['runbook', 'dhcp-renewal', '--host', 'h']).stderr, /did you mean "dhcp-renewal-stall"\?/);
    const list = run(['list']);
    assert.strictEqual(list.status, 0, list.stderr);
    const ids = list.stdout.trim().split('\n').slice(0, -1).map((l) => l.split(/\s+/)[0]);
    assert.deepStrictEqual(ids, [...BUILTIN_IDS]);
    assert.strictEqual(run(['show']).stdout, list.stdout);
    assert.deepStrictEqual(JSON.parse(run(['list', '--json']).stdout).entries.map((e: { id: string }) => e.id), [...BUILTIN_IDS]);
    for (const args of [['show', '--lang', 'fr', 'double-vlan'], ['search', 'x', '--limit', '0'], ['frobnicate'], ['exec', '--', 'true']]) {
      const r = run(args);
      assert.strictEqual(r.status, 2, args.join(' '));
      assert.match(r.stderr, /^stacktales: \S[^\n]*\n$/, `said once, as a sentence: ${args.join(' ')}: ${JSON.stringify(r.stderr)}`);
    }
  });

  it('loads extra entries with --kb and reports broken ones on stderr', () => {
    const r = run(['search', 'glance upload hangs', '--json', '--kb', path.join(FIXTURES, 'kb-broken')]);
    assert.strictEqual(r.status, 0);
    assert.strictEqual(JSON.parse(r.stdout).results[0].id, 'good-entry');
    assert.match(r.stderr, /bad-regex\/entry\.yaml:12:/);
  });
});
