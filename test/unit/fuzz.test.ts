import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import * as zlib from 'zlib';
import { tempDir } from '../ssh/sshd';
import { CLI, FIXTURES, KB_DIR } from './paths';

/** Each case runs the CLI under these bounds: past them it counts as a hang or a blow-up. */
const TIME_BOUND_MS = 30_000;
const HEAP_BOUND_MB = 256;

interface Case {
  name: string;
  args: string[];
  input?: Buffer | string;
  /** The exit codes a careful operator would expect: 0 ran, 1 ran and found trouble, 2 bad input. */
  exit: number[];
  /** What stderr (or stdout, for results) must say: a sentence that names the file, host or value. */
  says?: RegExp;
  stdout?: RegExp;
}

/**
 * A small fuzz suite of the safety audit's categories (issue #13): binary, long lines, FIFOs,
 * /dev/zero, loops, huge ranges, alias bombs, hostile patterns, hostile file names. Each case
 * is the real CLI in its own process, bounded in time and heap; the suite passes only with
 * zero hangs, zero stack traces and every error a sentence.
 */
describe('fuzz: the CLI on hostile and broken input', function () {
  this.timeout(TIME_BOUND_MS * 2);
  const dir = tempDir('stacktales-fuzz-');
  const at = (...p: string[]) => path.join(dir, ...p);
  const mk = (p: string) => (fs.mkdirSync(p, { recursive: true }), p);

  // Inputs, made once.
  mk(at('binary'));
  fs.writeFileSync(at('binary', 'core.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0, 0, 0]));
  fs.writeFileSync(at('long.log'), `${'x'.repeat(20 * 1024 * 1024)} BPDU Guard enabled. Disabling port.\n`);
  execFileSync('mkfifo', [at('fifo')]);
  mk(at('tree', 'var', 'log'));
  execFileSync('mkfifo', [at('tree', 'var', 'log', 'pipe.log')]);
  fs.symlinkSync('/proc/kmsg', at('tree', 'var', 'log', 'b.log'));
  fs.symlinkSync(at('tree', 'var', 'log', 'loop2.log'), at('tree', 'var', 'log', 'loop1.log'));
  fs.symlinkSync(at('tree', 'var', 'log', 'loop1.log'), at('tree', 'var', 'log', 'loop2.log'));
  fs.writeFileSync(at('tree', 'var', 'log', `name\nwith\x01control.log`), 'nothing\n');
  fs.writeFileSync(at('tree', 'var', 'log', 'nova-compute.log'), '2024-03-02 04:11:51.679 14200 INFO nova.virt.libvirt.imagecache [req-1 - - - - -] Removing base or swap file: /var/lib/nova/instances/_base/be32a7\n');
  const conf = fs.readFileSync(path.join(FIXTURES, 'detect', 'double-vlan-positive', 'etc', 'nova', 'nova.conf'));
  // ssh_config files.
  fs.writeFileSync(at('ssh_include_zero'), 'Include /dev/zero\nHost x\n  HostName 127.0.0.1\n');
  mk(at('sshd'));
  fs.writeFileSync(at('sshd', 'self.conf'), `Include ${at('sshd', '*.conf')}\nHost self\n  HostName 127.0.0.1\n  Port 1\n`);
  fs.writeFileSync(at('ssh_jump_loop'), 'Host a\n  HostName 127.0.0.1\n  ProxyJump root@b\nHost b\n  HostName 127.0.0.2\n  ProxyJump root@a\n');
  fs.writeFileSync(at('ssh_port'), 'Host p\n  HostName 127.0.0.1\n  Port abc\n');
  // Inventories.
  fs.writeFileSync(at('range.ini'), '[compute]\nh[0:100000000]\n');
  const diamond = ['[g0]', 'h1 ansible_host=127.0.0.1 ansible_port=1'];
  for (let i = 1; i <= 24; i++) diamond.push(`[g${i}a:children]`, `g${i - 1}`, `[g${i}b:children]`, `g${i - 1}`, `[g${i}:children]`, `g${i}a`, `g${i}b`);
  diamond.push('[compute:children]', 'g24');
  fs.writeFileSync(at('diamond.ini'), diamond.join('\n') + '\n');
  // User entries: a YAML alias bomb, and a pattern that backtracks exponentially on its own examples.
  const base = fs.readFileSync(path.join(KB_DIR, 'entries', 'bpdu-guard-massacre', 'entry.yaml'), 'utf8');
  const prose = (d: string) => ['en', 'de'].forEach((l) => fs.copyFileSync(path.join(KB_DIR, 'entries', 'bpdu-guard-massacre', `${l}.md`), path.join(d, `${l}.md`)));
  const bomb = mk(at('kb-bomb', 'bomb'));
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  fs.writeFileSync(path.join(bomb, 'entry.yaml'), `${levels.join('\n')}\n${base.replace(/^id: .*$/m, 'id: bomb')}`);
  prose(bomb);
  const redos = mk(at('kb-redos', 'redos'));
  const hostileSignal = { id: 'hostile', kind: 'log', files: ['**/*.log'], pattern: '^(a|a)*$', severity: 'warning', explain: { en: 'x', de: 'x' }, examples: { match: [`${'a'.repeat(40)}b`] } };
  const parsed = require('yaml').parse(base) as { signals: unknown[] };
  fs.writeFileSync(path.join(redos, 'entry.yaml'), stringify({ ...parsed, id: 'redos', signals: [...parsed.signals, hostileSignal] }));
  prose(redos);

  const hosts = ['--known-hosts', at('known_hosts')];
  const cases: Case[] = [
    { name: 'a binary file in a folder', args: ['scan', at('binary')], exit: [0], says: /skipped .*core\.bin: binary/ },
    { name: 'a 20 MB line', args: ['scan', '--json', at('long.log')], exit: [0], stdout: /"files":1/ },
    { name: 'a FIFO named as input', args: ['scan', at('fifo')], exit: [2], says: /^stacktales: cannot scan .*fifo: not a file or folder \(a device, FIFO or socket\)$/m },
    { name: '/dev/zero named as input', args: ['scan', '/dev/zero'], exit: [2], says: /^stacktales: cannot scan \/dev\/zero: not a file or folder/m },
    { name: 'a folder with a FIFO, a link to /proc/kmsg, a link loop and a control character in a name', args: ['scan', '--json', at('tree')], exit: [0], says: /^(?=[\s\S]*pipe\.log: not a regular file \(a FIFO\))(?=[\s\S]*b\.log: a link to \/proc\/kmsg, a kernel interface)(?=[\s\S]*loop1\.log: a link that loops)/, stdout: /imagecache-removing-base/ },
    { name: '/dev/zero as --ssh-config', args: ['exec', '--ssh-config', '/dev/zero', '--host', 'x', ...hosts, '--', 'true'], exit: [2], says: /^stacktales: \/dev\/zero: is not a regular file/m },
    { name: '/dev/zero as --inventory', args: ['exec', '--inventory', '/dev/zero', '--host', 'all', ...hosts, '--', 'true'], exit: [2], says: /^stacktales: \/dev\/zero: is not a regular file/m },
    { name: 'an --ssh-config that does not exist', args: ['exec', '--ssh-config', at('nope'), '--host', 'x', ...hosts, '--', 'true'], exit: [2], says: /^stacktales: .*nope: no such file$/m },
    { name: 'Include /dev/zero', args: ['exec', '--ssh-config', at('ssh_include_zero'), '--host', 'x', ...hosts, '--', 'true'], exit: [2], says: /\/dev\/zero: is not a regular file/ },
    { name: 'an Include glob that includes itself', args: ['exec', '--ssh-config', at('sshd', 'self.conf'), '--host', 'self', ...hosts, '--timeout', '5', '--', 'true'], exit: [1], stdout: /refused/ },
    { name: 'a ProxyJump loop written as root@b', args: ['exec', '--ssh-config', at('ssh_jump_loop'), '--host', 'a', ...hosts, '--', 'true'], exit: [2], says: /ProxyJump loop/ },
    { name: 'Port abc', args: ['exec', '--ssh-config', at('ssh_port'), '--host', 'p', ...hosts, '--', 'true'], exit: [2], says: /Host p: Port "abc" is not a port number \(1 to 65535\)/ },
    { name: 'an inventory range of 100 million hosts', args: ['exec', '--inventory', at('range.ini'), '--host', 'all', ...hosts, '--', 'true'], exit: [2], says: /range\.ini:2: the range in "h\[0:100000000\]" stands for 100000001 hosts \(at most 10000\)/ },
    { name: 'an inventory of 24 stacked diamonds of groups', args: ['exec', '--inventory', at('diamond.ini'), '--host', 'compute', ...hosts, '--timeout', '5', '--json', '--', 'true'], exit: [1], stdout: /"host":"h1"/ },
    { name: 'a YAML alias bomb in a user entry', args: ['kb', 'check', at('kb-bomb')], exit: [1], stdout: /bomb[\\/]entry\.yaml:\d+: YAML: Excessive alias count/ },
    { name: 'the same user folder beside the built-in KB', args: ['search', '--kb', at('kb-bomb'), '--json', 'images disappear'], exit: [0], stdout: /disappearing-images/ },
    { name: 'an exponential pattern with examples that would take hours', args: ['kb', 'check', at('kb-redos')], exit: [1], stdout: /redos[\\/]entry\.yaml:\d+: pattern may backtrack catastrophically \(time exponential/ },
    { name: 'a timeout past what a timer can wait', args: ['exec', '--host', 'h', '--timeout', '2147484', '--', 'true'], exit: [2], says: /--timeout.*must be at most 2147483 seconds/ },
    { name: 'a pasted nova.conf on standard input', args: ['scan', '--json', '-'], input: conf, exit: [0], stdout: /vlan-interface-is-vlan/ },
    { name: 'a gzipped nova.conf on standard input, named', args: ['scan', '--json', '--name', '/etc/nova/nova.conf', '-'], input: zlib.gzipSync(conf), exit: [0], stdout: /"file":"\/etc\/nova\/nova\.conf".*vlan-interface-is-vlan/ },
    { name: 'broken gzip on standard input', args: ['scan', '-'], input: Buffer.concat([zlib.gzipSync(conf).subarray(0, 40)]), exit: [0], says: /skipped -: the gzip data ends too early \(a truncated file\)/ },
    { name: 'an unknown --param', args: ['runbook', 'console-log-flood', '--host', 'h', '--param', 'instance_path=/srv'], exit: [2], says: /unknown parameter "instance_path"; the parameters of entry "console-log-flood": instance_dir, instances_path/ },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_BOUND_MB}`, CLI, ...c.args], { input: c.input ?? '', encoding: 'utf8', timeout: TIME_BOUND_MS, env: { ...process.env, SSH_AUTH_SOCK: '' }, maxBuffer: 64 * 1024 * 1024 });
      assert.ok(!r.error, `no hang: ${r.error?.message}`);
      assert.strictEqual(r.signal, null, `killed by ${r.signal} (a blow-up past ${HEAP_BOUND_MB} MB?)`);
      assert.ok(c.exit.includes(r.status!), `exit ${r.status}, expected ${c.exit.join(' or ')}\n${r.stderr}`);
      assert.doesNotMatch(r.stderr, /^\s+at |TypeError|ReferenceError|Maximum call stack|node:internal|\bE[A-Z]{3,}\b(?!.*no such)/m, 'no stack trace, no raw errno');
      if (c.says) assert.match(r.stderr, c.says);
      if (c.stdout) assert.match(r.stdout, c.stdout);
      if (r.status === 2) assert.match(r.stderr, /^stacktales: \S/m, 'bad input is said in a sentence');
    });
  }
});
