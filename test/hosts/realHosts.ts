// The real-hosts tier: each lab scenario's hosts built as real machines, one OpenSSH sshd per
// host chrooted into a root folder of its own, where the KB's commands run with the real shell
// and the real programs (bash, coreutils, grep, zgrep, du, dpkg, sudo, qemu-img, the mysql
// client) over real files with their packages' modes, logs rotated and gzipped as logrotate
// leaves them, and a real MariaDB with nova's schema. Only tools that need hardware or a cloud
// (ip, ping, openstack, virsh, ovs-vsctl, ovs-appctl, ovn-nbctl) are stand-ins, answering the
// command lines the scenario records. It reads the same scenario.yaml and files/ as the lab.
// Needs root (chroot, devices, a user) and Debian's openssh-server, sudo, mariadb-server, qemu-utils.
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseShell } from 'shell-quote';
import type { Host } from '../../src/core/hosts/types';
import { renderCommand } from '../../src/core/kb/commandTemplate';
import type { LoadedEntry } from '../../src/core/kb/types';
import { answerParts, type HostAnswer, type Scenario } from '../../src/core/lab/scenarios';
import { keyPair, startSshd, tempDir, type Sshd } from '../ssh/sshd';

/** sshd's ChrootDirectory wants every folder on the way root-owned and writable by root only (not /tmp). */
const BASE = '/var/lib/stacktales-test-hosts';
/** The unprivileged operator, who reads what root reads through sudo. */
export const OPERATOR = 'stacktales-op';
export const STANDINS = ['ip', 'ping', 'openstack', 'virsh', 'ovs-vsctl', 'ovs-appctl', 'ovn-nbctl'] as const;
/** The real programs every host has, with the libraries they load. */
const TOOLS = [
  'sh', 'dash', 'bash', 'cat', 'ls', 'sort', 'tail', 'head', 'stat', 'du', 'cp', 'mv', 'date', 'echo', 'true', 'false', 'env', 'id', 'whoami',
  'grep', 'egrep', 'zgrep', 'gzip', 'gunzip', 'zcat', 'sed', 'awk', 'tr', 'wc', 'cut', 'uniq', 'timeout', 'sleep', 'mkdir', 'rm', 'touch',
  'find', 'xargs', 'test', '[', 'printf', 'hostname', 'uname', 'basename', 'dirname', 'readlink', 'expr', 'tar', 'truncate', 'kill',
  'chmod', 'chown', 'ln', 'mktemp', 'rmdir', 'pwd',
  'dpkg', 'dpkg-query', 'sudo', 'qemu-img', 'mysql', 'mariadb', 'mysqldump',
];
/** Besides the programs' own libraries: sudo's plugins and the PAM modules its stack names. */
const EXTRA = [
  '/usr/libexec/sudo/sudoers.so', '/usr/libexec/sudo/libsudo_util.so.0', '/usr/libexec/sudo/group_file.so', '/usr/libexec/sudo/system_group.so',
  '/usr/lib/x86_64-linux-gnu/security/pam_unix.so', '/usr/lib/x86_64-linux-gnu/security/pam_permit.so', '/usr/lib/x86_64-linux-gnu/security/pam_deny.so',
];
/** The chroot's accounts (ids as a Debian/Ubuntu OpenStack host has them; the operator's are the real machine's). */
const ACCOUNTS = { root: 0, adm: 4, shadow: 42, nova: 64060, neutron: 64062, 'libvirt-qemu': 64055, kvm: 104, syslog: 110 } as const;

/** /proc/mounts of a host whose nova state lives on its root file system (the layout of a single-disk install). */
const DEFAULT_MOUNTS = ['/dev/vda1 / ext4 rw,relatime 0 0', 'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0', 'sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0', 'tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1632224k,mode=755 0 0', ''].join('\n');

export interface RealHost {
  name: string;
  scenario: string;
  roles: Host['roles'];
  port: number;
  root: string;
}

export interface RealHosts {
  hosts: RealHost[];
  /** The client key and the known_hosts that names every host's key. */
  identity: string;
  knownHosts: string;
  /** A host as a user sees it: root, or the operator (who uses sudo for root's commands). */
  asUser(h: RealHost, user: 'root' | typeof OPERATOR): Host;
  /** Seconds spent building roots, filling databases and starting sshds. */
  timings: { operator: number; roots: number; databases: number; sshd: number };
  close(): Promise<void>;
}

