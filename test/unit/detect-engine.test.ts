import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { compileDetectors } from '../../src/core/detect/compile';
import { lookup, looksLikeIni, parseIni } from '../../src/core/text/ini';
import { requiredLiterals } from '../../src/core/signals/literals';
import { scanPaths } from '../../src/core/scan/files';
import { scanText } from '../../src/core/detect/session';
import { exampleText } from '../../src/core/kb/examples';
import { lineTime } from '../../src/core/text/timestamps';
import { loadKb } from '../../src/core/knowledge/loadKb';
import { CLI, FIXTURES, KB_DIR } from './paths';

const entries = loadKb([{ dir: KB_DIR, origin: 'builtin' }]).entries;
const detectors = compileDetectors(entries);
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'stacktales-detect-'));
const REMOVAL = '2012-12-19 12:10:59.112 2211 INFO nova.virt.libvirt.imagecache [req-1 - - - - -] Removing base file: /var/lib/nova/instances/_base/7b4783508212f5d242cbf9ff56fb8d33b4ce6166_10';

describe('oslo.config INI parser', () => {
  it('reads sections, comments, repeated keys, continuation lines and both separators', () => {
    const ini = parseIni(['# comment', '[DEFAULT]', 'debug = true ; not a comment in oslo', 'vlan_interface=vlan20', '', '[filter]', 'pattern = a', '  b', '	c', 'pattern = d', 'key: colon value', '[ spaced ]', 'x =', 'orphan line without equals'].join('\n'));
    assert.strictEqual(lookup(ini, 'DEFAULT', 'vlan_interface')?.value, 'vlan20');
    assert.strictEqual(lookup(ini, 'DEFAULT', 'vlan_interface')?.line, 4);
    assert.strictEqual(lookup(ini, 'DEFAULT', 'debug')?.value, 'true ; not a comment in oslo');
    assert.deepStrictEqual(ini.sections.get('filter')!.get('pattern')!.map((v) => v.value), ['a\nb\nc', 'd']);
    assert.strictEqual(lookup(ini, 'filter', 'key')?.value, 'colon value');
    assert.strictEqual(lookup(ini, 'spaced', 'x')?.value, '');
    assert.strictEqual(ini.strayLines, 1);
    assert.strictEqual(ini.sectionLines.get('filter'), 6);
  });

  it('gives the column range of the value', () => {
    const v = lookup(parseIni('[DEFAULT]\nvlan_interface =   vlan20  \n'), 'DEFAULT', 'vlan_interface')!;
    assert.deepStrictEqual([v.start, v.end], [19, 25]);
  });

  it('tells INI from logs', () => {
    assert.strictEqual(looksLikeIni(parseIni('[DEFAULT]\nfoo = bar\n')), true);
    assert.strictEqual(looksLikeIni(parseIni(fs.readFileSync(path.join(FIXTURES, 'detect', 'dhcp-renewal-stall-positive', 'var', 'log', 'syslog'), 'utf8'))), false);
    assert.strictEqual(looksLikeIni(parseIni('a = b\nc = d\n')), false);
  });
});

describe('prefilter literals', () => {
  it('takes the longest mandatory run, or the union of alternatives', () => {
    assert.deepStrictEqual(requiredLiterals('nova\\.virt\\.(libvirt\\.)?imagecache\\b.*Removing base (or swap )?file: (?<path>\\S+)'), ['Removing base ']);
    assert.deepStrictEqual(requiredLiterals('%SPANTREE-\\d-BLOCK_BPDUGUARD|bpduguard error detected on (?<port>\\S+?)[.,]')?.sort(), ['-BLOCK_BPDUGUARD', 'bpduguard error detected on '].sort());
    assert.strictEqual(requiredLiterals('^\\d+\\s+\\d+$'), undefined);
    assert.strictEqual(requiredLiterals('abc', 'i'), undefined);
  });

  it('covers every line signal of the KB, so no signal runs on every line', () => {
    const unfiltered = detectors.signals.filter((c) => c.reads === 'lines' && !c.literals).map((c) => `${c.entry}/${c.signal.id}`);
    assert.deepStrictEqual(unfiltered, []);
  });

  it('never skips a line the full pattern would match (every KB example)', () => {
    for (const c of detectors.signals) {
      for (const line of (c.signal.examples?.match ?? []).map(exampleText)) {
        if (c.reads === 'lines' && c.literals) assert.ok(c.literals.some((l) => line.includes(l)), `${c.signal.id}: ${line}`);
      }
    }
  });
});

