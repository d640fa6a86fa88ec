import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { compileDetectors } from '../../src/core/detect/compile';
import type { Host } from '../../src/core/hosts/types';
import { loadKb } from '../../src/core/knowledge/loadKb';
import { triage, walkRunbook, type WalkContext } from '../../src/core/runbook/engine';
import type { PlannedRun } from '../../src/core/run/plan';
import type { RunResult } from '../../src/core/ssh/types';
import { FIXTURES, KB_DIR } from './paths';

interface Case {
  entry: string;
  params?: Record<string, string>;
  answers?: Record<string, string>;
  outputs: Record<string, string>;
  expect: { conclusion: string; path: string[] };
}

const entries = loadKb([{ dir: KB_DIR, origin: 'builtin' }]).entries;
const detectors = compileDetectors(entries);
const HOST: Host = { name: 'lab', address: '127.0.0.1', port: 22, user: 'root', roles: [], identityFiles: [], identitiesOnly: false, proxyJump: [], source: 'lab' };

/** Replays what each diagnostic printed on a host that was in (or not in) the tale; an unrecorded check did not run there. */
function replay(outputs: Record<string, string>): WalkContext['execute'] {
  return async (runs: PlannedRun[]) =>
    runs.map((r): RunResult => {
      const out = outputs[r.diagnostic.id];
      return { host: r.host.name, command: r.command, exitCode: out === undefined ? 127 : 0, signal: null, stdout: out ?? '', stderr: out === undefined ? `sh: 1: ${r.command.split(' ')[0]}: not found` : '', dropped: { stdout: 0, stderr: 0 }, durationMs: 1, error: out === undefined ? { kind: 'command-not-found', message: 'not recorded' } : null };
    });
}

describe('runbooks on recorded outputs (test/fixtures/runbooks)', () => {
  const dir = path.join(FIXTURES, 'runbooks');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

  it('has a confirming and a ruling-out case for every runbook', () => {
    for (const e of entries) {
      assert.ok(files.includes(`${e.entry.id}-positive.yaml`) && files.includes(`${e.entry.id}-negative.yaml`), e.entry.id);
    }
  });

  for (const f of files) {
    it(f.replace(/\.yaml$/, ''), async () => {
      const c = parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Case;
      const entry = entries.find((e) => e.entry.id === c.entry)!.entry;
      const walk = await walkRunbook(entry, { detectors, hosts: [HOST], params: c.params, answers: c.answers, execute: replay(c.outputs) });
      assert.deepStrictEqual(walk.steps.map((s) => `${s.id}:${s.outcome}`), c.expect.path, JSON.stringify(walk.steps.map((s) => s.evidence)));
      assert.strictEqual(walk.conclusion, c.expect.conclusion);
      for (const s of walk.steps.filter((x) => x.outcome === 'confirmed')) assert.ok(s.evidence.length, `${s.id} keeps its evidence`);
    });
  }

  it('waits at a question in interactive mode, and resumes from there', async () => {
    const c = parse(fs.readFileSync(path.join(dir, 'bpdu-guard-massacre-positive.yaml'), 'utf8')) as Case;
    const entry = entries.find((e) => e.entry.id === c.entry)!.entry;
    const ctx = { detectors, hosts: [HOST], execute: replay(c.outputs) };
    const paused = await walkRunbook(entry, { ...ctx, waitForAnswers: true });
    assert.deepStrictEqual([paused.pending, paused.conclusion, paused.steps.length], ['switch', undefined, 2]);
    const done = await walkRunbook(entry, { ...ctx, answers: { switch: 'no' } }, paused);
    assert.deepStrictEqual([done.steps.map((s) => s.id), done.conclusion], [['services', 'bond', 'switch'], 'ruled-out']);
  });

  it('says why a check could not decide (a parameter it needs)', async () => {
    const dv = entries.find((e) => e.entry.id === 'double-vlan')!.entry;
    const walk = await walkRunbook(dv, { detectors, hosts: [HOST], execute: replay({ 'grep-vlan-interface': 'vlan_interface = bond0\n', 'ip-detail-link': '' }) });
    const probe = walk.steps.find((s) => s.id === 'probe-mtu')!;
    assert.strictEqual(probe.outcome, 'inconclusive');
    assert.match(probe.evidence[0], /parameter "target" needs a value/);
    assert.strictEqual(walk.conclusion, 'inconclusive');
  });

  it('triage ranks the tale whose first check found the most', async () => {
    const outputs = { 'du-console-logs': fs.readFileSync(path.join(FIXTURES, 'detect', 'console-log-flood-positive', 'commands', 'du-console.txt'), 'utf8'), 'find-shared-storage': 'instances path is on the root file system\n' };
    const ranking = await triage(entries.map((e) => e.entry), { detectors, hosts: [HOST], execute: replay(outputs) });
    assert.strictEqual(ranking[0].id, 'console-log-flood');
    assert.ok(ranking[0].score > 0);
    assert.ok(ranking.slice(1).every((r) => r.score === 0 && r.evidence.length === 0));
  });
});