export function requireRoot(): void {
  if (process.getuid?.() !== 0) throw new Error('the real-hosts tier needs root (chroot, device nodes, a test user): run npm test as root, as .ci/run does');
}

/** Builds every host of the scenarios and starts its sshd (and, on controllers with a database, a MariaDB). */
export async function startRealHosts(scenarios: readonly Scenario[], scenariosDir: string, entries: readonly LoadedEntry[], schemaDir: string): Promise<RealHosts> {
  requireRoot();
  const began = Date.now();
  const run = path.join(BASE, String(process.pid));
  fs.mkdirSync(run, { recursive: true, mode: 0o755 });
  fs.chmodSync(BASE, 0o755);
  fs.chmodSync(run, 0o755);
  const keys = tempDir('stacktales-real-hosts-');
  const client = keyPair(keys, 'id_test');
  const operator = ensureOperator();
  const setup = (Date.now() - began) / 1000;
  const servers: Sshd[] = [];
  const databases: ChildProcess[] = [];
  const hosts: RealHost[] = [];
  const close = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await Promise.all(databases.map((d) => stopProcess(d)));
    fs.rmSync(run, { recursive: true, force: true });
  };
  const timings = { operator: setup, roots: 0, databases: 0, sshd: 0 };
  const timed = async <T>(phase: keyof typeof timings, f: () => T | Promise<T>): Promise<T> => {
    const t = Date.now();
    try {
      return await f();
    } finally {
      timings[phase] += (Date.now() - t) / 1000;
    }
  };
  try {
    for (const s of scenarios) {
      for (const h of s.hosts) {
        const root = path.join(run, h.name);
        await timed('roots', () => buildRoot(root, s, h.roles, path.join(scenariosDir, s.name, 'files'), entries, operator));
        if (s.host.database && h.roles.includes('controller')) databases.push(await timed('databases', () => startDatabase(root, run, h.name, s.host.database!, schemaDir)));
        const env = Object.entries(s.host.env ?? {}).map(([k, v]) => `${k}=${v}`);
        const sshd = await timed('sshd', () => startSshd({ authorizedKeys: [client.publicKey], usersBesideRoot: true, extraConfig: [`ChrootDirectory ${root}`, ...(env.length ? [`SetEnv ${env.join(' ')}`] : [])] }));
        servers.push(sshd);
        hosts.push({ name: h.name, scenario: s.name, roles: h.roles, port: sshd.port, root });
      }
    }
  } catch (e) {
    await close();
    throw e;
  }
  const knownHosts = path.join(keys, 'known_hosts');
  fs.writeFileSync(knownHosts, servers.flatMap((s) => s.knownHostsLines).join('\n') + '\n');
  return {
    hosts,
    identity: client.privateKey,
    knownHosts,
    timings,
    asUser: (h, user) => ({ name: h.name, address: '127.0.0.1', port: h.port, user, roles: h.roles, identityFiles: [client.privateKey], identitiesOnly: true, proxyJump: [], knownHostsFiles: [knownHosts], source: 'inventory' }),
    close,
  };
}

