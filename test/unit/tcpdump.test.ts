// The KB's tcpdump diagnostics run with the real tcpdump on recorded frames (issue #15, defect 6):
// their filters must catch the frames the tale is about, and they must end before the runner does.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { quote } from 'shell-quote';
import { compileDetectors } from '../../src/core/detect/compile';
import { scanText } from '../../src/core/detect/session';
import { DEFAULT_COMMAND_TIMEOUT_S, innerTimeouts } from '../../src/core/kb/commandTemplate';
import { loadKb } from '../../src/core/knowledge/loadKb';
import { icmpEcho, writePcap } from '../hosts/pcap';
import { tempDir } from '../ssh/sshd';
import { FIXTURES, KB_DIR } from './paths';

const kb = loadKb([{ dir: KB_DIR, origin: 'builtin' }]).entries;
const detectors = compileDetectors(kb);
const diagnostic = (entry: string, id: string) => kb.find((e) => e.entry.id === entry)!.entry.diagnostics.find((d) => d.id === id)!;

/** The diagnostic as a host runs it, reading a capture instead of an interface (-Q, a direction, is for live captures only). */
function readCapture(entry: string, id: string, pcap: string): { command: string; lines: string[]; signals: string[] } {
  const d = diagnostic(entry, id);
  const command = d.command.replace(/-Q \{\{\w+\}\} /, '').replace(/-i \{\{\w+\}\}/, `-r ${quote([pcap])}`);
  assert.doesNotMatch(command, /\{\{/, command);
  const out = execFileSync('sh', ['-c', command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const findings = scanText(detectors, out, { file: `host:${id}`, diagnostic: id }).filter((f) => f.entry === entry);
  return { command, lines: out.split('\n').filter(Boolean), signals: findings.map((f) => f.signal) };
}

describe('tcpdump diagnostics on recorded frames, with the real tcpdump (issue #15)', () => {
  let dir: string;
  before(() => {
    dir = tempDir('stacktales-pcap-');
  });

  it('tcpdump-stp catches the BPDUs of a real capture, and the signal reads each', () => {
    const r = readCapture('bpdu-guard-massacre', 'tcpdump-stp', path.join(FIXTURES, 'pcap', '802.1w_rapid_STP.pcap'));
    assert.doesNotMatch(diagnostic('bpdu-guard-massacre', 'tcpdump-stp').command, /-i any\b/, 'on "any", libpcap reads cooked headers: the interface is named');
    assert.strictEqual(r.lines.length, 10, r.command); // -c 10 of the capture's 30
    assert.deepStrictEqual(r.signals, Array(10).fill('bpdu-frames-captured'));
  });

  it('tcpdump-vlan catches the double-tagged frames that "vlan and icmp" misses, and only those', () => {
    const frame = (vlans: number[], seq: number) => icmpEcho({ srcMac: 'fa:16:3e:5a:11:99', dstMac: '00:25:90:aa:12:35', src: '10.0.0.9', dst: '10.0.0.7', vlans, seq, payload: 56 });
    const mixed = path.join(dir, 'mixed.pcap');
    writePcap(mixed, [1, 2, 3, 4, 5].flatMap((i) => [frame([20, 100], i), frame([100], 100 + i)]));
    const r = readCapture('double-vlan', 'tcpdump-vlan', mixed);
    assert.strictEqual(r.lines.length, 5, r.lines.join('\n'));
    assert.ok(r.lines.every((l) => /vlan 20, p 0, ethertype 802\.1Q \(0x8100\), vlan 100, p 0, ethertype IPv4/.test(l)), r.lines.join('\n'));
    assert.deepStrictEqual(r.signals, Array(5).fill('double-tagged-frame'));
    // The filter this diagnostic had before: after one "vlan", "icmp" looks for IPv4 where the inner tag is.
    const old = execFileSync('tcpdump', ['-e', '-nn', '-r', mixed, 'vlan and icmp'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    assert.strictEqual(old.split('\n').filter((l) => /vlan 20/.test(l)).length, 0, old);
  });

  it('every tcpdump diagnostic stops itself before the runner gives up on it', () => {
    const tcpdumps = kb.flatMap((e) => e.entry.diagnostics).filter((d) => /\btcpdump\b/.test(d.command));
    assert.ok(tcpdumps.length >= 3);
    for (const d of tcpdumps) {
      const limits = innerTimeouts(d.command);
      assert.ok(limits.length && limits.every((s) => s < DEFAULT_COMMAND_TIMEOUT_S), `${d.id}: ${d.command}`);
    }
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));
});
