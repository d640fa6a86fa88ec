import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Finding } from '../../src/core/signals/finding';
import { couldNotCheck } from '../../src/core/run/verdict';
import { evidenceScore } from '../../src/core/runbook/engine';
import type { RunResult } from '../../src/core/ssh/types';
import { tempDir } from '../ssh/sshd';

/** A command run here by a real shell, as the runner reports it from a host. */
function sh(command: string, user?: string): RunResult {
  const r = user ? spawnSync('su', ['-s', '/bin/sh', user, '-c', command], { encoding: 'utf8' }) : spawnSync('sh', ['-c', command], { encoding: 'utf8' });
  return { host: 'h', command, exitCode: r.status, signal: null, stdout: r.stdout, stderr: r.stderr, dropped: { stdout: 0, stderr: 0 }, durationMs: 1, error: null };
}

/** Verdicts that cannot lie (issue #15): a check that could not run is never read as "no signal". */
describe('could-not-check verdicts, on real shells', () => {
  it('a missing log is not a clean one', () => {
    const c = couldNotCheck(sh('grep -h "Removing base" /var/log/nova/nova-compute.log.nope | tail -n 100'));
    assert.ok(c, 'could not check');
    assert.match(c.reason, /No such file or directory/);
    assert.match(c.fix!, /another deployment keeps it elsewhere/);
  });

  it('a tool that is not installed says which to install', () => {
    const c = couldNotCheck(sh('stacktales-no-such-tool -c 4 -M do -s 1472 10.0.0.1'));
    assert.ok(c);
    assert.match(c.reason, /exit 127/);
    assert.strictEqual(c.fix, 'install stacktales-no-such-tool on the host');
  });

  it('a file only root may read, read by an operator, asks for root', function () {
    const dir = tempDir('stacktales-verdict-');
    const conf = path.join(dir, 'nova.conf');
    fs.writeFileSync(conf, '[DEFAULT]\nvlan_interface = vlan20\n', { mode: 0o640 });
    fs.chmodSync(dir, 0o755);
    const c = couldNotCheck(sh(`grep -HnE '^[[:space:]]*vlan_interface' ${conf}`, 'nobody'));
    assert.ok(c);
    assert.match(c.reason, /Permission denied/);
    assert.strictEqual(c.fix, 'run as root or with sudo (a user who may read it)');
  });

  it('openstack without credentials says to source the openrc', () => {
    // keystoneauth's words when OS_AUTH_URL is missing (the install guide's openrc sets it).
    const r = sh("echo 'Missing value auth-url required for auth plugin password' >&2; exit 1");
    assert.strictEqual(couldNotCheck(r)?.fix, 'source the openrc, or set OS_CLOUD (clouds.yaml), for the user the check runs as');
  });

  it('grep finding nothing, or exit codes the diagnostic calls normal, is a check that ran', () => {
    const dir = tempDir('stacktales-verdict-');
    fs.writeFileSync(path.join(dir, 'nova-compute.log'), 'INFO nothing\n');
    assert.strictEqual(couldNotCheck(sh(`grep -h "Removing base" ${dir}/nova-compute.log`)), undefined, 'exit 1, stderr empty');
    assert.strictEqual(couldNotCheck(sh('echo "warning: something odd" >&2; exit 3'), { exitCodes: [3] }), undefined);
    assert.ok(couldNotCheck(sh('echo "warning: something odd" >&2; exit 3')));
  });

  it('connection failures, timeouts and sudo say what would let them run', () => {
    const base = sh('true');
    assert.match(couldNotCheck({ ...base, exitCode: null, error: { kind: 'sudo-password', message: 'sudo: a password is required' } })!.fix!, /NOPASSWD/);
    assert.match(couldNotCheck({ ...base, exitCode: null, error: { kind: 'timeout', message: 'no output within 60 s' } })!.fix!, /raise the timeout/);
  });
});