/** The operator account on this machine (sshd looks users up outside the chroot); made once, unlocked for keys only. */
function ensureOperator(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, OPERATOR], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--no-create-home', '--home-dir', `/home/${OPERATOR}`, '--shell', '/bin/bash', '--user-group', OPERATOR]);
    // '!' in the password field is a locked account, which sshd refuses even a key (without PAM); '*' only has no password.
    execFileSync('usermod', ['-p', '*', OPERATOR]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function buildRoot(root: string, s: Scenario, roles: Host['roles'], filesDir: string, entries: readonly LoadedEntry[], op: { uid: number; gid: number }): void {
  fs.mkdirSync(root, { recursive: true, mode: 0o755 });
  for (const d of ['usr/bin', 'usr/sbin', 'usr/lib', 'usr/lib64', 'usr/libexec', 'usr/local/bin', 'etc/pam.d', 'dev', 'proc', 'run/sudo', 'var/lib/dpkg/info', 'var/lib/dpkg/updates', 'var/lib/sudo', 'var/log', 'home']) fs.mkdirSync(path.join(root, d), { recursive: true, mode: 0o755 });
  // Debian's merged /usr: /bin, /sbin and /lib are links into /usr, as on the hosts.
  for (const [link, to] of [['bin', 'usr/bin'], ['sbin', 'usr/sbin'], ['lib', 'usr/lib'], ['lib64', 'usr/lib64']]) if (!fs.existsSync(path.join(root, link))) fs.symlinkSync(to, path.join(root, link));
  fs.mkdirSync(path.join(root, 'tmp'), { mode: 0o1777 });
  fs.chmodSync(path.join(root, 'tmp'), 0o1777);
  fs.mkdirSync(path.join(root, 'root'), { mode: 0o700 });
  fs.mkdirSync(path.join(root, 'home', OPERATOR), { mode: 0o755 });
  fs.chownSync(path.join(root, 'home', OPERATOR), op.uid, op.gid);
  for (const [name, minor] of [['null', 3], ['zero', 5], ['random', 8], ['urandom', 9]] as const) execFileSync('mknod', ['-m', '666', path.join(root, 'dev', name), 'c', '1', String(minor)]);

  const installed = new Set<string>();
  for (const t of TOOLS) {
    const at = which(t);
    if (at) installProgram(root, at, installed);
  }
  for (const f of EXTRA) if (fs.existsSync(f)) installProgram(root, f, installed);
  // Python with its standard library, as every OpenStack host has it: Ansible's modules run on it.
  if (fs.existsSync('/usr/bin/python3')) {
    installProgram(root, '/usr/bin/python3', installed);
    const lib = `/usr/lib/${path.basename(fs.realpathSync('/usr/bin/python3'))}`;
    if (fs.existsSync(lib)) linkTree(lib, path.join(root, lib));
  }
  writeSystemFiles(root, op);

  // The scenario's files, copied (never linked: their modes are changed), then as the packages leave them.
  if (fs.existsSync(filesDir)) fs.cpSync(filesDir, root, { recursive: true });
  // Every Linux host has /proc/mounts; where the scenario gives none, the root file system holds all (no /proc is mounted in the chroot).
  if (!fs.existsSync(path.join(root, 'proc/mounts'))) fs.writeFileSync(path.join(root, 'proc/mounts'), DEFAULT_MOUNTS);
  for (const a of (s.host.allocate ?? []).filter((x) => !x.roles || x.roles.some((r) => roles.includes(r)))) allocate(path.join(root, a.path), a.bytes);
  for (const g of s.host.gzip ?? []) execFileSync('gzip', ['-n', '-9', path.join(root, g)]);
  for (const m of s.host.modes ?? []) {
    const at = path.join(root, m.path);
    if (!fs.existsSync(at)) continue; // a file of hosts with other roles (a console log is a compute node's)
    fs.chmodSync(at, parseInt(m.mode, 8));
    fs.chownSync(at, idOf(m.owner, op.uid), idOf(m.group, op.gid));
  }
  writeDpkgStatus(root, s.host.packages ?? []);
  writeStandins(root, s, entries);
}

/** A folder of the machine's, hard-linked file by file (read-only use; its compiled caches are left out). */
function linkTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true, mode: 0o755 });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    if (e.name === '__pycache__' || e.name === 'test' || e.name === 'site-packages' || e.name === 'dist-packages') continue;
    const a = path.join(from, e.name);
    const b = path.join(to, e.name);
    if (e.isDirectory()) linkTree(a, b);
    else if (e.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(a), b);
    else if (e.isFile()) {
      try {
        fs.linkSync(a, b);
      } catch {
        fs.copyFileSync(a, b);
      }
    }
  }
}

function which(tool: string): string | undefined {
  for (const dir of ['/usr/bin', '/usr/sbin', '/bin', '/sbin']) if (fs.existsSync(path.join(dir, tool))) return path.join(dir, tool);
  return undefined;
}

