import * as assert from 'assert';
import { spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadScenarios } from '../../src/core/lab/scenarios';
import { isWrapped, wrapForGroupKill, wrapSudo } from '../../src/core/wire/pidWrapper';
import { freePortRange, startLabProcess, tempDir } from '../ssh/sshd';
import { BUILTIN_IDS, CLI, ROOT } from './paths';
import { runInPty } from './pty';

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

  it('says what each byte count of a remote scan counts, and they add up (issue #16)', () => {
    const args = ['scan', ...via('disappearing-images'), '--host', 'compute', '/var/log/nova/*.log*', '/etc/nova/nova.conf', '/proc/mounts', '/var/log/libvirt'];
    const json = JSON.parse(cli([...args, '--json']).stdout);
    const files = path.join(ROOT, 'lab', 'scenarios', 'disappearing-images', 'files');
    const sizes = ['var/log/nova', 'var/log/libvirt', 'etc/nova/nova.conf', 'proc/mounts'].flatMap((p) => {
      const at = path.join(files, p);
      return fs.statSync(at).isDirectory() ? fs.readdirSync(at, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => fs.statSync(path.join(e.parentPath, e.name)).size) : [fs.statSync(at).size];
    });
    assert.strictEqual(json.bytesScanned, sizes.reduce((a, b) => a + b, 0), 'the files as big as they are on the host');
    assert.strictEqual(json.bytesTransferred, json.bytesSent + json.bytesReceived);
    const text = cli(args).stdout.trim().split('\n').pop();
    assert.strictEqual(text, `${json.findings.length} finding(s) in ${json.files} file(s) holding ${json.bytesScanned} bytes on the hosts; ${json.bytesReceived} bytes came back (candidate lines and small files whole, numbered line by line), ${json.bytesSent} bytes of scan scripts went out`);
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

  it('has a scenario named after every tale, which confirms it, and a healthy one that rules every tale out', () => {
    for (const id of BUILTIN_IDS) assert.strictEqual(scenarios.find((s) => s.name === id)?.expect[id], 'confirmed', id);
    const healthy = scenarios.find((s) => s.name === 'healthy')!;
    assert.deepStrictEqual(Object.keys(healthy.expect).sort(), [...BUILTIN_IDS].sort());
    assert.ok(Object.values(healthy.expect).every((v) => v === 'ruled-out'));
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

  // The scenarios of one tale (the entry their expect confirms).
  for (const s of scenarios.filter((x) => Object.values(x.expect).filter((v) => v === 'confirmed').length === 1)) {
    const tale = Object.entries(s.expect).find(([, v]) => v === 'confirmed')![0];
    it(`triage ranks ${tale} first on the hosts of scenario ${s.name}`, () => {
      const r = cli(['triage', ...via(s.name), ...pairs('--param', s.params), '--json']);
      assert.strictEqual(r.status, 0, r.stderr);
      const ranking = JSON.parse(r.stdout).ranking;
      assert.strictEqual(ranking[0].id, tale, JSON.stringify(ranking));
      assert.ok(ranking[0].score > 0 && ranking[1].score < ranking[0].score);
    });
  }

  describe('a runbook walked at a terminal, and without one (issue #16)', () => {
    const walk = ['runbook', 'bpdu-guard-massacre'];
    const prompt = /no answer stops the walk here\):\n> $/;
    const atTerminal = (args: string[], typed: { waitFor: RegExp; type: string }[]) => runInPty([process.execPath, CLI, ...args], typed, { env: { SSH_AUTH_SOCK: '' } });

    it('asks the question at a terminal, goes on with a yes, and ends with the conclusion, its meaning and the remedy', async () => {
      const r = await atTerminal([...walk, ...via('bpdu-guard-massacre')], [{ waitFor: prompt, type: 'yes\r' }]);
      assert.strictEqual(r.code, 0, r.output);
      assert.match(r.output, /confirmed {4}bond on bpdu-guard-massacre-cmp\n[\s\S]*\nquestion switch: Did BPDU guard shut the ports\?\n  Ask the network team/);
      assert.match(r.output, /\nconfirmed {4}switch\n {13}answered yes\nconclusion: confirmed: .+\n  \S.+\n\nremedy: /);
      const remedy = r.output.slice(r.output.indexOf('\nremedy: '));
      const marks = [...remedy.matchAll(/^ {2}\d+\. .+ {2}\[(.+)\]$/gm)].map((m) => m[1]);
      assert.ok(marks.length >= 2 && marks.every((m) => /^(read-only|writes new files|changes the system|by hand)/.test(m)), remedy);
      assert.ok(marks.filter((m) => m.startsWith('changes the system')).every((m) => /; back up first: /.test(m)), remedy);
      assert.match(remedy, /\n {7}run: stacktales run bpdu-guard-massacre\/\S+ --inventory \S+ --ssh-config \S+/);
    });

    it('takes pasted lines ended by Ctrl-D at a terminal, and reads them with the step\'s signals', async () => {
      const line = 'Feb 15 01:40:18 SW-1 Ebra: %ETH-4-ERRDISABLE: bpduguard error detected on Port-Channel35.';
      const r = await atTerminal([...walk, ...via('bpdu-guard-massacre')], [
        { waitFor: prompt, type: `${line}\r` },
        { waitFor: /… $/, type: '\x04' },
      ]);
      assert.strictEqual(r.code, 0, r.output);
      assert.ok(r.output.includes(`\nconfirmed    switch\n             ${line}\nconclusion: confirmed: `), r.output);
    });

    it('stops where no one answers: no answer at a terminal, or no terminal, ends inconclusive with the --answer that goes on', async () => {
      const r = await atTerminal([...walk, ...via('bpdu-guard-massacre')], [{ waitFor: prompt, type: '\r' }]);
      assert.match(r.output, /\nconclusion: inconclusive: the question "switch" has no answer\nto go on, answer it \(yes, no, or the lines it asks for\):\n  stacktales runbook bpdu-guard-massacre --inventory \S+ --ssh-config \S+ --answer switch=yes\n/);
      const piped = cli([...walk, ...via('bpdu-guard-massacre')]);
      assert.strictEqual(piped.status, 0, piped.stderr);
      assert.ok(!piped.stdout.includes('question switch'), 'nothing is asked without a terminal');
      assert.match(piped.stdout, /\nwaiting {6}switch: Did BPDU guard shut the ports\?\n {13}Ask the network team/);
      assert.match(piped.stdout, /\nconclusion: inconclusive: the question "switch" has no answer\n.*\n  stacktales runbook bpdu-guard-massacre --inventory \S+ --ssh-config \S+ --answer switch=yes\n$/);
      const again = piped.stdout.trim().split('\n').pop()!.trim().split(' ').slice(1);
      const answered = cli(again);
      assert.match(answered.stdout, /\nconclusion: confirmed: /, 'the printed command goes on');
    });

    it("is walked as the README's transcript shows: the same steps, question, answer and conclusion", async () => {
      const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
      const block = /### A runbook at the terminal[\s\S]*?```console\n([\s\S]*?)\n```/.exec(readme)![1].split('\n');
      const [command, ...shown] = block;
      const args = command.replace(/^\$ npx stacktales /, '').split(' ');
      // What was typed: each answer after the prompt, and Ctrl-D where the text ended.
      const typed = shown.flatMap((l, i) =>
        l.startsWith('> ') ? [{ waitFor: prompt, type: `${l.slice(2)}\r` }, ...(shown[i + 1] === '… ' ? [{ waitFor: /… $/, type: '\x04' }] : [])] : [],
      );
      assert.ok(typed.length, 'the transcript answers a question');
      const cwd = tempDir();
      fs.symlinkSync(dir, path.join(cwd, '.stacktales-lab'));
      const r = await runInPty([process.execPath, CLI, ...args], typed, { env: { SSH_AUTH_SOCK: '' }, cwd });
      assert.strictEqual(r.code, 0, r.output);
      // The lines that say what happened, in order: steps, the question, the answer, the conclusion.
      const decisive = (lines: string[]) =>
        lines.filter((l) => /^(\S+ {2,}\S+( on .+)?|question \S+:.*|> .*|conclusion: .*)$/.test(l)).map((l) => l.replace(/^(question \S+:|conclusion: [a-z-]+).*$/, '$1'));
      assert.deepStrictEqual(decisive(r.output.split('\n')), decisive(shown));
      assert.deepStrictEqual(decisive(shown).filter((l) => /^(question|>|conclusion)/.test(l)).map((l) => l.split(' ')[0]), ['question', '>', 'conclusion:']);
    });

    it('saves a walk with --save and goes on with --resume, without running its checks again; --report writes the incident report', () => {
      const file = path.join(tempDir(), 'walk.json');
      const report = path.join(path.dirname(file), 'report.md');
      const first = cli([...walk, ...via('bpdu-guard-massacre'), '--save', file, '--json']);
      assert.strictEqual(first.status, 0, first.stderr);
      const out = JSON.parse(first.stdout);
      assert.deepStrictEqual([out.conclusion, out.steps.map((s: { id: string; outcome: string }) => `${s.id}:${s.outcome}`)], ['inconclusive', ['services:confirmed', 'bond:confirmed', 'switch:inconclusive']]);
      assert.ok(first.stderr.includes(`stacktales runbook --resume ${file} --answer switch=yes`), first.stderr);
      const before = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.strictEqual(before.walk.pending, 'switch');
      // From another folder, with no host options: the file has them.
      const r = spawnSync(process.execPath, [CLI, 'runbook', '--resume', file, '--answer', 'switch=no', '--report', report], { encoding: 'utf8', cwd: tempDir(), env: { ...process.env, SSH_AUTH_SOCK: '' } });
      assert.strictEqual(r.status, 0, r.stderr);
      assert.match(r.stdout, /\nruled-out {4}switch\n {13}answered no\nconclusion: ruled-out: not this tale here\n/);
      const after = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.deepStrictEqual(after.walk.steps.slice(0, 2), before.walk.steps, 'the checks walked before were not run again');
      assert.strictEqual(after.walk.conclusion, 'ruled-out');
      assert.match(fs.readFileSync(report, 'utf8'), /^# Incident report: [\s\S]*Conclusion: \*\*ruled-out\*\*[\s\S]*answered no/);
      const other = cli(['runbook', 'double-vlan', '--resume', file]);
      assert.deepStrictEqual([other.status, other.stderr], [2, `stacktales: the walk in ${file} is of entry "bpdu-guard-massacre", not "double-vlan"\n`]);
      assert.match(cli(['runbook', '--resume', path.join(path.dirname(file), 'nope.json')]).stderr, /^stacktales: cannot resume from .*nope\.json: there is no such file\n$/);
    });
  });

  it('answers a command the KB does not know with "not found", and keeps serving', () => {
    const r = cli(['exec', '--host', 'healthy-cmp', '--ssh-config', path.join(dir, 'ssh_config'), '--json', '--', 'reboot', 'now']);
    const [res] = JSON.parse(r.stdout).results;
    assert.deepStrictEqual([res.exitCode, res.error.kind, res.stderr.trim()], [127, 'command-not-found', 'sh: 1: reboot: not found']);
  });

  describe('behaves like a host to whoever connects (issue #16)', () => {
    const ssh = (...words: string[]) => spawnSync('ssh', ['-F', path.join(dir, 'ssh_config'), '-o', 'BatchMode=yes', 'healthy-cmp', ...words], { encoding: 'utf8', env: { ...process.env, SSH_AUTH_SOCK: '' } });

    it("knows the runner's wrapper from a command as typed", () => {
      assert.ok(isWrapped(wrapForGroupKill('uptime')) && isWrapped(wrapForGroupKill(wrapSudo('du -b /'))));
      assert.ok(!isWrapped('uptime') && !isWrapped(wrapSudo('uptime')) && !isWrapped("printf 'stacktales-pid:%s\\n' 1; uptime"));
    });

    it('a plain ssh client sees no wrapper: a known command prints as on a host, an unknown one exits 127 with one line', () => {
      const up = ssh('uptime');
      assert.deepStrictEqual([up.status, up.stderr], [0, '']);
      assert.match(up.stdout, /^ \d\d:\d\d:\d\d up .* load average: /);
      assert.deepStrictEqual([ssh('hostname').stdout, ssh('whoami').stdout], ['healthy-cmp\n', 'lab\n']);
      const nope = ssh('nosuchcommand', '--now');
      assert.deepStrictEqual([nope.status, nope.stdout, nope.stderr], [127, '', 'sh: 1: nosuchcommand: not found\n']);
      assert.ok(!ssh('ip', '-d', 'link', 'show').stderr.includes('stacktales-pid'), 'a KB command as typed: no pid line either');
    });

    it('exec says an unknown command once, and exits 1 as the command did not run; uptime runs', () => {
      const via = ['--host', 'healthy-cmp', '--ssh-config', path.join(dir, 'ssh_config')];
      const up = cli(['exec', ...via, '--', 'uptime']);
      assert.strictEqual(up.status, 0, up.stdout + up.stderr);
      assert.match(up.stdout, /^== healthy-cmp: uptime {2}\(exit 0, \d+ ms\)\n \d\d:\d\d:\d\d up /);
      const nope = cli(['exec', ...via, '--', 'nosuchcommand']);
      assert.strictEqual(nope.status, 1);
      assert.match(nope.stdout, /^== healthy-cmp: nosuchcommand {2}\(exit 127, command-not-found, \d+ ms\)\n\[stderr\] sh: 1: nosuchcommand: not found\n$/);
      assert.strictEqual(nope.stdout.split('not found').length - 1, 1, 'said once');
    });

    it('shows the values of --param in the outputs that show them', () => {
      const r = cli(['run', 'console-log-flood/du-console-logs', ...via('console-log-flood'), '--param', 'instances_path=/srv/nova', '--json']);
      assert.strictEqual(r.status, 0, r.stderr);
      const [res] = JSON.parse(r.stdout).results;
      assert.match(res.stdout, /\t\/srv\/nova\/instance-[^/]+\/console\.log/);
      assert.doesNotMatch(res.stdout, /\/var\/lib\/nova\/instances/);
      const plain = JSON.parse(cli(['run', 'console-log-flood/du-console-logs', ...via('console-log-flood'), '--json']).stdout).results[0];
      assert.match(plain.stdout, /\t\/var\/lib\/nova\/instances\/instance-/, 'without --param, the default path');
    });
  });

  // Last: it stops the lab the tests above use (mocha runs a suite's own tests before its nested ones).
  describe('when it is stopped', () => {
    it('says so when its port is busy, and stops cleanly on SIGTERM', async () => {
      const second = spawnSync(process.execPath, [CLI, 'lab', '--port', String(port), '--dir', tempDir(), '--json'], { encoding: 'utf8', timeout: 20000 });
      assert.strictEqual(second.status, 1);
      assert.match(second.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use`));
      const exited = new Promise<number | null>((resolve) => lab.once('exit', (code) => resolve(code)));
      lab.kill('SIGTERM');
      assert.strictEqual(await exited, 0);
    });
  });
});

describe('the lab keys', function () {
  this.timeout(60000);
  it('makes its key pair anew when the one it kept does not parse (a lab stopped while writing it)', async () => {
    const { startLab } = await import('../../src/core/lab/labServer');
    const { loadKb } = await import('../../src/core/knowledge/loadKb');
    const dir = tempDir('stacktales-labkeys-');
    fs.writeFileSync(path.join(dir, 'lab_host_key'), '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n');
    fs.writeFileSync(path.join(dir, 'lab_host_key.pub'), '');
    const lab = await startLab({ dir, port: await freePortRange(HOSTS), entries: loadKb([{ dir: path.join(ROOT, 'kb'), origin: 'builtin' }]).entries, scenariosDir: path.join(ROOT, 'lab', 'scenarios') });
    try {
      assert.ok(lab.hosts.length >= 12);
      assert.match(fs.readFileSync(path.join(dir, 'lab_host_key.pub'), 'utf8'), /^ssh-ed25519 /);
    } finally {
      await lab.close();
    }
  });
});

describe('the lab key pairs ssh2 makes', () => {
  it('are always ones ssh2 can read back (its generator makes a malformed one now and then)', async () => {
    const { parsableKeyPair } = await import('../../src/core/lab/labServer');
    const { utils } = await import('ssh2');
    for (let i = 0; i < 2000; i++) {
      const k = parsableKeyPair();
      assert.ok(!(utils.parseKey(k.private) instanceof Error) && !(utils.parseKey(k.public) instanceof Error), `pair ${i}`);
    }
  });
});

describe("the lab's files: what logrotate compressed is there as .gz, as on the scenario's real hosts", () => {
  it('lists name.gz, serves it gzipped, and has no plain file by that name', async () => {
    const { LabFiles } = await import('../../src/core/lab/labFiles');
    const { gunzipSync } = await import('zlib');
    const dir = path.join(ROOT, 'lab', 'scenarios', 'deleted-rows-bloat', 'files');
    const files = new LabFiles(dir, ['/var/log/nova/api.log-20140105']);
    assert.deepStrictEqual(files.list('/var/log/nova'), ['api.log', 'api.log-20140105.gz']);
    assert.strictEqual(gunzipSync(files.read('/var/log/nova/api.log-20140105.gz')!).toString(), fs.readFileSync(path.join(dir, 'var/log/nova/api.log-20140105'), 'utf8'));
    assert.strictEqual(files.read('/var/log/nova/api.log-20140105'), undefined);
    assert.deepStrictEqual(files.glob('/var/log/nova/*api.log*'), ['/var/log/nova/api.log', '/var/log/nova/api.log-20140105.gz']);
  });
});
