import * as assert from 'assert';
import { spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadScenarios } from '../../src/core/lab/scenarios';
import { freePortRange, startLabProcess, tempDir } from '../ssh/sshd';
import { BUILTIN_IDS, CLI, ROOT } from './paths';

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

  it("scans a tale's hosts remotely and finds what a local scan of its files finds; the healthy ones show nothing", () => {
    const files = path.join(ROOT, 'lab', 'scenarios', 'disappearing-images', 'files');
    const local = JSON.parse(cli(['scan', '--json', files]).stdout) as { findings: { file: string; line: number; signal: string; severity: string }[] };
    const r = cli(['scan', ...via('disappearing-images'), '--host', 'compute', '--json', '/var/log/nova/*.log*', '/etc/nova/nova.conf', '/proc/mounts', '/var/log/libvirt']);
    assert.strictEqual(r.status, 0, r.stderr);
    const remote = JSON.parse(r.stdout) as { findings: { host: string; file: string; line: number; signal: string; severity: string }[] };
    const key = (f: { file: string; line: number; signal: string; severity: string }) => `${f.file.replace(files, '')}:${f.line}:${f.signal}:${f.severity}`;
    assert.ok(local.findings.some((f) => f.severity === 'error'));
    assert.deepStrictEqual(remote.findings.map(key).sort(), local.findings.map(key).sort());
    assert.ok(remote.findings.every((f) => f.host === 'disappearing-images-cmp'));
    const healthy = cli(['scan', ...via('healthy'), '--json', '/var/log', '/etc', '/proc/mounts']);
    assert.strictEqual(healthy.status, 0, healthy.stderr);
    assert.deepStrictEqual(JSON.parse(healthy.stdout).findings, []);
  });

  it("serves a host's files read-only over SFTP, and the end of a log to the log view", async () => {
    const { resolveHosts } = await import('../../src/core/hosts/resolveHosts');
    const { SshRunner } = await import('../../src/core/ssh/sshRunner');
    const { followLog } = await import('../../src/core/remote/follow');
    const [host] = resolveHosts({ specs: ['disappearing-images-cmp'], inventory: path.join(dir, 'inventory.ini'), sshConfig: path.join(dir, 'ssh_config') });
    const runner = new SshRunner({ knownHostsFiles: [], knownHostsWriteFile: path.join(dir, 'own_known_hosts'), prompts: { unknownHostKey: async () => false, passphrase: async () => undefined, password: async () => undefined } });
    try {
      const sftp = await runner.sftp(host);
      const call = <T>(f: (cb: (err: Error | undefined, v: T) => void) => void) => new Promise<T>((resolve, reject) => f((err, v) => (err ? reject(err) : resolve(v))));
      const conf = await call<Buffer>((cb) => sftp.readFile('/etc/nova/nova.conf', cb));
      assert.match(conf.toString(), /\[DEFAULT\]/);
      assert.deepStrictEqual((await call<{ filename: string }[]>((cb) => sftp.readdir('/var/log/nova', cb))).map((e) => e.filename), ['nova-compute.log']);
      assert.ok((await call<{ isDirectory(): boolean }>((cb) => sftp.stat('/var/log', cb))).isDirectory());
      await assert.rejects(call((cb) => sftp.writeFile('/etc/nova/nova.conf', 'x', cb as never)), /denied/i);
      await assert.rejects(call((cb) => sftp.stat('/../../../etc/passwd', cb)), /no such file/i);
      const lines: string[] = [];
      const abort = new AbortController();
      const ended = await followLog(runner, host, '/var/log/nova/nova-compute.log', { initialBytes: 300, follow: false, onLines: (l) => lines.push(...l), signal: abort.signal });
      assert.strictEqual(ended.ended, 'exit');
      const last = fs.readFileSync(path.join(ROOT, 'lab', 'scenarios', 'disappearing-images', 'files', 'var', 'log', 'nova', 'nova-compute.log'), 'utf8').trimEnd().split('\n').pop();
      assert.strictEqual(lines[lines.length - 1], last);
      assert.ok(lines.join('\n').length <= 300, 'only the end, its partial first line dropped');
    } finally {
      runner.close();
    }
  });

  it('has a scenario for every tale and a healthy one', () => {
    assert.deepStrictEqual(scenarios.map((s) => s.name), [...BUILTIN_IDS, 'healthy']);
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