describe('triage weighs evidence, not lines', () => {
  const f = (signal: string, severity: Finding['severity']): Finding => ({ file: 'x', line: 1, column: 1, endColumn: 1, entry: 'e', signal, severity, captures: {} });
  it('counts a signal once however many lines show it, and ranks an error above many warnings', () => {
    const slow = evidenceScore(Array.from({ length: 20 }, () => f('slow-api-request', 'warning')));
    const huge = evidenceScore([f('console-log-huge', 'error')]);
    assert.ok(huge.score > slow.score, `${huge.score} > ${slow.score}`);
    assert.deepStrictEqual(slow.signals, [{ signal: 'slow-api-request', severity: 'warning', count: 20 }]);
    assert.ok(evidenceScore([f('a', 'warning'), f('b', 'warning')]).score > slow.score, 'a second signal corroborates');
  });
});

describe('a runbook step reads stderr too (real qemu-img)', () => {
  it('confirms a missing backing file that qemu-img reports on stderr, and never rules it out', async function () {
    this.timeout(30000);
    const { loadKb } = await import('../../src/core/knowledge/loadKb');
    const { compileDetectors } = await import('../../src/core/detect/compile');
    const { runStep } = await import('../../src/core/runbook/engine');
    const { KB_DIR } = await import('./paths');
    // A nova-like instances path: the instance's disk backed by a base image that is gone.
    const root = tempDir('stacktales-qemu-');
    fs.mkdirSync(path.join(root, '_base'));
    fs.mkdirSync(path.join(root, 'inst-1'));
    const base = path.join(root, '_base', '7b4783508212f5d242cbf9ff56fb8d33b4ce6166');
    spawnSync('qemu-img', ['create', '-q', '-f', 'qcow2', base, '1M']);
    spawnSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', base, path.join(root, 'inst-1', 'disk')]);
    fs.rmSync(base);
    const template = loadKb([{ dir: KB_DIR, origin: 'builtin' }]).entries[0];
    const entry = {
      ...template.entry,
      id: 'backing',
      signals: [{ id: 'gone', kind: 'output' as const, diagnostics: ['info'], pattern: "Could not open '(?<path>[^']*/_base/[^']*)'.*No such file or directory", severity: 'error' as const, explain: { en: 'x', de: 'x' } }],
      diagnostics: [{ id: 'info', title: { en: 'x', de: 'x' }, command: 'qemu-img info --backing-chain {{disk}}', params: [{ name: 'disk', type: 'path' as const }], roles: ['compute' as const], root: false, effect: 'read' as const }],
    };
    const step = { id: 's', title: { en: 'x', de: 'x' }, check: { diagnostic: 'info' }, signals: ['gone'], expect: { en: 'x', de: 'x' }, meaning: { en: 'x', de: 'x' }, next: { confirmed: '@confirmed', 'ruled-out': '@ruled-out' } };
    const host = { name: 'h', address: '127.0.0.1', port: 22, user: 'root', roles: ['compute' as const], identityFiles: [], identitiesOnly: false, proxyJump: [], source: 'command-line' as const };
    const ctx = {
      detectors: compileDetectors([{ ...template, entry }]),
      hosts: [host],
      params: { disk: path.join(root, 'inst-1', 'disk') },
      execute: async (runs: { command: string }[]) => runs.map((r) => sh(r.command)),
    };
    const record = await runStep(entry, step, ctx);
    assert.strictEqual(record.outcome, 'confirmed', JSON.stringify(record.evidence));
    assert.match(record.evidence.join('\n'), /\[stderr\] qemu-img: Could not open '.*\/_base\/7b47835/);
    // Without the signal, the same run is a check that could not decide, not a clean host.
    const blind = await runStep({ ...entry, signals: [] }, { ...step, signals: [] }, { ...ctx, detectors: compileDetectors([{ ...template, entry: { ...entry, signals: [] } }]) });
    assert.strictEqual(blind.outcome, 'could-not-check');
  });
});