describe('timestamps and windows', () => {
  it('reads oslo.log and syslog timestamps', () => {
    assert.strictEqual(lineTime('2012-12-19 12:10:59.500 INFO x')! - lineTime('2012-12-19 12:10:58.000 INFO x')!, 1.5);
    assert.strictEqual(lineTime('Aug 30 02:14:07 cc01 x')! - lineTime('Aug 30 02:13:07 cc01 x')!, 60);
    assert.strictEqual(lineTime('no time here'), undefined);
  });

  it('fires a window signal once per burst, and not for a slow trickle', () => {
    const line = (s: number, mac: string) => `Aug 30 02:${String(10 + Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')} cc01 dnsmasq-dhcp[2211]: DHCPREQUEST(br100) 10.0.0.9 ${mac}`;
    const burst = [0, 3, 7, 13, 20].map((s) => line(s, 'fa:16:3e:00:00:01'));
    const trickle = [0, 60, 120, 180, 240].map((s) => line(s, 'fa:16:3e:00:00:02'));
    const f = scanText(detectors, [...burst, ...trickle].join('\n'), { file: 'syslog' });
    assert.deepStrictEqual(f.map((x) => [x.signal, x.line, x.captures.mac, x.captures.count]), [['dnsmasq-repeated-request', 4, 'fa:16:3e:00:00:01', '4']]);
  });
});

describe('scanning text by content', () => {
  it('recognises a pasted ip link output in an untitled buffer and applies output signals', () => {
    const f = scanText(detectors, '10: vlan100@vlan20: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br100 state UP\n', { file: 'Untitled-1' });
    assert.deepStrictEqual(f.map((x) => x.signal), ['stacked-vlan-link']);
    assert.deepStrictEqual([f[0].line, f[0].column, f[0].endColumn], [1, 1, 22]);
  });

  it('applies config signals to INI content whatever the file name, and never to logs', () => {
    assert.deepStrictEqual(scanText(detectors, '[DEFAULT]\nvlan_interface = vlan20\n', { file: 'notes.txt' }).map((x) => x.signal), ['vlan-interface-is-vlan']);
    assert.deepStrictEqual(scanText(detectors, 'vlan_interface = vlan20 was the mistake\n', { file: 'notes.txt' }).map((x) => x.signal), []);
  });

  it('knows output from its diagnostic when the caller says which one ran', () => {
    const f = scanText(detectors, 'MII Status: down\n', { file: 'ssh-output', diagnostic: 'bond-status' });
    assert.deepStrictEqual(f.map((x) => [x.entry, x.signal, x.next]), [['bpdu-guard-massacre', 'bond-slaves-down', 'switch-log']]);
  });

  it('turns detectors off per entry and adds file patterns', () => {
    const off = compileDetectors(entries, { disabled: ['disappearing-images'] });
    assert.deepStrictEqual(scanText(off, REMOVAL, { file: 'x.log' }), []);
    const extra = compileDetectors(entries, { extraFiles: { 'double-vlan': ['**/site/*.cfg'] } });
    assert.strictEqual(scanText(extra, 'vlan_interface = vlan20\n', { file: '/srv/site/compute.cfg' })[0]?.signal, 'vlan-interface-is-vlan');
  });
});

