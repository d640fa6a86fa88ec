// Real OpenSSH servers for the tests: sshd on 127.0.0.1 with throwaway host and user keys
// and a generated sshd_config. Needs Debian's openssh-server (npm test installs it).
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export const SSHD = '/usr/sbin/sshd';

export interface KeyPair {
  privateKey: string;
  publicKey: string;
}

export function tempDir(prefix = 'stacktales-ssh-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function keyPair(dir: string, name: string, passphrase = '', type = 'ed25519'): KeyPair {
  const privateKey = path.join(dir, name);
  // One KDF round (-a 1): a throwaway key need not make every passphrase check take half a second.
  execFileSync('ssh-keygen', ['-q', '-t', type, '-a', '1', '-N', passphrase, '-C', `stacktales-test-${name}`, '-f', privateKey]);
  return { privateKey, publicKey: privateKey + '.pub' };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

function waitPort(port: number, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => (Date.now() > end ? reject(new Error(`sshd did not listen on ${port}`)) : setTimeout(tick, 50)));
    };
    tick();
  });
}

export interface Sshd {
  ports: number[];
  port: number;
  dir: string;
  hostKey: KeyPair;
  /** "[127.0.0.1]:port type base64" lines, one per port. */
  knownHostsLines: string[];
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface SshdOptions {
  authorizedKeys: string[];
  ports?: number;
  allowTcpForwarding?: boolean;
  hostKeyType?: string;
  extraConfig?: string[];
  /** Users other than root log in too: sshd reads their authorized_keys as them, so it must be readable by all. */
  usersBesideRoot?: boolean;
}

/** Starts one sshd listening on one or more loopback ports. */
export async function startSshd(opts: SshdOptions): Promise<Sshd> {
  if (!fs.existsSync(SSHD)) throw new Error(`${SSHD} is missing: install Debian's openssh-server (npm test does)`);
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // privilege separation directory
  const dir = tempDir('stacktales-sshd-');
  const hostKey = keyPair(dir, 'ssh_host_key', '', opts.hostKeyType ?? 'ed25519');
  const ports: number[] = [];
  for (let i = 0; i < (opts.ports ?? 1); i++) ports.push(await freePort());
  fs.writeFileSync(path.join(dir, 'authorized_keys'), opts.authorizedKeys.map((k) => fs.readFileSync(k, 'utf8').trim()).join('\n') + '\n', { mode: opts.usersBesideRoot ? 0o644 : 0o600 });
  if (opts.usersBesideRoot) fs.chmodSync(dir, 0o711);
  const config = [
    ...ports.map((p) => `ListenAddress 127.0.0.1:${p}`),
    `HostKey ${hostKey.privateKey}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    `AllowTcpForwarding ${opts.allowTcpForwarding === false ? 'no' : 'yes'}`,
    'Subsystem sftp internal-sftp',
    'LogLevel ERROR',
    'MaxStartups 500:30:1000',
    'MaxSessions 100',
    'PrintMotd no',
    ...(opts.extraConfig ?? []),
  ];
  const cfg = path.join(dir, 'sshd_config');
  fs.writeFileSync(cfg, config.join('\n') + '\n');
  const proc = spawn(SSHD, ['-D', '-e', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += d));
  try {
    await Promise.all(ports.map((p) => waitPort(p)));
  } catch (e) {
    proc.kill('SIGKILL');
    throw new Error(`${(e as Error).message}: ${stderr}`);
  }
  const pub = fs.readFileSync(hostKey.publicKey, 'utf8').trim().split(/\s+/);
  return {
    ports,
    port: ports[0],
    dir,
    hostKey,
    knownHostsLines: ports.map((p) => `[127.0.0.1]:${p} ${pub[0]} ${pub[1]}`),
    process: proc,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

export function writeKnownHosts(file: string, lines: string[]): string {
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** sshd listens on at most 16 sockets (MAX_LISTEN_SOCKS): many ports take several servers. */
export async function startSshdFleet(ports: number, opts: Omit<SshdOptions, 'ports'>): Promise<{ ports: number[]; knownHostsLines: string[]; stop(): Promise<void> }> {
  const servers: Sshd[] = [];
  try {
    for (let left = ports; left > 0; left -= 16) servers.push(await startSshd({ ...opts, ports: Math.min(16, left) }));
  } catch (e) {
    await Promise.all(servers.map((s) => s.stop()));
    throw e;
  }
  return {
    ports: servers.flatMap((s) => s.ports),
    knownHostsLines: servers.flatMap((s) => s.knownHostsLines),
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

/** A base port with `count` free ports after it on 127.0.0.1 (the lab takes one per host). */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    const ok = await Promise.all(
      Array.from({ length: count }, (_, i) => new Promise<boolean>((resolve) => {
        const s = net.createServer().once('error', () => resolve(false)).listen(base + i, '127.0.0.1', () => s.close(() => resolve(true)));
      })),
    );
    if (ok.every(Boolean)) return base;
  }
  throw new Error('no free port range');
}

/** Starts `stacktales lab --json` and resolves once it accepts connections. */
export function startLabProcess(cli: string, port: number, dir: string): Promise<{ proc: ChildProcess; ready: { ready: boolean; dir: string; port: number } }> {
  const proc = spawn(process.execPath, [cli, 'lab', '--port', String(port), '--dir', dir, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ proc, ready: JSON.parse(out.split('\n')[0]) });
    });
    proc.once('exit', (code) => reject(new Error(`lab exited ${code}`)));
  });
}
