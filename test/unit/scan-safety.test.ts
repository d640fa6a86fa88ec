import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compileDetectors, type Detectors } from '../../src/core/detect/compile';
import type { Host } from '../../src/core/hosts/types';
import type { LoadedEntry } from '../../src/core/kb/types';
import { loadKb } from '../../src/core/knowledge/loadKb';
import { scanPaths } from '../../src/core/scan/files';
import { isUnderPatterns, scanRemote } from '../../src/core/scan/remote';
import { runScanScript, type ScriptTally } from '../../src/core/scan/scriptScan';
import { ScanSession } from '../../src/core/detect/session';
import { SshRunner } from '../../src/core/ssh/sshRunner';
import { decodeFrame } from '../../src/core/wire/frames';
import { keyPair, startSshd, tempDir, writeKnownHosts, type KeyPair, type Sshd } from '../ssh/sshd';
import { KB_DIR } from './paths';

const NO_PROMPTS = { unknownHostKey: async () => false, passphrase: async () => undefined, password: async () => undefined };
const REMOVAL = '2024-03-02 04:11:51.679 14200 INFO nova.virt.libvirt.imagecache [req-ee1a7ad5 - - - - -] Removing base or swap file: /var/lib/nova/instances/_base/be32a717ae7ea3aa039131689864a325fd634c92';