/** A program or library at the same path in the root (hard-linked: the machine's own, unchanged), its link targets and the libraries ldd names. */
function installProgram(root: string, file: string, installed: Set<string>): void {
  if (installed.has(file)) return;
  installed.add(file);
  const to = path.join(root, file);
  fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o755 });
  const st = fs.lstatSync(file);
  if (st.isSymbolicLink()) {
    const target = fs.readlinkSync(file);
    if (!fs.existsSync(to)) fs.symlinkSync(target, to);
    installProgram(root, path.resolve(path.dirname(file), target), installed);
    return;
  }
  if (!fs.existsSync(to)) {
    try {
      fs.linkSync(file, to);
    } catch {
      fs.copyFileSync(file, to);
      fs.chmodSync(to, st.mode & 0o7777);
    }
  }
  for (const lib of librariesOf(file)) installProgram(root, lib, installed);
}

/** The libraries a program loads (ldd), asked once per program for all hosts. */
const LIBRARIES = new Map<string, string[]>();
function librariesOf(file: string): string[] {
  let libs = LIBRARIES.get(file);
  if (!libs) {
    let ldd = '';
    try {
      ldd = execFileSync('ldd', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      // a script, or not dynamic
    }
    libs = [...ldd.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)].map((m) => m[1]);
    LIBRARIES.set(file, libs);
  }
  return libs;
}

function idOf(name: string, operatorId: number): number {
  if (name === OPERATOR) return operatorId;
  const id = (ACCOUNTS as Record<string, number>)[name];
  if (id === undefined) throw new Error(`scenario names an account the test hosts do not have: ${name}`);
  return id;
}

function writeSystemFiles(root: string, op: { uid: number; gid: number }): void {
  const w = (file: string, text: string, mode = 0o644, gid = 0) => {
    fs.writeFileSync(path.join(root, file), text, { mode });
    fs.chmodSync(path.join(root, file), mode);
    fs.chownSync(path.join(root, file), 0, gid);
  };
  const a = ACCOUNTS;
  w('etc/passwd', [
    'root:x:0:0:root:/root:/bin/bash',
    `nova:x:${a.nova}:${a.nova}::/var/lib/nova:/bin/false`,
    `libvirt-qemu:x:${a['libvirt-qemu']}:${a.kvm}:Libvirt Qemu,,,:/var/lib/libvirt:/usr/sbin/nologin`,
    `syslog:x:${a.syslog - 6}:${a.syslog}::/home/syslog:/usr/sbin/nologin`,
    `${OPERATOR}:x:${op.uid}:${op.gid}::/home/${OPERATOR}:/bin/bash`,
  ].join('\n') + '\n');
  w('etc/group', [`root:x:0:`, `adm:x:${a.adm}:syslog`, `shadow:x:${a.shadow}:`, `kvm:x:${a.kvm}:`, `syslog:x:${a.syslog}:`, `nova:x:${a.nova}:`, `neutron:x:${a.neutron}:`, `${OPERATOR}:x:${op.gid}:`].join('\n') + '\n');
  w('etc/shadow', ['root:*:19000:0:99999:7:::', `nova:*:19000:0:99999:7:::`, `${OPERATOR}:*:19000:0:99999:7:::`].join('\n') + '\n', 0o640, a.shadow);
  w('etc/nsswitch.conf', 'passwd: files\ngroup: files\nshadow: files\nhosts: files\n');
  w('etc/hosts', `127.0.0.1 localhost\n127.0.1.1 ${execFileSync('hostname', { encoding: 'utf8' }).trim()}\n`);
  // The operator may run anything as root without a password (sudo -n), as an automation account would.
  w('etc/sudoers', ['Defaults env_reset', 'Defaults secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"', 'root ALL=(ALL:ALL) ALL', `${OPERATOR} ALL=(ALL:ALL) NOPASSWD: ALL`, ''].join('\n'), 0o440);
  w('etc/pam.d/sudo', 'auth required pam_unix.so\naccount required pam_unix.so\nsession required pam_permit.so\n');
  w('etc/pam.d/other', 'auth required pam_deny.so\naccount required pam_deny.so\nsession required pam_deny.so\n');
  w('root/.my.cnf', '[client]\nuser=root\n', 0o600);
}

/** A file that takes `bytes` of disk (fallocate: allocated, as du counts it, without writing them), its text at the end. */
function allocate(file: string, bytes: number): void {
  const text = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('fallocate', ['-l', String(bytes - text.length), file]);
  fs.appendFileSync(file, text);
}

