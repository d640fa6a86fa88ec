import * as assert from 'assert';
import { spawnSync, type ChildProcess } from 'child_process';
import * as path from 'path';
import { loadScenarios } from '../../src/core/lab/scenarios';
import { freePortRange, startLabProcess, tempDir } from '../ssh/sshd';
import { CLI, ROOT } from './paths';

const scenarios = loadScenarios(path.join(ROOT, 'lab', 'scenarios'));
const HOSTS = scenarios.reduce((n, s) => n + s.hosts.length, 0);

describe('the lab: simulated hosts over real SSH', function () {
  this.timeout(120000);
  let dir: string;
  let port: number;
  let lab: ChildProcess;
  const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, SSH_AUTH_SOCK: '' } });
  const via = (scenario: string) => ['--inventory', path.join(dir, scenario, 'inventory.ini'), '--ssh-config', path.join(dir, 'ssh_config')];
  const pairs = (flag: string, o: Record<string, string>) => Object.entries(o).flatMap(([k, v]) => [flag, `${k}=${v}`]);

  before(async () => {
    dir = tempDir('stacktales-lab-');
    port = await freePortRange(HOSTS);
    const started = await startLabProcess(CLI, port, dir);
    lab = started.proc;
    assert.deepStrictEqual(started.ready, { ready: true, dir, port });
  });

  after(() => {
    lab?.kill('SIGKILL');
  });

  it('says so when a host cannot run the scan script (the lab simulates diagnostics, not a shell)', () => {
    const r = cli(['scan', ...via('double-vlan'), '--host', 'compute', '--json', '/var/log/nova/nova-compute.log']);
    assert.strictEqual(r.status, 1, r.stderr);
    assert.match(r.stderr, /skipped double-vlan-cmp: error: the scan script failed \(exit 127\): sh: 1: sh: not found/);
    assert.deepStrictEqual(JSON.parse(r.stdout).findings, []);
  });

  it('has a scenario for every tale and a healthy one', () => {
    assert.deepStrictEqual(scenarios.map((s) => s.name), ['bpdu-guard-massacre', 'console-log-flood', 'deleted-rows-bloat', 'dhcp-renewal-stall', 'disappearing-images', 'double-vlan', 'healthy']);
  });

  for (const s of scenarios) {
    for (const [entry, conclusion] of Object.entries(s.expect)) {
      it(`runbook ${entry} reaches "${conclusion}" in scenario ${s.name}`, () => {
        const r = cli(['runbook', entry, ...via(s.name), ...pairs('--param', s.params), ...pairs('--answer', s.answers), '--json']);
        assert.strictEqual(r.status, 0, r.stderr);
        const walk = JSON.parse(r.stdout);
        assert.strictEqual(walk.conclusion, conclusion, JSON.stringify(walk.steps));
      });
    }
  }

  for (const s of scenarios.filter((x) => x.name !== 'healthy')) {
    it(`triage ranks ${s.name} first on its hosts`, () => {
      const r = cli(['triage', ...via(s.name), ...pairs('--param', s.params), '--json']);
      assert.strictEqual(r.status, 0, r.stderr);
      const ranking = JSON.parse(r.stdout).ranking;
      assert.strictEqual(ranking[0].id, s.name, JSON.stringify(ranking));
      assert.ok(ranking[0].score > 0 && ranking[1].score < ranking[0].score);
    });
  }

  it('answers a command the KB does not know with "not found", and keeps serving', () => {
    const r = cli(['exec', '--host', 'healthy-cmp', '--ssh-config', path.join(dir, 'ssh_config'), '--json', '--', 'reboot', 'now']);
    const [res] = JSON.parse(r.stdout).results;
    assert.deepStrictEqual([res.exitCode, res.error.kind, res.stderr.trim()], [127, 'command-not-found', 'sh: 1: reboot: not found']);
  });

  it('says so when its port is busy, and stops cleanly on SIGTERM', async () => {
    const second = spawnSync(process.execPath, [CLI, 'lab', '--port', String(port), '--dir', tempDir(), '--json'], { encoding: 'utf8', timeout: 20000 });
    assert.strictEqual(second.status, 1);
    assert.match(second.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use`));
    const exited = new Promise<number | null>((resolve) => lab.once('exit', (code) => resolve(code)));
    lab.kill('SIGTERM');
    assert.strictEqual(await exited, 0);
  });
});