describe('incident report', () => {
  it('tells the walk as Markdown and redacts secrets that came from hosts or operators', async () => {
    const { renderReport } = await import('../../src/core/runbook/report');
    const entry = entries.find((e) => e.entry.id === 'bpdu-guard-massacre')!.entry;
    const c = parse(fs.readFileSync(path.join(FIXTURES, 'runbooks', 'bpdu-guard-massacre-positive.yaml'), 'utf8')) as Case;
    const answers = { switch: `${c.answers!.switch}\ntransport_url = rabbit://nova:S3cret@ctl1:5672/` };
    const walk = await walkRunbook(entry, { detectors, hosts: [HOST], answers, execute: replay(c.outputs) });
    const md = renderReport(entry, walk, 'en', new Date('2026-02-15T01:45:00Z'));
    assert.match(md, /^# Incident report: A guest sends spanning-tree BPDUs/);
    assert.match(md, /Conclusion: \*\*confirmed\*\*/);
    assert.match(md, /%SPANTREE-4-BLOCK_BPDUGUARD/);
    assert.match(md, /ebtables -I FORWARD .*changes the system|changes the system.*\n\n {3}`ebtables -I FORWARD/);
    assert.doesNotMatch(md, /S3cret/);
    assert.match(renderReport(entry, walk, 'de'), /^# Störungsbericht:/);
  });

  it('redacts pasted answers in every format an operator pastes (issue #13)', async () => {
    const { renderReport } = await import('../../src/core/runbook/report');
    const entry = entries.find((e) => e.entry.id === 'bpdu-guard-massacre')!.entry;
    const c = parse(fs.readFileSync(path.join(FIXTURES, 'runbooks', 'bpdu-guard-massacre-positive.yaml'), 'utf8')) as Case;
    const secrets = [
      'nova.conf:42:password = Pa55word-One',
      '{"auth": {"passwordCredentials": {"username": "admin", "password": "Pa55word-Two"}}}',
      'curl -H "X-Auth-Token: gAAAAABlPa55wordThree" http://ctl:8774/v2.1/servers',
      'Authorization: Bearer Pa55wordFour',
      'export OS_PASSWORD=Pa55word-Five',
      'username admin privilege 15 password 0 Pa55word-Six',
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      'b3BlbnNzaC1rZXktdjEAAAAPa55wordSeven',
      '-----END OPENSSH PRIVATE KEY-----',
    ];
    const answers = { switch: `${c.answers!.switch}\n${secrets.join('\n')}` };
    const walk = await walkRunbook(entry, { detectors, hosts: [HOST], answers, execute: replay(c.outputs) });
    const md = renderReport(entry, walk, 'en');
    assert.match(md, /%SPANTREE-4-BLOCK_BPDUGUARD/);
    assert.doesNotMatch(md, /Pa55word/);
    assert.doesNotMatch(JSON.stringify(walk), /Pa55word/);
  });
});