function writeDpkgStatus(root: string, packages: NonNullable<Scenario['host']['packages']>): void {
  const status = packages
    .map((p) => [`Package: ${p.name}`, 'Status: install ok installed', 'Priority: optional', 'Section: misc', `Architecture: ${p.architecture}`, 'Maintainer: Stacktales test host <root@localhost>', `Version: ${p.version}`, `Description: ${p.description}`, ''].join('\n'))
    .join('\n');
  fs.writeFileSync(path.join(root, 'var/lib/dpkg/status'), status);
}

/**
 * Each stand-in answers the command lines the scenario records: its outputs of diagnostics that
 * are one call of the tool (rendered with the scenario's parameters), and host.standins.
 */
function writeStandins(root: string, s: Scenario, entries: readonly LoadedEntry[]): void {
  const answers = new Map<string, HostAnswer>();
  for (const [key, out] of Object.entries(s.outputs)) {
    const [entryId, diagnosticId] = key.split('/');
    const d = entries.find((e) => e.entry.id === entryId)?.entry.diagnostics.find((x) => x.id === diagnosticId);
    if (!d) continue;
    const values = Object.fromEntries(Object.entries(s.params).filter(([k]) => (d.params ?? []).some((p) => p.name === k)));
    let command: string;
    try {
      command = renderCommand({ command: d.command, params: d.params }, values);
    } catch {
      continue;
    }
    const words = parseShell(command);
    if (words.every((w) => typeof w === 'string') && (STANDINS as readonly string[]).includes(words[0] as string)) answers.set(words.join(' '), out);
  }
  for (const [line, out] of Object.entries(s.host.standins ?? {})) answers.set(line, out);
  // A recorded "not found" means the host has no such tool: no stand-in answers for it.
  for (const [line, out] of answers) if (answerParts(out).exit === 127) answers.delete(line);
  const share = path.join(root, 'usr/local/share/stacktales-standins');
  for (const tool of STANDINS) {
    const dir = path.join(share, tool);
    fs.mkdirSync(dir, { recursive: true });
    let n = 0;
    for (const [line, answer] of answers) {
      const [word, ...args] = line.split(' ');
      if (word !== tool) continue;
      const a = answerParts(answer);
      const base = path.join(dir, String(n++));
      fs.writeFileSync(`${base}.args`, args.join(' ') + '\n');
      fs.writeFileSync(`${base}.out`, a.stdout);
      fs.writeFileSync(`${base}.err`, a.stderr);
      fs.writeFileSync(`${base}.rc`, `${a.exit}\n`);
    }
    // Only the tools the scenario gives answers for: on the others the host says "not found", as one without them does.
    if (!n) continue;
    const script = path.join(root, 'usr/local/bin', tool);
    fs.writeFileSync(script, standinScript(tool), { mode: 0o755 });
  }
}

function standinScript(tool: string): string {
  // python-openstackclient without credentials in the environment (keystoneauth's MissingRequiredOptions).
  const prelude = tool === 'openstack' ? 'if [ -z "$OS_CLOUD$OS_AUTH_URL" ]; then echo "Missing value auth-url required for auth plugin password" >&2; exit 1; fi\n' : '';
  return `#!/bin/sh
# Stand-in for ${tool}, which needs hardware or a cloud: prints what the scenario records for
# exactly these arguments, in the real tool's format; for any other it says so and fails.
${prelude}for f in /usr/local/share/stacktales-standins/${tool}/*.args; do
  [ -e "$f" ] || break
  if [ "$(cat "$f")" = "$*" ]; then
    b=\${f%.args}
    cat "$b.out"; cat "$b.err" >&2
    exit "$(cat "$b.rc")"
  fi
done
echo "${tool}: this test host records no answer for: ${tool} $*" >&2
exit 2
`;
}

