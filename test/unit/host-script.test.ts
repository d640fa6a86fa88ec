import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { frameReader } from '../../src/core/wire/frames';
import { hostScript, type ScriptOptions } from '../../src/core/scan/hostScript';
import { SENTINEL } from '../../src/core/wire/frames';
import { SshRunner } from '../../src/core/ssh/sshRunner';
import { keyPair, startSshd, tempDir, writeKnownHosts } from '../ssh/sshd';
import { CLI } from './paths';

/** What a host script reported, read back through the same frame reader as the remote scan. */
interface Events {
  lines: Map<number, [number, string][]>;
  starts: Map<number, { size: number; whole: boolean }>;
  ends: Map<number, number>;
  skips: Map<number, string>;
  listed: string[];
  unreadable: string[];
  refused: number;
  sentinels: number;
}

function runScript(shell: string, o: ScriptOptions, env: NodeJS.ProcessEnv = {}): Events {
  const r = spawnSync(shell, ['-s'], { input: hostScript(o), env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  assert.strictEqual(r.status, 0, r.stderr.toString());
  assert.strictEqual(r.stderr.toString(), '');
  const ev: Events = { lines: new Map(), starts: new Map(), ends: new Map(), skips: new Map(), listed: [], unreadable: [], refused: 0, sentinels: 0 };
  const malformed: string[] = [];
  const read = frameReader({
    start: (id, size, whole) => ev.starts.set(id, { size, whole }),
    line: (id, n, text) => ev.lines.set(id, [...(ev.lines.get(id) ?? []), [n, text]]),
    end: (id, code) => ev.ends.set(id, code),
    skip: (id, reason) => ev.skips.set(id, reason),
    listed: (p, unreadable) => (unreadable ? ev.unreadable : ev.listed).push(p),
    refused: () => ev.refused++,
    malformed: (line) => malformed.push(line),
  });
  const text = r.stdout.toString('utf8');
  ev.sentinels = text.split('\n').filter((l) => l.endsWith(`:${SENTINEL}`)).length;
  text.split('\n').filter(Boolean).forEach(read);
  assert.deepStrictEqual(malformed, [], 'every line the script writes is a frame');
  return ev;
}

/** grep -n over the whole file: the truth the split parts must add up to. */
function grepWhole(file: string, eres: string[]): [number, string][] {
  const r = spawnSync('grep', ['-n', '-E', ...eres.flatMap((e) => ['-e', e]), '--', file], { env: { ...process.env, LC_ALL: 'C' } });
  return r.stdout
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => [Number(l.slice(0, l.indexOf(':'))), l.slice(l.indexOf(':') + 1)]);
}

describe('host script (remote scan), with the real dash and bash', () => {
  let dir: string;
  let log: string;
  const ERES = ['Removing base file', 'ERROR nova\\.compute', "it's \"quoted\" \\$HOME"];

  before(() => {
    dir = tempDir('stacktales-hostscript-');
    log = path.join(dir, 'nova-compute.log');
    // Lines of very different lengths (so cuts fall mid-line), UTF-8, and matches near every cut.
    const lines: string[] = [];
    for (let i = 1; i <= 3000; i++) {
      const pad = 'x'.repeat((i * 37) % 300);
      lines.push(i % 97 === 0 ? `2024-01-0${i % 9} INFO nova.virt.libvirt.imagecache Removing base file: /var/lib/nova/instances/_base/${i}` : i % 89 === 0 ? `2024 ERROR nova.compute.manager Größe ${pad}` : i % 500 === 0 ? `it's "quoted" $HOME ${i}` : `2024 DEBUG oslo ${i} ${pad} ✓`);
    }
    fs.writeFileSync(log, lines.join('\n') + '\n');
  });

  for (const shell of ['dash', 'bash']) {
    for (const parts of [1, 2, 3, 4]) {
      it(`${shell}: a log split into ${parts} part(s) gives exactly grep -n's lines`, () => {
        const size = fs.statSync(log).size;
        const ev = runScript(shell, { list: [], files: [{ id: 0, path: log, mode: { kind: 'grep', eres: ERES } }], jobs: parts, partBytes: Math.floor(size / parts) });
        assert.strictEqual(ev.sentinels, parts - 1, 'one grep per part');
        assert.deepStrictEqual(ev.starts.get(0), { size, whole: false });
        assert.strictEqual(ev.ends.get(0), 0);
        const truth = grepWhole(log, ERES);
        assert.ok(truth.length > 40);
        assert.deepStrictEqual(ev.lines.get(0), truth);
      });
    }
  }

  it('leaves no temporary file on the host', () => {
    const tmp = tempDir('stacktales-hostscript-tmp-');
    runScript('dash', { list: [], files: [{ id: 0, path: log, mode: { kind: 'grep', eres: ERES } }], jobs: 4, partBytes: 1000 }, { TMPDIR: tmp });
    assert.deepStrictEqual(fs.readdirSync(tmp), []);
  });

  it('reads gzip, sends small files whole, and names what it cannot read', () => {
    const gz = path.join(dir, 'old.log.1.gz');
    fs.writeFileSync(gz, zlib.gzipSync('first\nRemoving base file: /a\nlast\n'));
    const small = path.join(dir, 'nova.conf');
    fs.writeFileSync(small, '[DEFAULT]\nremove_unused_base_images = true\n');
    const binary = path.join(dir, 'core.bin');
    fs.writeFileSync(binary, Buffer.from('ELF\0\0\0Removing base file\n'));
    const fifo = path.join(dir, 'pipe.log');
    spawnSync('mkfifo', [fifo]);
    const files = [gz, small, binary, fifo, path.join(dir, 'missing.log'), log].map((p, id) => ({ id, path: p, mode: { kind: 'grep' as const, eres: ERES } }));
    const ev = runScript('dash', { list: [], files, jobs: 1 });
    assert.deepStrictEqual(ev.lines.get(0), [[2, 'Removing base file: /a']]);
    assert.deepStrictEqual(ev.starts.get(1), { size: fs.statSync(small).size, whole: true });
    assert.deepStrictEqual(ev.lines.get(1), [[1, '[DEFAULT]'], [2, 'remove_unused_base_images = true']]);
    assert.deepStrictEqual([ev.skips.get(2), ev.skips.get(3), ev.skips.get(4)], ['binary', 'not a regular file', 'missing']);
    assert.deepStrictEqual(ev.lines.get(5), grepWhole(log, ERES));
  });

  // As root (npm test needs root: sshd, apt), with an unprivileged user for the unreadable folder.
  it('lists folders and globs on the host, and names folders it cannot read', () => {
    const tree = path.join(dir, 'tree');
    fs.mkdirSync(path.join(tree, 'nova'), { recursive: true });
    fs.mkdirSync(path.join(tree, 'closed'));
    fs.writeFileSync(path.join(tree, 'nova', 'a.log'), 'a\n');
    fs.writeFileSync(path.join(tree, 'nova', 'b.log.1'), 'b\n');
    fs.writeFileSync(path.join(tree, 'top.log'), 't\n');
    fs.chmodSync(path.join(tree, 'closed'), 0o000);
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(tree, 0o755);
    // As an unprivileged user, for whom "closed" is unreadable.
    const r = spawnSync('su', ['nobody', '-s', '/bin/sh', '-c', 'sh -s'], { input: hostScript({ list: [`${tree}/nova/*.log*`, tree], files: [] }) });
    const out = r.stdout.toString().split('\n').filter(Boolean);
    assert.deepStrictEqual(out.filter((l) => l.startsWith('\x01L')).sort(), [`${tree}/nova/a.log`, `${tree}/nova/b.log.1`, `${tree}/nova/a.log`, `${tree}/nova/b.log.1`, `${tree}/top.log`].map((p) => `\x01L ${p}`).sort());
    assert.deepStrictEqual(out.filter((l) => l.startsWith('\x01P')), [`\x01P ${tree}/closed`]);
  });
});

describe('host script over real SSH', function () {
  this.timeout(60000);

  it('is killed whole on cancel: no grep of a split log stays behind', async () => {
    const dir = tempDir();
    const key = keyPair(dir, 'id');
    const sshd = await startSshd({ authorizedKeys: [key.publicKey] });
    const kh = writeKnownHosts(path.join(dir, 'kh'), sshd.knownHostsLines);
    const big = path.join(dir, 'slow.log');
    fs.writeFileSync(big, ('a'.repeat(40) + 'cb\n').repeat(20000));
    const runner = new SshRunner({ knownHostsFiles: [kh], knownHostsWriteFile: path.join(dir, 'own'), prompts: { unknownHostKey: async () => false, passphrase: async () => undefined, password: async () => undefined } });
    const host = { name: 'h', address: '127.0.0.1', port: sshd.port, user: 'root', roles: [], identityFiles: [key.privateKey], identitiesOnly: true, proxyJump: [], source: 'command-line' as const };
    // Backreferences make grep backtrack on every line (each has the "b" it needs): slow enough to catch running.
    const script = hostScript({ list: [], files: [{ id: 0, path: big, mode: { kind: 'grep', eres: ['^(a|aa)*(a|aa)*\\2\\1b'] } }], jobs: 2, partBytes: 1024 });
    const greps = () => spawnSync('pgrep', ['-f', '^grep -n -E -e \\^\\(a\\|aa\\)'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    const abort = new AbortController();
    const pending = runner.stream(host, 'sh -s', () => undefined, abort.signal, script);
    try {
      for (let i = 0; i < 100 && greps().length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      assert.strictEqual(greps().length, 2, 'two greps, one per part, run on the host');
      abort.abort();
      assert.strictEqual((await pending).ended, 'aborted');
      for (let i = 0; i < 50 && greps().length; i++) await new Promise((r) => setTimeout(r, 100));
      assert.deepStrictEqual(greps(), []);
    } finally {
      runner.close();
      await sshd.stop();
    }
  });

  /** `stacktales scan` against a host whose sshd forces every session into one command. */
  async function scanForced(forceCommand: string, extra: string[] = []) {
    const dir = tempDir();
    const key = keyPair(dir, 'id');
    const sshd = await startSshd({ authorizedKeys: [key.publicKey], extraConfig: [`ForceCommand ${forceCommand}`] });
    const kh = writeKnownHosts(path.join(dir, 'kh'), sshd.knownHostsLines);
    try {
      return spawnSync(process.execPath, [CLI, 'scan', '--host', `root@127.0.0.1:${sshd.port}`, '--identity', key.privateKey, '--known-hosts', kh, ...extra, '--json', '/var/log/nova/nova-compute.log'], { encoding: 'utf8', env: { ...process.env, SSH_AUTH_SOCK: '' } });
    } finally {
      await sshd.stop();
    }
  }

  it('gives up on a host that goes silent (--timeout is an idle timeout) and says so', async () => {
    // A host that takes the session and then says nothing at all.
    const r = await scanForced('exec sleep 30', ['--timeout', '1']);
    assert.strictEqual(r.status, 1, r.stderr);
    assert.match(r.stderr, /skipped root@127\.0\.0\.1:\d+: timeout: nothing from the scan for 1 s; it was killed/);
    assert.deepStrictEqual(JSON.parse(r.stdout).findings, []);
  });

  it('reports a script that fails as a whole on a host, with what the host said', async () => {
    // A host whose every command fails before the script runs (as a host without sh would).
    const r = await scanForced('echo "sh: cannot run scripts here" >&2; exit 3');
    assert.strictEqual(r.status, 1, r.stderr);
    assert.match(r.stderr, /skipped root@127\.0\.0\.1:\d+: error: the scan script failed \(exit 3\): sh: cannot run scripts here/);
  });
});
