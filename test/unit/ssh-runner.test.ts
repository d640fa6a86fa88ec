import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Host } from '../../src/core/hosts/types';
import { checkHostKey, fingerprint } from '../../src/core/ssh/knownHosts';
import { SshRunner, type RunnerOptions } from '../../src/core/ssh/sshRunner';
import type { Prompts } from '../../src/core/ssh/types';
import { keyPair, startSshd, tempDir, writeKnownHosts, type KeyPair, type Sshd } from '../ssh/sshd';
import { CLI } from './paths';

const NO_PROMPTS: Prompts = { unknownHostKey: async () => false, passphrase: async () => undefined, password: async () => undefined };

function host(port: number, key?: string, extra: Partial<Host> = {}): Host {
  return { name: `h${port}`, address: '127.0.0.1', port, user: 'root', roles: [], identityFiles: key ? [key] : ['/nonexistent/key'], identitiesOnly: true, proxyJump: [], source: 'command-line', ...extra };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function eventually(what: string, probe: () => boolean): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (probe()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`not reached: ${what}`);
}

describe('SSH runner against real OpenSSH sshd', function () {
  this.timeout(60000);
  let dir: string;
  let user: KeyPair;
  let sshd: Sshd;
  let knownHosts: string;
  const runners: SshRunner[] = [];
  const runner = (o: Partial<RunnerOptions> = {}) => {
    const r = new SshRunner({ knownHostsFiles: [knownHosts], knownHostsWriteFile: path.join(dir, 'own_known_hosts'), prompts: NO_PROMPTS, ...o });
    runners.push(r);
    return r;
  };

  before(async () => {
    dir = tempDir();
    user = keyPair(dir, 'id_user');
    sshd = await startSshd({ authorizedKeys: [user.publicKey] });
    knownHosts = writeKnownHosts(path.join(dir, 'known_hosts'), sshd.knownHostsLines);
  });

  after(async () => {
    runners.forEach((r) => r.close());
    await sshd?.stop();
  });

  it('keeps stdout, stderr, the exit code and the signal apart', async () => {
    const r = await runner().run({ host: host(sshd.port, user.privateKey), command: 'echo out; echo err >&2; exit 3' });
    assert.deepStrictEqual([r.stdout, r.stderr, r.exitCode, r.signal, r.error], ['out\n', 'err\n', 3, null, null]);
    const k = await runner().run({ host: host(sshd.port, user.privateKey), command: 'kill -TERM $$' });
    assert.strictEqual(k.signal, 'SIGTERM');
  });

  it('reuses one connection per host for several commands', async () => {
    const rn = runner();
    const h = host(sshd.port, user.privateKey);
    const a = await rn.run({ host: h, command: 'echo $SSH_CLIENT' });
    const b = await rn.run({ host: h, command: 'echo $SSH_CLIENT' });
    assert.strictEqual(a.stdout, b.stdout, 'same client port: same TCP connection');
  });

  it('fans out to many hosts; one refused host does not stop the others', async () => {
    const other = await startSshd({ authorizedKeys: [user.publicKey], ports: 3 });
    try {
      fs.appendFileSync(knownHosts, other.knownHostsLines.join('\n') + '\n');
      const hosts = [...other.ports.map((p) => host(p, user.privateKey)), host(1, user.privateKey), host(sshd.port, user.privateKey)];
      const results = await runner({ parallel: 2 }).runAll(hosts.map((h) => ({ host: h, command: 'echo ok' })));
      assert.deepStrictEqual(results.map((r) => r.error?.kind ?? r.stdout.trim()), ['ok', 'ok', 'ok', 'refused', 'ok']);
      assert.match(results[3].error!.message, /127\.0\.0\.1:1.*refused/);
    } finally {
      await other.stop();
    }
  });

  it('refuses an unknown host key unless accepted, then records it hashed', async () => {
    const marker = path.join(dir, 'should-not-exist');
    const empty = writeKnownHosts(path.join(dir, 'empty_known_hosts'), []);
    const own = path.join(dir, 'accepted_known_hosts');
    const h = host(sshd.port, user.privateKey);
    const refused = await runner({ knownHostsFiles: [empty], knownHostsWriteFile: own }).run({ host: h, command: `touch ${marker}` });
    assert.strictEqual(refused.error?.kind, 'host-key-unknown');
    const fp = fingerprint(Buffer.from(fs.readFileSync(sshd.hostKey.publicKey, 'utf8').split(/\s+/)[1], 'base64'));
    assert.ok(refused.error?.message.includes(fp), refused.error?.message);
    assert.strictEqual(execFileSync('ssh-keygen', ['-lf', sshd.hostKey.publicKey], { encoding: 'utf8' }).split(' ')[1], fp, 'the fingerprint is the one OpenSSH prints');
    assert.strictEqual(fs.existsSync(marker), false);

    let asked = '';
    const accepting: Prompts = { ...NO_PROMPTS, unknownHostKey: async (_h, f) => ((asked = f), true) };
    const ok = await runner({ knownHostsFiles: [empty], knownHostsWriteFile: own, prompts: accepting }).run({ host: h, command: 'echo in' });
    assert.strictEqual(ok.stdout, 'in\n');
    assert.strictEqual(asked, fp);
    assert.match(fs.readFileSync(own, 'utf8'), /^\|1\|[^|]+\|[^ ]+ ssh-ed25519 /);
    const again = await runner({ knownHostsFiles: [empty], knownHostsWriteFile: own }).run({ host: h, command: 'echo again' });
    assert.strictEqual(again.stdout, 'again\n');
  });

  it('refuses a changed host key with OpenSSH\'s warning and never runs the command', async () => {
    const marker = path.join(dir, 'changed-marker');
    const impostor = keyPair(dir, 'impostor_host_key');
    const pub = fs.readFileSync(impostor.publicKey, 'utf8').split(/\s+/);
    const wrong = writeKnownHosts(path.join(dir, 'wrong_known_hosts'), [`[127.0.0.1]:${sshd.port} ${pub[0]} ${pub[1]}`]);
    const r = await runner({ knownHostsFiles: [wrong], prompts: { ...NO_PROMPTS, unknownHostKey: async () => true } }).run({ host: host(sshd.port, user.privateKey), command: `touch ${marker}` });
    assert.strictEqual(r.error?.kind, 'host-key-changed');
    assert.match(r.error!.message, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
    assert.match(r.error!.message, new RegExp(`Offending key in ${wrong.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1`));
    assert.strictEqual(fs.existsSync(marker), false);
  });

  it('accepts hashed known_hosts entries (ssh-keygen -H) and honours @revoked', async () => {
    const hashed = writeKnownHosts(path.join(dir, 'hashed_known_hosts'), sshd.knownHostsLines);
    // ssh-keygen -H warns on stderr that the .old copy it keeps is unhashed: that is the test's own file, not news.
    execFileSync('ssh-keygen', ['-q', '-H', '-f', hashed], { stdio: 'pipe' });
    assert.doesNotMatch(fs.readFileSync(hashed, 'utf8'), /127\.0\.0\.1/);
    const r = await runner({ knownHostsFiles: [hashed] }).run({ host: host(sshd.port, user.privateKey), command: 'echo hashed' });
    assert.strictEqual(r.stdout, 'hashed\n');
    const blob = Buffer.from(fs.readFileSync(sshd.hostKey.publicKey, 'utf8').split(/\s+/)[1], 'base64');
    const revoked = writeKnownHosts(path.join(dir, 'revoked'), [...sshd.knownHostsLines, `@revoked * ${fs.readFileSync(sshd.hostKey.publicKey, 'utf8').split(/\s+/).slice(0, 2).join(' ')}`]);
    assert.strictEqual(checkHostKey([revoked], '127.0.0.1', sshd.port, blob).status, 'revoked');
  });

  it('reports an authentication failure for a key the server does not know', async () => {
    const stranger = keyPair(dir, 'id_stranger');
    const r = await runner().run({ host: host(sshd.port, stranger.privateKey), command: 'echo no' });
    assert.strictEqual(r.error?.kind, 'auth');
    // It names the key it offered, which is what the user has to fix.
    assert.ok(r.error!.message.includes(`keys: ${stranger.privateKey}`), r.error!.message);
    const none = await runner().run({ host: host(sshd.port, path.join(dir, 'no-such-key')), command: 'echo no' });
    assert.match(none.error?.message ?? '', /keys: none \(no IdentityFile/);
  });

  it('authenticates through ssh-agent', async () => {
    const sock = path.join(dir, 'agent.sock');
    const out = execFileSync('ssh-agent', ['-a', sock], { encoding: 'utf8' });
    const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)![1]);
    try {
      execFileSync('ssh-add', ['-q', user.privateKey], { env: { ...process.env, SSH_AUTH_SOCK: sock } });
      const r = await runner({ agent: sock }).run({ host: host(sshd.port, undefined, { identitiesOnly: false }), command: 'echo agent' });
      assert.strictEqual(r.stdout, 'agent\n', JSON.stringify(r.error));
    } finally {
      process.kill(pid);
    }
  });

  it('asks the passphrase of an encrypted key once, however many hosts use it', async () => {
    const locked = keyPair(dir, 'id_locked', 'correct horse');
    fs.appendFileSync(path.join(sshd.dir, 'authorized_keys'), fs.readFileSync(locked.publicKey));
    let asked = 0;
    const rn = runner({ prompts: { ...NO_PROMPTS, passphrase: async () => (asked++, 'correct horse') } });
    const results = await rn.runAll([1, 2].map(() => ({ host: host(sshd.port, locked.privateKey), command: 'echo unlocked' })));
    assert.deepStrictEqual(results.map((r) => r.stdout), ['unlocked\n', 'unlocked\n']);
    assert.strictEqual(asked, 1);
  });

  it('jumps through a ProxyJump host, and fails clearly when the jump host forbids forwarding', async () => {
    const jump = await startSshd({ authorizedKeys: [user.publicKey] });
    const closed = await startSshd({ authorizedKeys: [user.publicKey], allowTcpForwarding: false });
    try {
      fs.appendFileSync(knownHosts, [...jump.knownHostsLines, ...closed.knownHostsLines].join('\n') + '\n');
      const via = (j: Sshd) => host(sshd.port, user.privateKey, { proxyJump: [host(j.port, user.privateKey)] });
      const r = await runner().run({ host: via(jump), command: 'echo through' });
      assert.strictEqual(r.stdout, 'through\n', JSON.stringify(r.error));
      const twoHops = host(sshd.port, user.privateKey, { proxyJump: [host(closed.port, user.privateKey), host(jump.port, user.privateKey)] });
      // Two hops: the first (closed) is reached directly, the second through it, which closed refuses.
      const refusedHop = await runner().run({ host: twoHops, command: 'echo through' });
      assert.strictEqual(refusedHop.error?.kind, 'unreachable');
      const hops = host(sshd.port, user.privateKey, { proxyJump: [host(jump.port, user.privateKey), host(jump.port, user.privateKey, { name: 'again' })] });
      assert.strictEqual((await runner().run({ host: hops, command: 'echo two hops' })).stdout, 'two hops\n');
      const blocked = await runner().run({ host: via(closed), command: 'echo through' });
      assert.strictEqual(blocked.error?.kind, 'unreachable');
      assert.match(blocked.error!.message, /jump host \S+ could not reach 127\.0\.0\.1:\d+/);
    } finally {
      await jump.stop();
      await closed.stop();
    }
  });

  it('times out a command and kills it on the host', async () => {
    const pidFile = path.join(dir, 'sleep.pid');
    const r = await runner({ commandTimeoutMs: 1000 }).run({ host: host(sshd.port, user.privateKey), command: `echo partial; sh -c 'echo $$ > ${pidFile}; exec sleep 30'` });
    assert.strictEqual(r.error?.kind, 'timeout');
    assert.strictEqual(r.stdout, 'partial\n');
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    await eventually('the remote sleep to end', () => !alive(pid));
  });

  it('cancels a running command and kills it on the host', async () => {
    const pidFile = path.join(dir, 'cancel.pid');
    const abort = new AbortController();
    const pending = runner().run({ host: host(sshd.port, user.privateKey), command: `sh -c 'echo $$ > ${pidFile}; exec sleep 30'` }, abort.signal);
    await eventually('the command to start', () => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '');
    abort.abort();
    const r = await pending;
    assert.strictEqual(r.error?.kind, 'cancelled');
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    await eventually('the remote sleep to end', () => !alive(pid));
  });

  it('kills a command cancelled while its session is still opening', async () => {
    const rn = runner();
    const h = host(sshd.port, user.privateKey);
    assert.strictEqual((await rn.run({ host: h, command: 'true' })).error, null); // the connection is pooled now
    const pidFile = path.join(dir, 'early-cancel.pid');
    const abort = new AbortController();
    const pending = rn.run({ host: h, command: `sh -c 'echo $$ > ${pidFile}; exec sleep 30'` }, abort.signal);
    // The abort lands after run() checked the signal, before the session's channel is open.
    setImmediate(() => abort.abort());
    const r = await pending;
    assert.strictEqual(r.error?.kind, 'cancelled');
    await eventually('the remote sleep to be gone', () => !fs.existsSync(pidFile) || !alive(Number(fs.readFileSync(pidFile, 'utf8'))));
    rn.close();
  });

  it('ends a stream at once when its signal was aborted before it started', async () => {
    const rn = runner();
    const pidFile = path.join(dir, 'stream-cancel.pid');
    const abort = new AbortController();
    abort.abort();
    const r = await rn.stream(host(sshd.port, user.privateKey), `sh -c 'echo $$ > ${pidFile}; exec sleep 30'`, () => undefined, abort.signal);
    assert.strictEqual(r.ended, 'aborted');
    await eventually('the remote sleep to be gone', () => !fs.existsSync(pidFile) || !alive(Number(fs.readFileSync(pidFile, 'utf8'))));
    rn.close();
  });

  it('reports a connection dropped in the middle of a command', async () => {
    const r = await runner().run({ host: host(sshd.port, user.privateKey), command: 'echo started; sleep 0.2; kill -9 $PPID; sleep 5' });
    assert.strictEqual(r.error?.kind, 'dropped');
  });

  it('keeps the head and tail of 100 MB of output and counts the rest', async () => {
    const r = await runner({ maxOutputBytes: 1024 * 1024 }).run({ host: host(sshd.port, user.privateKey), command: "echo FIRST; head -c 100000000 /dev/zero | tr '\\0' x; echo; echo LAST" });
    assert.strictEqual(r.error, null);
    assert.ok(r.stdout.startsWith('FIRST\n'));
    assert.ok(r.stdout.endsWith('\nLAST\n'));
    assert.ok(r.stdout.length < 1.1 * 1024 * 1024, `kept ${r.stdout.length}`);
    assert.strictEqual(r.dropped.stdout, 6 + 100000000 + 6 - 1024 * 1024);
  });

  it('accepts output that is not UTF-8', async () => {
    const r = await runner().run({ host: host(sshd.port, user.privateKey), command: "printf '\\377\\376abc\\n'" });
    assert.strictEqual(r.stdout, '\uFFFD\uFFFDabc\n');
  });

  it('says when a command is not found, and when a name does not resolve', async () => {
    const r = await runner().run({ host: host(sshd.port, user.privateKey), command: 'stacktales-no-such-command --x' });
    assert.deepStrictEqual([r.exitCode, r.error?.kind], [127, 'command-not-found']);
    const d = await runner().run({ host: host(22, user.privateKey, { address: 'stacktales-no-such-host.invalid' }), command: 'true' });
    assert.strictEqual(d.error?.kind, 'dns');
  });

  describe('host keys of another type, and host certificates', () => {
    /** "type base64" of a public key file, as a known_hosts line has them. */
    const publicKey = (kp: KeyPair) => fs.readFileSync(kp.publicKey, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');

    it('refuses a host key of another type than the recorded one as changed, even when new keys are accepted', async () => {
      const rsa = await startSshd({ authorizedKeys: [user.publicKey], hostKeyType: 'rsa' });
      try {
        const marker = path.join(dir, 'other-type-marker');
        const recorded = writeKnownHosts(path.join(dir, 'other_type_known_hosts'), [`[127.0.0.1]:${rsa.port} ${publicKey(keyPair(dir, 'recorded_ed25519_host_key'))}`]);
        const own = path.join(dir, 'other_type_own_known_hosts');
        const r = await runner({ knownHostsFiles: [recorded], knownHostsWriteFile: own, prompts: { ...NO_PROMPTS, unknownHostKey: async () => true } }).run({ host: host(rsa.port, user.privateKey), command: `touch ${marker}` });
        assert.strictEqual(r.error?.kind, 'host-key-changed', JSON.stringify(r.error));
        assert.match(r.error!.message, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
        // As OpenSSH: the fingerprint of the key the host sent, and the recorded line it contradicts.
        assert.ok(r.error!.message.includes(fingerprint(Buffer.from(publicKey(rsa.hostKey).split(' ')[1], 'base64'))), r.error!.message);
        assert.ok(r.error!.message.includes(`Offending key in ${recorded}:1`), r.error!.message);
        assert.strictEqual(fs.existsSync(marker), false);
        assert.strictEqual(fs.existsSync(own), false, 'nothing recorded');
      } finally {
        await rsa.stop();
      }
    });

    it('asks a host with keys of several types for the recorded type', async () => {
      const rsaKey = keyPair(dir, 'second_rsa_host_key', '', 'rsa');
      const both = await startSshd({ authorizedKeys: [user.publicKey], extraConfig: [`HostKey ${rsaKey.privateKey}`] });
      try {
        const onlyRsa = writeKnownHosts(path.join(dir, 'rsa_known_hosts'), [`[127.0.0.1]:${both.port} ${publicKey(rsaKey)}`]);
        const r = await runner({ knownHostsFiles: [onlyRsa] }).run({ host: host(both.port, user.privateKey), command: 'echo rsa' });
        assert.strictEqual(r.stdout, 'rsa\n', JSON.stringify(r.error));
      } finally {
        await both.stop();
      }
    });

    it('says that host certificates are not supported when a host has only a @cert-authority line', async () => {
      const ca = keyPair(dir, 'host_ca');
      const caOnly = writeKnownHosts(path.join(dir, 'ca_known_hosts'), ['# a CA for the lab', `@cert-authority [127.0.0.1]:${sshd.port} ${publicKey(ca)}`]);
      let note: string | undefined;
      const prompts: Prompts = { ...NO_PROMPTS, unknownHostKey: async (_h, _f, _t, n) => ((note = n), false) };
      const r = await runner({ knownHostsFiles: [caOnly], prompts }).run({ host: host(sshd.port, user.privateKey), command: 'true' });
      assert.strictEqual(r.error?.kind, 'host-key-unknown');
      assert.match(r.error!.message, /host certificates are not supported/i);
      assert.ok(r.error!.message.includes(`${caOnly}:2`), r.error!.message);
      assert.ok(note && r.error!.message.includes(note), 'the prompt is told too');
    });
  });

  describe('keys that cannot be used', () => {
    it('skips a key whose passphrase is wrong and goes on to the next key', async () => {
      const locked = keyPair(dir, 'id_locked_a', 'passphrase A');
      const h = host(sshd.port, locked.privateKey, { identityFiles: [locked.privateKey, user.privateKey] });
      const rejected: string[] = [];
      const prompts: Prompts = { ...NO_PROMPTS, passphrase: async () => 'not passphrase A', passphraseRejected: async (f) => (rejected.push(f), false) };
      const r = await runner({ prompts }).run({ host: h, command: 'echo second key' });
      assert.strictEqual(r.stdout, 'second key\n', JSON.stringify(r.error));
      assert.deepStrictEqual(rejected, [locked.privateKey], 'told that the passphrase was wrong');
    });

    it('asks again after a rejected passphrase when the prompts want to, and not more than three times', async () => {
      const locked = keyPair(dir, 'id_locked_c', 'passphrase C');
      fs.appendFileSync(path.join(sshd.dir, 'authorized_keys'), fs.readFileSync(locked.publicKey));
      // A stale stored passphrase, then the right one typed in.
      const answers = ['stale', 'passphrase C'];
      let rejected = 0;
      const prompts: Prompts = { ...NO_PROMPTS, passphrase: async () => answers.shift(), passphraseRejected: async () => (rejected++, true) };
      const r = await runner({ prompts }).run({ host: host(sshd.port, locked.privateKey), command: 'echo second try' });
      assert.deepStrictEqual([r.stdout, rejected], ['second try\n', 1], JSON.stringify(r.error));
      let asked = 0;
      const wrong: Prompts = { ...NO_PROMPTS, passphrase: async () => (asked++, 'wrong'), passphraseRejected: async () => true };
      const rn = runner({ prompts: wrong });
      const refused = await rn.run({ host: host(sshd.port, locked.privateKey), command: 'true' });
      assert.deepStrictEqual([refused.error?.kind, asked], ['auth', 3]);
      await rn.run({ host: host(sshd.port, locked.privateKey), command: 'true' });
      assert.strictEqual(asked, 6, 'a wrong passphrase is not remembered: the next connection asks again');
    });

    it('says which keys it skipped, and why, when no key gets in', async () => {
      const locked = keyPair(dir, 'id_locked_b', 'passphrase B');
      const garbage = path.join(dir, 'id_garbage');
      fs.writeFileSync(garbage, 'not a key\n', { mode: 0o600 });
      const h = host(sshd.port, locked.privateKey, { identityFiles: [locked.privateKey, garbage, keyPair(dir, 'id_stranger_b').privateKey] });
      const r = await runner({ prompts: { ...NO_PROMPTS, passphrase: async () => 'not passphrase B' } }).run({ host: h, command: 'true' });
      assert.strictEqual(r.error?.kind, 'auth');
      assert.match(r.error!.message, /authentication failed/);
      assert.ok(r.error!.message.includes(`${locked.privateKey} (wrong passphrase`), r.error!.message);
      assert.ok(r.error!.message.includes(`${garbage} (`), r.error!.message);
    });
  });

  describe('output before a drop or a cancel', () => {
    it('keeps the output that arrived before the connection dropped', async () => {
      const r = await runner().run({ host: host(sshd.port, user.privateKey), command: 'echo started; echo warned >&2; sleep 0.2; kill -9 $PPID; sleep 5' });
      assert.strictEqual(r.error?.kind, 'dropped');
      assert.deepStrictEqual([r.stdout, r.stderr], ['started\n', 'warned\n']);
      assert.match(r.error!.message, /partial/);
    });

    it('keeps the output that arrived before a cancel', async () => {
      const flag = path.join(dir, 'before-cancel.flag');
      const abort = new AbortController();
      const pending = runner().run({ host: host(sshd.port, user.privateKey), command: `echo before cancel; touch ${flag}; exec sleep 30` }, abort.signal);
      await eventually('the command to print', () => fs.existsSync(flag));
      await new Promise((r) => setTimeout(r, 200));
      abort.abort();
      const r = await pending;
      assert.strictEqual(r.error?.kind, 'cancelled');
      assert.strictEqual(r.stdout, 'before cancel\n');
    });

    it('a stream keeps what it delivered before the connection dropped', async () => {
      const chunks: Buffer[] = [];
      const r = await runner().stream(host(sshd.port, user.privateKey), 'echo streamed; echo err >&2; sleep 0.2; kill -9 $PPID; sleep 5', (d) => chunks.push(d), new AbortController().signal);
      assert.deepStrictEqual([r.ended, Buffer.concat(chunks).toString(), r.stderr], ['dropped', 'streamed\n', 'err\n']);
    });
  });

  it('takes a command timeout beyond what setTimeout can wait as "very long", not as "at once"', async () => {
    // 2147484 s (the CLI's --timeout) is more than 2^31-1 ms: Node would fire such a timer at once.
    const rn = runner({ commandTimeoutMs: 2147484 * 1000 });
    const r = await rn.run({ host: host(sshd.port, user.privateKey), command: 'sleep 0.3; echo slow' });
    assert.deepStrictEqual([r.stdout, r.error], ['slow\n', null]);
    assert.strictEqual(rn.commandTimeoutMs, 2 ** 31 - 1);
    for (const bad of [NaN, 0, -5]) assert.throws(() => runner({ commandTimeoutMs: bad }), new RegExp(`commandTimeoutMs.*${bad}`));
  });

  it('takes a connect timeout beyond what setTimeout can wait as "very long", not as "at once"', async () => {
    const r = await runner({ connectTimeoutMs: 2 ** 31 }).run({ host: host(sshd.port, user.privateKey), command: 'echo connected' });
    assert.deepStrictEqual([r.stdout, r.error], ['connected\n', null]);
    const own = await runner().run({ host: host(sshd.port, user.privateKey, { connectTimeoutMs: 2 ** 40 }), command: 'echo connected' });
    assert.deepStrictEqual([own.stdout, own.error], ['connected\n', null]);
    assert.throws(() => runner({ connectTimeoutMs: NaN }), /connectTimeoutMs.*NaN/);
  });

  describe('stacktales run / exec (CLI)', () => {
    const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, SSH_AUTH_SOCK: '' } });
    const hostArgs = () => ['--host', `root@127.0.0.1:${sshd.port}`, '--identity', user.privateKey, '--known-hosts', knownHosts];

    it('exec prints the JSON contract, and exits 1 when a host cannot be reached', () => {
      const r = cli(['exec', ...hostArgs(), '--host', 'root@127.0.0.1:1', '--json', '--', 'echo', 'hello']);
      assert.strictEqual(r.status, 1, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.deepStrictEqual(Object.keys(out), ['results']);
      assert.deepStrictEqual(Object.keys(out.results[0]), ['host', 'command', 'exitCode', 'stdout', 'stderr', 'durationMs', 'error', 'findings']);
      assert.deepStrictEqual([out.results[0].stdout, out.results[0].exitCode, out.results[0].error], ['hello\n', 0, null]);
      assert.deepStrictEqual([out.results[1].host, out.results[1].exitCode, out.results[1].error.kind], ['root@127.0.0.1:1', null, 'refused']);
      const ok = cli(['exec', ...hostArgs(), '--json', '--', 'exit 4']);
      assert.strictEqual(ok.status, 0, 'the host ran it: exit 0 whatever its exit code');
    });

    it('run executes a diagnostic template with a validated parameter and reads its output', () => {
      const inst = tempDir('stacktales-inst-');
      fs.mkdirSync(path.join(inst, 'instance-00000e05'));
      // A 200 MB console.log whose blocks are allocated (fallocate: fast, no data written). The KB's du counts
      // allocated bytes (#14): a sparse file left by truncating a log qemu still writes is not a full disk.
      execFileSync('fallocate', ['-l', '200M', path.join(inst, 'instance-00000e05', 'console.log')]);
      const r = cli(['run', 'console-log-flood/du-console-logs', ...hostArgs(), '--param', `instances_path=${inst}`, '--json']);
      assert.strictEqual(r.status, 0, r.stderr);
      const [res] = JSON.parse(r.stdout).results;
      assert.match(res.command, /^du -B1 .*\/\*\/console\.log\* \| sort -n/);
      assert.deepStrictEqual(res.findings.map((f: { signal: string; severity: string }) => [f.signal, f.severity]), [['console-log-huge', 'error']]);
    });

    it('refuses bad parameters, unknown diagnostics, shown-only and unconfirmed mutating commands with exit 2', () => {
      assert.strictEqual(cli(['run', 'console-log-flood/du-console-logs', ...hostArgs(), '--param', 'instances_path=relative; reboot']).status, 2);
      assert.strictEqual(cli(['run', 'console-log-flood/nope', ...hostArgs()]).status, 2);
      assert.strictEqual(cli(['run', 'bpdu-guard-massacre/switch-log', ...hostArgs()]).status, 2);
      const m = cli(['run', 'console-log-flood/truncate-console-log', ...hostArgs(), '--param', 'instance_dir=instance-00000e05']);
      assert.strictEqual(m.status, 2);
      assert.match(m.stderr, /needs a confirmation at a terminal; nothing was run/);
      assert.strictEqual(cli(['exec', '--', 'true']).status, 2, 'no host named');
    });

    it('runs only reads for a whole entry, names what writes or changes, and asks consent for a backup too (issue #13)', () => {
      const written = () => fs.readdirSync('/root').filter((n) => n.startsWith('stacktales-'));
      const before = written();
      const r = cli(['run', 'bpdu-guard-massacre', ...hostArgs(), '--param', 'iface=lo', '--param', 'bond=bond0', '--param', 'mac=fa:16:3e:00:00:01', '--json']);
      assert.match(r.stderr, /not run: save-ebtables: writes new files on the host: run it by name, with confirmation/);
      assert.match(r.stderr, /not run: drop-guest-bpdus: changes the system: run it by name, with confirmation/);
      const ran = (JSON.parse(r.stdout).results as { command: string }[]).map((x) => x.command);
      assert.ok(!ran.some((c) => /ebtables|>/.test(c.replace(/2>\/dev\/null/g, ''))), ran.join('\n'));
      const backup = cli(['run', 'deleted-rows-bloat/backup-nova-db', ...hostArgs()]);
      assert.strictEqual(backup.status, 2);
      assert.match(backup.stderr, /a command that writes new files on the host needs a confirmation at a terminal; nothing was run/);
      assert.deepStrictEqual(written(), before, 'the backups write to /root on the host (here, this machine): nothing was written');
    });

    it('says which --param it does not know, and lists the ones it does (issue #13)', () => {
      const r = cli(['run', 'console-log-flood/du-console-logs', ...hostArgs(), '--param', 'instance_path=/srv/nova']);
      assert.strictEqual(r.status, 2);
      assert.strictEqual(r.stderr, 'stacktales: unknown parameter "instance_path"; the parameters of entry "console-log-flood": instance_dir, instances_path\n');
      const a = cli(['runbook', 'console-log-flood', ...hostArgs(), '--answer', 'swtich=no']);
      assert.strictEqual(a.status, 2);
      assert.match(a.stderr, /unknown question "swtich"; the questions of runbook "console-log-flood": none/);
    });

    it('walks a runbook to "confirmed" on a host in the tale and to "ruled-out" on a healthy one, and triage ranks it first', () => {
      const sick = tempDir('stacktales-sick-');
      fs.mkdirSync(path.join(sick, 'instance-00000e05'));
      execFileSync('fallocate', ['-l', '300M', path.join(sick, 'instance-00000e05', 'console.log')]);
      const healthy = tempDir('stacktales-healthy-');
      fs.mkdirSync(path.join(healthy, 'instance-00000e06'));
      fs.writeFileSync(path.join(healthy, 'instance-00000e06', 'console.log'), 'login:\n');
      const walk = (dir: string) => {
        const r = cli(['runbook', 'console-log-flood', ...hostArgs(), '--param', `instances_path=${dir}`, '--json']);
        assert.strictEqual(r.status, 0, r.stderr);
        return JSON.parse(r.stdout);
      };
      const yes = walk(sick);
      assert.deepStrictEqual(Object.keys(yes), ['entry', 'steps', 'conclusion']);
      assert.deepStrictEqual(Object.keys(yes.steps[0]), ['id', 'host', 'outcome', 'evidence']);
      assert.deepStrictEqual([yes.conclusion, yes.steps[0].id, yes.steps[0].outcome], ['confirmed', 'sizes', 'confirmed']);
      assert.match(yes.steps[0].evidence[0], /314572800\t.*console\.log/);
      const no = walk(healthy);
      assert.deepStrictEqual([no.conclusion, no.steps.map((s: { outcome: string }) => s.outcome)], ['ruled-out', ['ruled-out']]);
      const t = cli(['triage', ...hostArgs(), '--param', `instances_path=${sick}`, '--json']);
      const ranking = JSON.parse(t.stdout).ranking;
      assert.strictEqual(ranking[0].id, 'console-log-flood');
      assert.ok(ranking[0].score > 0 && ranking.slice(1).every((r: { score: number }) => r.score === 0), JSON.stringify(ranking));
    });

    it('refuses unknown host keys unless --accept-new', () => {
      const kh = path.join(tempDir(), 'kh');
      const args = ['exec', '--host', `root@127.0.0.1:${sshd.port}`, '--identity', user.privateKey, '--known-hosts', kh, '--json', '--', 'true'];
      const refused = cli(args);
      assert.strictEqual(refused.status, 1);
      assert.strictEqual(JSON.parse(refused.stdout).results[0].error.kind, 'host-key-unknown');
      assert.strictEqual(cli([...args.slice(0, -2), '--accept-new', '--', 'true']).status, 0);
      assert.strictEqual(cli(args).status, 0, 'recorded in --known-hosts');
    });

    it('says how to go on from an unknown host key: the fingerprint, ssh-keygen -lf on the host, --accept-new (issue #16)', () => {
      const kh = path.join(tempDir(), 'kh');
      const refused = cli(['exec', '--host', `root@127.0.0.1:${sshd.port}`, '--identity', user.privateKey, '--known-hosts', kh, '--', 'true']);
      assert.strictEqual(refused.status, 1);
      const fp = execFileSync('ssh-keygen', ['-lf', sshd.hostKey.publicKey], { encoding: 'utf8' }).split(' ')[1];
      assert.ok(refused.stderr.includes(`has an unknown ssh-ed25519 host key, fingerprint ${fp}; not connecting.`), refused.stderr);
      assert.ok(refused.stderr.includes('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub'), refused.stderr);
      assert.ok(refused.stderr.includes(`If they match, run again with --accept-new (the key is then kept in ${kh}).`), refused.stderr);
      assert.match(refused.stdout, /\[host-key-unknown\] .*fingerprint is SHA256:\S+\. Not connecting: the key is not trusted\. Compare it with what the host itself prints for ssh-keygen -lf \/etc\/ssh\/ssh_host_ed25519_key\.pub/);
    });
  });
});