/** A MariaDB for the host: its socket where the host's mysql client looks (/run/mysqld), nova's schema and the scenario's rows. */
async function startDatabase(root: string, run: string, name: string, db: NonNullable<Scenario['host']['database']>, schemaDir: string): Promise<ChildProcess> {
  const data = path.join(run, `${name}.mysql`);
  fs.mkdirSync(path.join(root, 'run/mysqld'), { recursive: true, mode: 0o755 });
  const socket = path.join(root, 'run/mysqld/mysqld.sock');
  execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, '--user=root', '--auth-root-authentication-method=socket', '--skip-test-db'], { stdio: 'ignore' });
  const proc = spawn('mariadbd', ['--no-defaults', `--datadir=${data}`, `--socket=${socket}`, '--skip-networking', '--user=root', '--innodb-buffer-pool-size=256M', '--skip-log-bin', `--pid-file=${data}/mariadbd.pid`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += d));
  for (let i = 0; !fs.existsSync(socket); i++) {
    if (proc.exitCode !== null || i > 300) {
      proc.kill('SIGKILL');
      throw new Error(`mariadbd for ${name} did not start: ${stderr.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const sql = (text: string | Buffer, database?: string) => execFileSync('mariadb', ['--no-defaults', '-S', socket, '-u', 'root', ...(database ? [database] : [])], { input: text, stdio: ['pipe', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  try {
    sql('CREATE DATABASE nova CHARACTER SET utf8;');
    sql(fs.readFileSync(path.join(schemaDir, `nova-${db.schema}.sql`)), 'nova');
    sql(populate(db), 'nova');
  } catch (e) {
    // The server is not the caller's yet: stop it here, or it outlives the run.
    await stopProcess(proc);
    throw e;
  }
  return proc;
}

/**
 * Rows as nova leaves them: soft-deleted instances carry their own id in `deleted` and a
 * deleted_at; their children point at them by instance_uuid (system metadata left unflagged, as
 * nova did before Liberty). Live instances have a child row each, which the counts must not see.
 */
function populate(db: NonNullable<Scenario['host']['database']>): string {
  const uuid = (n: string) => `CONCAT('6e1d7c3a-0000-4000-8000-', LPAD(HEX(${n}), 12, '0'))`;
  const total = db.live + db.deleted;
  const deletedUuid = (seq: string) => uuid(`${db.live} + 1 + (${seq} - 1) MOD ${db.deleted}`);
  const child: Record<string, (n: number, of: (seq: string) => string) => string> = {
    instance_system_metadata: (n, of) => `INSERT INTO instance_system_metadata (created_at, instance_uuid, \`key\`, value, deleted) SELECT '2013-10-01 00:00:00', ${of('seq')}, CONCAT('image_k', seq), 'v', 0 FROM seq_1_to_${n};`,
    instance_metadata: (n, of) => `INSERT INTO instance_metadata (created_at, instance_uuid, \`key\`, value, deleted) SELECT '2013-10-01 00:00:00', ${of('seq')}, CONCAT('k', seq), 'v', 0 FROM seq_1_to_${n};`,
    instance_faults: (n, of) => `INSERT INTO instance_faults (created_at, instance_uuid, code, message, details, host, deleted) SELECT '2013-10-01 00:00:00', ${of('seq')}, 500, 'NoValidHost', '', 'cmp-01', 0 FROM seq_1_to_${n};`,
    instance_actions: (n, of) => `INSERT INTO instance_actions (created_at, action, instance_uuid, request_id, user_id, project_id, start_time, deleted) SELECT '2013-10-01 00:00:00', 'create', ${of('seq')}, CONCAT('req-', seq), 'u', 'p', '2013-10-01 00:00:00', 0 FROM seq_1_to_${n};`,
    block_device_mapping: (n, of) => `INSERT INTO block_device_mapping (created_at, instance_uuid, device_name, delete_on_termination, deleted, source_type, destination_type, boot_index) SELECT '2013-10-01 00:00:00', ${of('seq')}, '/dev/vda', 1, 0, 'image', 'local', 0 FROM seq_1_to_${n};`,
  };
  const lines = [
    'SET SESSION unique_checks = 0, foreign_key_checks = 0;',
    `INSERT INTO instances (created_at, uuid, vm_state, deleted, deleted_at) SELECT '2013-10-01 00:00:00', ${uuid('seq')}, IF(seq > ${db.live}, 'deleted', 'active'), IF(seq > ${db.live}, seq, 0), IF(seq > ${db.live}, '2013-11-01 00:00:00', NULL) FROM seq_1_to_${total};`,
  ];
  for (const [table, n] of Object.entries(db.rowsOfDeleted)) {
    const make = child[table];
    if (!make) throw new Error(`scenario database: no rows known for table ${table}`);
    lines.push(make(n, deletedUuid));
    if (db.live) lines.push(make(db.live, (seq) => uuid(seq)));
  }
  return lines.join('\n');
}

function stopProcess(p: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  });
}
