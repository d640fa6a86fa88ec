// The folder scan on worker threads (issue #17): the same report as the scan in one thread, on a
// sosreport-like tree with the awkward things a real one has.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { compileDetectors } from '../../src/core/detect/compile';
import { loadKb } from '../../src/core/knowledge/loadKb';
import { scanPaths } from '../../src/core/scan/files';
import { generateTree } from '../../bench/treeGenerator';
import { tempDir } from '../ssh/sshd';
import { CLI, KB_DIR } from './paths';
import { plain, runInPty } from './pty';

describe('a folder scanned by worker threads (issue #17)', function () {
  this.timeout(120000);
  const detectors = compileDetectors(loadKb([{ dir: KB_DIR, origin: 'builtin' }]).entries);
  let dir: string;
  let planted: ReturnType<typeof generateTree>['planted'];

  before(() => {
    dir = tempDir('stacktales-tree-');
    planted = generateTree(dir, { files: 4000 }).planted;
    // What real trees hold besides small text files.
    const big = path.join(dir, 'var/log/nova/nova-api.log');
    fs.writeFileSync(big, '2024-03-01 10:00:00.000 1 INFO nova.osapi_compute.wsgi.server [req-1 - - - - -] 10.0.0.5 "GET /v2.1/servers HTTP/1.1" status: 200 len: 100 time: 0.1000000\n'.repeat(60000));
    fs.appendFileSync(big, '2024-03-01 10:05:00.000 1 INFO nova.osapi_compute.wsgi.server [req-2 - - - - -] 10.0.0.5 "GET /v2.1/servers/detail HTTP/1.1" status: 200 len: 100 time: 92.5000000\n');
    const requests = Array.from({ length: 12 }, (_, i) => `Aug 30 02:14:${String(i * 5).padStart(2, '0')} cc01 dnsmasq-dhcp[2211]: DHCPREQUEST(br100) 10.0.0.9 fa:16:3e:5a:11:99\n`).join('');
    fs.writeFileSync(path.join(dir, 'var/log/syslog.3.gz'), zlib.gzipSync(requests));
    fs.writeFileSync(path.join(dir, 'etc/blob.bin'), Buffer.from([0, 1, 2, 3, 0, 5]));
    fs.writeFileSync(path.join(dir, 'var/log/broken.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    fs.symlinkSync(path.join(dir, 'etc/nova/nova.conf'), path.join(dir, 'etc/nova.conf.link'));
    fs.symlinkSync('loop-b', path.join(dir, 'etc/loop-a'));
    fs.symlinkSync('loop-a', path.join(dir, 'etc/loop-b'));
    fs.symlinkSync('/proc/self/status', path.join(dir, 'etc/kernel-link'));
    fs.symlinkSync(path.join(dir, 'proc'), path.join(dir, 'etc/folder-link'));
    execFileSync('mkfifo', [path.join(dir, 'var/log/fifo')]);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports exactly what the scan in one thread reports, and says how far it got as it goes', async () => {
    const seen: number[] = [];
    const pooled = await scanPaths(detectors, [dir], { workers: 2, onProgress: (p) => seen.push(p.files) });
    const here = await scanPaths(detectors, [dir], { workers: 0 });
    assert.deepStrictEqual(pooled, here);
    assert.ok(pooled.files > 4000 && pooled.skipped.length >= 6, JSON.stringify(pooled.skipped));
    for (const p of planted) assert.ok(pooled.findings.some((f) => f.file.endsWith(p.file) && f.signal === p.signal), `${p.file}: ${p.signal}`);
    assert.ok(pooled.findings.some((f) => f.file.endsWith('nova-api.log') && f.signal === 'slow-api-request'), 'the big log, streamed');
    assert.ok(pooled.findings.some((f) => f.file.endsWith('syslog.3.gz')), 'the gzipped log');
    assert.strictEqual(seen.length, pooled.files + pooled.skipped.filter((s) => /binary|gzip/.test(s.reason)).length);
    assert.strictEqual(Math.max(...seen), seen.length);
  });

  it('shows files, bytes and rate on a terminal while it scans, and nothing in a pipe; --json stays clean', async () => {
    const out = path.join(dir, '..', `${path.basename(dir)}.json`);
    const r = await runInPty(['sh', '-c', `exec '${process.execPath}' '${CLI}' scan --json '${dir}' > '${out}'`], [], { env: { STACKTALES_PROGRESS_AFTER_MS: '0' } });
    assert.strictEqual(r.code, 0, r.output);
    assert.match(plain(r.output), /stacktales: scanning: \d+ files, [\d.]+ MB, [\d.]+ MB\/s/);
    assert.ok(JSON.parse(fs.readFileSync(out, 'utf8')).files > 4000);
    fs.rmSync(out);
    const piped = spawnSync(process.execPath, [CLI, 'scan', '--json', dir], { encoding: 'utf8', env: { ...process.env, STACKTALES_PROGRESS_AFTER_MS: '0' } });
    assert.doesNotMatch(piped.stderr, /scanning/);
    assert.ok(JSON.parse(piped.stdout).files > 4000);
  });
});