describe('scanning files', () => {
  it('reads gzip-compressed and rotated logs', async () => {
    const dir = tmp();
    const src = fs.readFileSync(path.join(FIXTURES, 'detect', 'disappearing-images-local-removal', 'var', 'log', 'nova', 'nova-compute.log'));
    fs.writeFileSync(path.join(dir, 'nova-compute.log.2.gz'), zlib.gzipSync(src));
    fs.writeFileSync(path.join(dir, 'nova-compute.log.1'), src);
    const r = await scanPaths(detectors, [dir]);
    assert.deepStrictEqual(r.findings.map((f) => [path.basename(f.file), f.line, f.signal]), [
      ['nova-compute.log.1', 11, 'imagecache-removing-base'],
      ['nova-compute.log.2.gz', 11, 'imagecache-removing-base'],
    ]);
    assert.strictEqual(r.bytes, src.length * 2);
  });

  it('reports binary and unreadable files and goes on', async function () {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'core.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
    fs.writeFileSync(path.join(dir, 'nova.log'), REMOVAL + '\n');
    fs.symlinkSync(path.join(dir, 'gone.log'), path.join(dir, 'dangling.log'));
    const r = await scanPaths(detectors, [dir]);
    assert.deepStrictEqual(r.skipped.map((s) => [path.basename(s.file), s.reason]), [['core.bin', 'binary'], ['dangling.log', 'a link to nothing (no such file)']]);
    assert.strictEqual(r.findings.length, 1);
    assert.strictEqual(r.files, 1);
  });

  it('refuses a named path it cannot read, in words and before reading anything (issue #13)', async () => {
    const dir = tmp();
    await assert.rejects(scanPaths(detectors, [dir, path.join(dir, 'does-not-exist.log')]), (e: Error) => e.message === `cannot scan ${path.join(dir, 'does-not-exist.log')}: no such file`);
  });

  it('streams a log larger than the heap it is given (never reads it whole)', function () {
    this.timeout(120000);
    const dir = tmp();
    const file = path.join(dir, 'nova-compute.log');
    const noise = Buffer.from('2012-12-19 11:00:00.000 2211 INFO nova.compute.resource_tracker [req-0 - - - - -] Final resource view: name=cmp-03 phys_ram=96638MB used_ram=8192MB\n'.repeat(8192));
    const fd = fs.openSync(file, 'w');
    const chunks = Math.ceil((300 * 1024 * 1024) / noise.length);
    for (let i = 0; i < chunks; i++) {
      fs.writeSync(fd, noise);
      if (i === chunks - 2) fs.writeSync(fd, REMOVAL + '\n');
    }
    fs.closeSync(fd);
    const linesBefore = (chunks - 1) * 8192;
    // 300 MB of log through a process with a 48 MB heap: reading it whole would die.
    const r = spawnSync(process.execPath, ['--max-old-space-size=48', CLI, 'scan', '--json', file], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.strictEqual(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepStrictEqual(out.findings.map((f: { line: number; signal: string }) => [f.line, f.signal]), [[linesBefore + 1, 'imagecache-removing-base']]);
    assert.ok(out.bytes > 300 * 1024 * 1024);
  });
});

describe('stacktales scan (CLI)', () => {
  const run = (args: string[], input?: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input });

  it('prints the JSON contract', () => {
    const dir = path.join(FIXTURES, 'detect', 'deleted-rows-bloat-positive');
    const r = run(['scan', '--json', path.join(dir, 'var'), path.join(dir, 'commands')]);
    assert.strictEqual(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    // "skipped" added by issue #13: what a folder scan could not read is listed, not only printed.
    assert.deepStrictEqual(Object.keys(out), ['findings', 'files', 'bytes', 'skipped']);
    assert.deepStrictEqual(out.skipped, []);
    assert.strictEqual(out.files, 2);
    for (const f of out.findings) assert.deepStrictEqual(Object.keys(f), ['file', 'line', 'entry', 'signal', 'severity', 'message']);
    assert.deepStrictEqual(out.findings.map((f: { line: number; severity: string }) => [f.line, f.severity]), [[1, 'warning'], [2, 'warning'], [8, 'error']]);
  });

  it('reads standard input', () => {
    const out = JSON.parse(run(['scan', '--json', '-'], REMOVAL + '\n').stdout);
    assert.strictEqual(out.findings[0].signal, 'imagecache-removing-base');
    assert.strictEqual(out.findings[0].file, '-');
  });

  it('exits 0 with no findings, 2 for a named path it cannot read (issue #13: not a clean scan), and 2 on bad usage', () => {
    const clean = run(['scan', '--json', path.join(FIXTURES, 'detect', 'double-vlan-negative')]);
    assert.strictEqual(clean.status, 0);
    assert.deepStrictEqual(JSON.parse(clean.stdout).findings, []);
    const r = run(['scan', '--json', path.join(FIXTURES, 'detect', 'double-vlan-negative'), '/nonexistent']);
    assert.strictEqual(r.status, 2);
    assert.strictEqual(r.stdout, '');
    assert.strictEqual(r.stderr, 'stacktales: cannot scan /nonexistent: no such file\n');
    assert.strictEqual(run(['scan']).status, 2);
    assert.strictEqual(run(['scan', 'x', '--frobnicate']).status, 2);
  });
});
