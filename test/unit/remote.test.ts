import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import type { Host } from '../../src/core/hosts/types';
import { followLog } from '../../src/core/remote/follow';
import { SshRunner } from '../../src/core/ssh/sshRunner';
import { keyPair, startSshd, tempDir, writeKnownHosts, type KeyPair, type Sshd } from '../ssh/sshd';
import { CLI, FIXTURES } from './paths';

const NO_PROMPTS = { unknownHostKey: async () => false, passphrase: async () => undefined, password: async () => undefined };

describe('remote files over real SSH', function () {
  this.timeout(60000);
  let dir: string;
  let user: KeyPair;
  let sshd: Sshd;
  let kh: string;
  let tree: string;
  const host = (): Host => ({ name: 'lab', address: '127.0.0.1', port: sshd.port, user: 'root', roles: [], identityFiles: [user.privateKey], identitiesOnly: true, proxyJump: [], source: 'command-line' });

  before(async () => {
    dir = tempDir();
    user = keyPair(dir, 'id_user');
    sshd = await startSshd({ authorizedKeys: [user.publicKey] });
    kh = writeKnownHosts(path.join(dir, 'known_hosts'), sshd.knownHostsLines);
    // The "remote" host is this machine: a copy of a collected tree stands in for its files.
    tree = tempDir('stacktales-remote-tree-');
    fs.cpSync(path.join(FIXTURES, 'detect', 'disappearing-images-positive'), tree, { recursive: true });
    fs.rmSync(path.join(tree, 'expect.yaml'));
    const log = path.join(tree, 'var', 'log', 'nova', 'nova-compute.log');
    // Make the log big enough to be grepped on the host rather than fetched whole.
    const noise = fs.readFileSync(log, 'utf8').split('\n').filter((l) => !/Removing base/.test(l) && l).join('\n') + '\n';
    const body = fs.readFileSync(log, 'utf8');
    fs.writeFileSync(log, noise.repeat(60) + body);
    fs.writeFileSync(path.join(tree, 'var', 'log', 'nova', 'nova-compute.log.1.gz'), zlib.gzipSync(body));
  });

  after(async () => {
    await sshd?.stop();
  });

  const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, SSH_AUTH_SOCK: '' } });
  const hostArgs = () => ['--host', `root@127.0.0.1:${sshd.port}`, '--identity', user.privateKey, '--known-hosts', kh];

  it('finds the same lines as a local scan, moving only candidate lines', () => {
    const local = JSON.parse(cli(['scan', '--json', tree]).stdout);
    const r = cli(['scan', ...hostArgs(), '--json', `${tree}/var/log/nova/*`, `${tree}/etc/nova/nova.conf`, `${tree}/proc/mounts`, `${tree}/var/log/libvirt`]);
    assert.strictEqual(r.status, 0, r.stderr);
    const remote = JSON.parse(r.stdout);
    // bytesSent and bytesReceived added by #16 (they add up to bytesTransferred).
    assert.deepStrictEqual(Object.keys(remote), ['findings', 'files', 'bytes', 'bytesScanned', 'bytesTransferred', 'bytesSent', 'bytesReceived']);
    assert.strictEqual(remote.bytesSent + remote.bytesReceived, remote.bytesTransferred);
    const key = (f: { file: string; line: number; signal: string; severity: string }) => `${f.file}:${f.line}:${f.signal}:${f.severity}`;
    const localKeys = local.findings.map(key).sort();
    assert.deepStrictEqual(remote.findings.map(key).sort(), [...localKeys, `${tree}/var/log/nova/nova-compute.log.1.gz:24:imagecache-removing-base:error`].sort().filter((k: string, i: number, a: string[]) => a.indexOf(k) === i));
    assert.ok(remote.findings.every((f: { host: string }) => f.host === `root@127.0.0.1:${sshd.port}`));
    const compute = fs.statSync(path.join(tree, 'var', 'log', 'nova', 'nova-compute.log')).size;
    assert.ok(remote.bytesScanned > compute);
    assert.ok(remote.bytesTransferred < remote.bytesScanned / 5, `${remote.bytesTransferred} of ${remote.bytesScanned}`);
  });

  it('reports a host that cannot be reached and goes on with the others', () => {
    // Shared storage is evidence only since #14: it shows beside image removal on (nova.conf's default).
    const r = cli(['scan', ...hostArgs(), '--host', 'root@127.0.0.1:1', '--json', `${tree}/proc/mounts`, `${tree}/etc/nova/nova.conf`]);
    assert.strictEqual(r.status, 1);
    assert.match(r.stderr, /skipped root@127\.0\.0\.1:1: refused/);
    assert.strictEqual(JSON.parse(r.stdout).findings.length, 2);
  });

  it('says "permission denied" for a file the remote user may not read, and scans the rest', () => {
    // Root reads everything: an unprivileged account shows the real case (the sshd of these tests
    // takes its keys from one AuthorizedKeysFile, so the test key logs it in too).
    assert.strictEqual(process.getuid?.(), 0, 'the SSH tests run as root (npm test on a Debian machine, like CI)');
    spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/bin/sh', 'stacktales-test']);
    // "!" (locked, useradd's default) makes sshd refuse even a key; "*" is no password, not locked.
    spawnSync('usermod', ['-p', '*', 'stacktales-test']);
    // sshd reads AuthorizedKeysFile as the user logging in.
    fs.chmodSync(sshd.dir, 0o755);
    fs.chmodSync(path.join(sshd.dir, 'authorized_keys'), 0o644);
    const shared = tempDir('stacktales-perm-');
    fs.chmodSync(shared, 0o755);
    fs.writeFileSync(path.join(shared, 'readable.log'), 'Feb 15 01:40:18 SW-1 Ebra: %ETH-4-ERRDISABLE: bpduguard error detected on Port-Channel35.\n', { mode: 0o644 });
    fs.writeFileSync(path.join(shared, 'secret.log'), 'root only\n', { mode: 0o600 });
    const r = cli(['scan', '--host', `stacktales-test@127.0.0.1:${sshd.port}`, '--identity', user.privateKey, '--known-hosts', kh, '--json', `${shared}/*.log`]);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`skipped stacktales-test@127\\.0\\.0\\.1:${sshd.port}:${shared.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/secret\\.log: permission denied`));
    assert.deepStrictEqual(JSON.parse(r.stdout).findings.map((f: { signal: string }) => f.signal), ['switch-bpduguard-block']);
  });

  it('refuses remote paths with shell syntax', () => {
    assert.strictEqual(cli(['scan', ...hostArgs(), '/var/log/$(reboot)']).status, 2);
    assert.strictEqual(cli(['scan', ...hostArgs(), 'relative/path']).status, 2);
  });

  it('follows a log across rotation, and ends when the host goes away', async () => {
    const file = path.join(dir, 'follow.log');
    fs.writeFileSync(file, 'old line 1\nold line 2\n');
    const runner = new SshRunner({ knownHostsFiles: [kh], knownHostsWriteFile: path.join(dir, 'own'), prompts: NO_PROMPTS });
    const lines: string[] = [];
    const abort = new AbortController();
    const following = followLog(runner, host(), file, { initialBytes: 1024, follow: true, onLines: (l) => lines.push(...l), signal: abort.signal });
    const wait = async (what: string, p: () => boolean) => {
      for (let i = 0; i < 100 && !p(); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(p(), `${what}: ${JSON.stringify(lines)}`);
    };
    await wait('the start', () => lines.includes('old line 2'));
    assert.deepStrictEqual(lines.slice(0, 2), ['old line 1', 'old line 2'], 'a file smaller than asked for is shown whole');
    fs.appendFileSync(file, 'appended\n');
    await wait('an appended line', () => lines.includes('appended'));
    fs.renameSync(file, file + '.1');
    fs.writeFileSync(file, 'after rotation\n');
    await wait('the new file after rotation', () => lines.includes('after rotation'));
    abort.abort();
    assert.strictEqual((await following).ended, 'aborted');

    const other = await startSshd({ authorizedKeys: [user.publicKey] });
    fs.appendFileSync(kh, other.knownHostsLines.join('\n') + '\n');
    const r2 = new SshRunner({ knownHostsFiles: [kh], knownHostsWriteFile: path.join(dir, 'own'), prompts: NO_PROMPTS });
    const dying = followLog(r2, { ...host(), port: other.port }, file, { initialBytes: 100, follow: true, onLines: () => undefined, signal: new AbortController().signal });
    await new Promise((r) => setTimeout(r, 500));
    // The host dies: its sshd session process (the parent of the remote tail) is killed.
    const tail = spawnSync('pgrep', ['-f', `tail -c 100 -F -- ${file}`], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
    const session = spawnSync('ps', ['-o', 'ppid=', '-p', tail], { encoding: 'utf8' }).stdout.trim();
    assert.ok(Number(session) > 1, `session of tail ${tail}`);
    process.kill(Number(session), 'SIGKILL');
    assert.strictEqual((await dying).ended, 'dropped');
    await other.stop();
    runner.close();
    r2.close();
  });
});