/** Regressions of the safety audit (issue #13) in scanning: hostile hosts and names, encodings, sizes. */
describe('scanning under attack and bad input', function () {
  this.timeout(60000);
  const kb = loadKb([{ dir: KB_DIR, origin: 'builtin' }]).entries;
  const detectors = compileDetectors(kb);

  describe('over a real sshd', () => {
    let dir: string;
    let user: KeyPair;
    let sshd: Sshd;
    let runner: SshRunner;
    let host: Host;

    before(async () => {
      dir = tempDir();
      user = keyPair(dir, 'id_user');
      sshd = await startSshd({ authorizedKeys: [user.publicKey] });
      const kh = writeKnownHosts(path.join(dir, 'known_hosts'), sshd.knownHostsLines);
      runner = new SshRunner({ knownHostsFiles: [kh], knownHostsWriteFile: path.join(dir, 'own'), prompts: NO_PROMPTS });
      host = { name: 'h', address: '127.0.0.1', port: sshd.port, user: 'root', roles: [], identityFiles: [user.privateKey], identitiesOnly: true, proxyJump: [], source: 'command-line' };
    });

    after(async () => {
      runner?.close();
      await sshd?.stop();
    });

    it('never reads a file outside the scanned folder, whatever a folder inside it is named', async () => {
      const root = tempDir('stacktales-hostile-');
      const secret = path.join(root, 'secret');
      fs.mkdirSync(secret);
      fs.writeFileSync(path.join(secret, 'nova-compute.log'), REMOVAL + '\n', { mode: 0o600 });
      const scanned = path.join(root, 'scan');
      // A folder whose name ends a listing frame and starts another, naming the secret folder.
      const hostile = path.join(scanned, `d\n\x01L ${secret}`);
      fs.mkdirSync(hostile, { recursive: true });
      fs.writeFileSync(path.join(hostile, 'nova-compute.log'), 'harmless\n');
      // A file whose name carries a fake finding line.
      fs.writeFileSync(path.join(scanned, `x\n24:${REMOVAL.replace(/\//g, '_')}`), 'harmless\n');
      fs.writeFileSync(path.join(scanned, 'plain.log'), 'nothing here\n');
      const r = await scanRemote(detectors, runner, [host], [scanned]);
      assert.deepStrictEqual(r.findings, [], JSON.stringify(r.findings));
      assert.strictEqual(r.files, 1, 'only plain.log is read');
      const refused = r.skipped.filter((s) => /control character/.test(s.reason));
      assert.strictEqual(refused.length, 2, JSON.stringify(r.skipped));
      assert.ok(!r.skipped.some((s) => s.file === undefined), `the host does not fail: ${JSON.stringify(r.skipped)}`);
    });

    it('reads a UTF-8 pattern the same on a host as here, in small files, streamed logs and grep-assisted ones', async () => {
      const d = compileDetectors([userEntry(kb[0], 'größe (?<n>\\d+) überschritten')]);
      const root = tempDir('stacktales-utf8-');
      const line = '2024-03-02 04:11:51.679 1 WARNING x.y [-] Die größe 42 überschritten';
      fs.writeFileSync(path.join(root, 'small.log'), `${line}\n`);
      // Over 4 MiB: streamed in chunks, the matching line after the first megabyte.
      fs.writeFileSync(path.join(root, 'big.log'), `${'filler ä line\n'.repeat(400_000)}${line}\n`);
      const local = await scanPaths(d, [root]);
      const where = (fs: { file: string; line: number; column: number }[]) => fs.map((f) => `${path.basename(f.file)}:${f.line}:${f.column}`).sort();
      const column = line.indexOf('größe') + 1;
      assert.deepStrictEqual(where(local.findings), [`big.log:400001:${column}`, `small.log:1:${column}`]);
      const grepAssisted = await withEnv({ STACKTALES_GREP_MIN_BYTES: '1' }, () => scanPaths(d, [root]));
      assert.deepStrictEqual(where(grepAssisted.findings), where(local.findings));
      const remote = await scanRemote(d, runner, [host], [root]);
      assert.deepStrictEqual(where(remote.findings), where(local.findings));
    });

    it('reads a huge file named like a configuration as a log, not whole into memory', async () => {
      const root = tempDir('stacktales-bigconf-');
      const conf = path.join(root, 'nova.conf');
      // 40 MB of comments, then the tale's line: sent whole it would cross SSH entirely.
      fs.writeFileSync(conf, `[DEFAULT]\n${'# filler comment line of a huge nova.conf\n'.repeat(1_000_000)}${REMOVAL}\n`);
      const r = await scanRemote(detectors, runner, [host], [conf]);
      assert.strictEqual(r.files, 1, JSON.stringify(r.skipped));
      assert.ok(r.bytesTransferred < 1024 * 1024, `${r.bytesTransferred} bytes crossed SSH for ${r.bytesScanned}`);
    });
  });

  it('accepts only listed files under the requested paths', () => {
    assert.ok(isUnderPatterns('/var/log/nova/nova-compute.log', ['/var/log/nova']));
    assert.ok(isUnderPatterns('/var/log/nova/nova-compute.log', ['/var/log/*/nova-*.log']));
    assert.ok(isUnderPatterns('/var/log/nova/sub/x.log', ['/var/log/n*']));
    assert.ok(!isUnderPatterns('/etc/shadow', ['/var/log/nova']));
    assert.ok(!isUnderPatterns('/var/log/nova/../../../etc/shadow', ['/var/log/nova']));
    assert.ok(!isUnderPatterns('/var/log/nova2/x.log', ['/var/log/nova']));
    assert.ok(!isUnderPatterns('relative/x.log', ['/var/log/nova']));
  });

  it('ignores malformed frames and frames of files it did not ask for, and says so', async () => {
    const hostile = ['\x01F 7 10 whole', '1:x', '\x01E 7 0', '\x01S 9 missing', '\x01F x y whole', '\x01E 0', 'not a frame', '\x01Q what', '\x01L /a\x01b', '\x01F 0 5 whole', `1:${REMOVAL}`, '\x01E 0 0', ''].join('\n');
    const malformed: string[] = [];
    const tally: ScriptTally = { files: 0, bytesScanned: 0, bytesTransferred: 0, skip: () => undefined, malformed: (w) => malformed.push(w) };
    const session = new ScanSession(detectors);
    await runScanScript(session, async (_script, onData) => (onData(Buffer.from(hostile)), { ended: 'exit', exitCode: 0, stderr: '' }), [], ['/var/log/nova/nova-compute.log'], { idleTimeoutMs: 10_000 }, tally);
    assert.strictEqual(tally.files, 1);
    assert.deepStrictEqual(session.end().map((f) => f.signal), ['imagecache-removing-base']);
    assert.strictEqual(malformed.length, 7, malformed.join('\n'));
    for (const line of ['\x01F 1 2 whole x', '\x01L a\nb', '\x01E x 0', '\x01F 1 -2 whole', '12a:text', ':x']) assert.strictEqual(decodeFrame(line), undefined, JSON.stringify(line));
  });
});

/** A user entry with one log signal, for patterns the built-in KB does not have. */
function userEntry(base: LoadedEntry, pattern: string): LoadedEntry {
  const signal = { id: 'user-signal', kind: 'log' as const, files: ['**/*.log'], pattern, severity: 'warning' as const, explain: { en: 'x', de: 'x' } };
  return { ...base, entry: { ...base.entry, id: 'user-entry', signals: [signal] }, origin: 'user' };
}

async function withEnv<T>(env: Record<string, string>, f: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await f();
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

export type { Detectors };
