import * as fs from 'fs';
import * as path from 'path';
import { Server, utils, type Connection, type ParsedKey } from 'ssh2';
import type { LoadedEntry } from '../kb/types';
import { isWrapped, pidLine, unwrapCommand } from '../wire/pidWrapper';
import { CommandMatcher, withValues } from './commandMatcher';
import { CUT_MARK } from '../remote/follow';
import { LabFiles } from './labFiles';
import { answerScanScript, tailRequest } from './labScan';
import { serveSftp } from './labSftp';
import { answerParts, loadScenarios, type Scenario } from './scenarios';

export interface LabHost {
  name: string;
  scenario: string;
  port: number;
  roles: string[];
}

export interface Lab {
  dir: string;
  port: number;
  hosts: LabHost[];
  close(): Promise<void>;
}

export interface LabOptions {
  dir: string;
  port: number;
  scenariosDir: string;
  entries: readonly LoadedEntry[];
}

const ROLE_GROUP: Record<string, string> = { controller: 'control', compute: 'compute', network: 'network' };

/** What every host answers besides the KB's diagnostics: the commands one types first on a host. */
const BASICS: Record<string, (host: string) => string> = {
  hostname: (host) => `${host}\n`,
  uptime: () => ' 10:00:01 up 41 days,  2:17,  0 users,  load average: 0.08, 0.05, 0.01\n',
  whoami: () => 'lab\n',
  true: () => '',
};

/**
 * The lab: simulated hosts reachable over real SSH (ssh2's server side) on 127.0.0.1, one
 * port per host, each answering the KB's diagnostics as a host in its scenario would, and
 * serving its scenario's files/ read-only: over SFTP, to the log view's tail, and to a
 * remote scan's script (answered, never run: no shell runs in the lab). It
 * writes an ssh_config, a known_hosts, a client key and one inventory per scenario into dir,
 * so the lab is used exactly like a real cloud, host key checking included.
 */
export async function startLab(o: LabOptions): Promise<Lab> {
  fs.mkdirSync(o.dir, { recursive: true });
  const hostKey = keyFile(path.join(o.dir, 'lab_host_key'));
  const client = keyFile(path.join(o.dir, 'id_lab'));
  const allowed = utils.parseKey(client.publicKey) as ParsedKey;
  const matcher = new CommandMatcher(o.entries);
  const scenarios = loadScenarios(o.scenariosDir);
  const hosts: (LabHost & { scenarioData: Scenario })[] = [];
  for (const s of scenarios) for (const h of s.hosts) hosts.push({ name: h.name, scenario: s.name, roles: h.roles, port: o.port + hosts.length, scenarioData: s });

  const servers: Server[] = [];
  const connections = new Set<Connection>();
  const close = async () => {
    for (const c of connections) c.end();
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  };
  try {
    for (const h of hosts) {
      // The scenario's files/ folder is each of its hosts' file system (read-only).
      const filesDir = path.join(o.scenariosDir, h.scenario, 'files');
      const files = new LabFiles(fs.existsSync(filesDir) ? filesDir : undefined, h.scenarioData.host.gzip);
      const server = new Server({ hostKeys: [hostKey.privateKey] }, (conn) => {
        connections.add(conn);
        conn.on('close', () => connections.delete(conn));
        conn.on('error', () => undefined);
        conn.on('authentication', (ctx) => {
          if (ctx.method !== 'publickey' || ctx.key.algo !== allowed.type || !ctx.key.data.equals(allowed.getPublicSSH())) return ctx.reject(['publickey']);
          if (ctx.signature && allowed.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(['publickey']);
          ctx.accept();
        });
        conn.on('ready', () =>
          conn.on('session', (accept) => {
            const session = accept();
            session.on('sftp', (acceptSftp) => serveSftp(acceptSftp(), files));
            session.on('exec', (acceptExec, _reject, info) => {
              const stream = acceptExec();
              // The runner's wrapper prints the pid first; a command as a person types it does not.
              if (isWrapped(info.command)) stream.stderr.write(pidLine(process.pid));
              const inner = unwrapCommand(info.command);
              if (inner === 'sh -s' || inner === 'sudo -n -- sh -s') {
                // A remote scan: its script comes on standard input, the answer in its framing.
                let script = '';
                stream.on('data', (d: Buffer) => (script += d.toString('utf8')));
                stream.on('end', () => {
                  try {
                    stream.write(answerScanScript(script, files));
                    stream.exit(0);
                  } catch (e) {
                    // One bad request fails that session, never the lab.
                    stream.stderr.write(`sh: ${(e as Error).message}\n`);
                    stream.exit(2);
                  }
                  stream.end();
                });
                return;
              }
              const tail = tailRequest(inner);
              if (tail) {
                // The log view: the end of the file; followed, the stream stays open (nothing more is written).
                const data = files.read(tail.path);
                if (!data) {
                  stream.stderr.write(`tail: cannot open '${tail.path}' for reading: No such file or directory\n`);
                  stream.exit(1);
                  return stream.end();
                }
                stream.write(data.length > tail.bytes ? Buffer.concat([Buffer.from(`${CUT_MARK}\n`), data.subarray(data.length - tail.bytes)]) : data);
                if (!tail.follow) {
                  stream.exit(0);
                  stream.end();
                }
                return;
              }
              const matched = matcher.match(info.command);
              const basic = BASICS[inner.trim()];
              if (matched) {
                const answer = answerParts(h.scenarioData.outputs[matched.key] ?? '');
                stream.write(withValues(answer.stdout, matched, h.scenarioData.params));
                if (answer.stderr) stream.stderr.write(answer.stderr);
                stream.exit(answer.exit);
              } else if (basic) {
                stream.write(basic(h.name));
                stream.exit(0);
              } else {
                // As sh says it on a host: one line, exit 127.
                const word = inner.trim().split(/\s+/)[0] || 'sh';
                stream.stderr.write(`sh: 1: ${word}: not found\n`);
                stream.exit(127);
              }
              stream.end();
            });
          }),
        );
      });
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new Error(`port ${h.port} on 127.0.0.1 is in use (is another lab running? choose another with --port)`) : e));
        server.listen(h.port, '127.0.0.1', () => resolve());
      });
    }
  } catch (e) {
    await close();
    throw e;
  }
  writeClientFiles(o.dir, hosts, scenarios, hostKey.publicKey, client.privateKeyFile);
  return { dir: o.dir, port: o.port, hosts: hosts.map(({ scenarioData: _s, ...h }) => h), close };
}

/**
 * A key pair kept in dir (made on first start), so known_hosts stays valid across restarts.
 * Written whole or not at all (a temporary file renamed into place); a pair that does not parse
 * (a lab stopped while it wrote one, by an older version) is made anew.
 */
function keyFile(file: string): { privateKey: string; publicKey: string; privateKeyFile: string } {
  const read = () => {
    const privateKey = fs.readFileSync(file, 'utf8');
    const publicKey = fs.readFileSync(file + '.pub', 'utf8').trim();
    if (utils.parseKey(privateKey) instanceof Error || utils.parseKey(publicKey) instanceof Error) throw new Error(`${file}: not a key pair`);
    return { privateKey, publicKey, privateKeyFile: file };
  };
  try {
    return read();
  } catch {
    const k = parsableKeyPair();
    const write = (to: string, text: string, mode: number) => {
      fs.writeFileSync(`${to}.${process.pid}.tmp`, text, { mode });
      fs.renameSync(`${to}.${process.pid}.tmp`, to);
    };
    write(file + '.pub', k.public + '\n', 0o644);
    write(file, k.private, 0o600);
    return read();
  }
}

/**
 * A new ed25519 pair that ssh2 itself can read back: its generator makes one it cannot parse
 * ("Malformed OpenSSH private key") about once in 250 (83 of 20,000 measured), so a bad one is
 * made again.
 */
export function parsableKeyPair(): { private: string; public: string } {
  for (let i = 0; ; i++) {
    const k = utils.generateKeyPairSync('ed25519', { comment: 'stacktales-lab' });
    if (!(utils.parseKey(k.private) instanceof Error) && !(utils.parseKey(k.public) instanceof Error)) return k;
    if (i >= 20) throw new Error('could not make an ed25519 key pair that parses');
  }
}

function writeClientFiles(dir: string, hosts: LabHost[], scenarios: Scenario[], hostPub: string, identity: string): void {
  const [type, b64] = hostPub.split(/\s+/);
  fs.writeFileSync(path.join(dir, 'known_hosts'), hosts.map((h) => `[127.0.0.1]:${h.port} ${type} ${b64}`).join('\n') + '\n');
  fs.writeFileSync(
    path.join(dir, 'ssh_config'),
    hosts.map((h) => [`Host ${h.name}`, '  HostName 127.0.0.1', `  Port ${h.port}`, '  User lab', `  IdentityFile ${identity}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${path.join(dir, 'known_hosts')}`, '  StrictHostKeyChecking yes', ''].join('\n')).join('\n'),
  );
  const inventory = (hs: LabHost[]) => {
    const groups = new Map<string, string[]>();
    for (const h of hs) for (const r of h.roles) {
      const g = ROLE_GROUP[r];
      if (!g) continue;
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g)!.push(`${h.name} ansible_host=127.0.0.1 ansible_port=${h.port} ansible_user=lab`);
    }
    return [...groups].map(([g, lines]) => `[${g}]\n${lines.join('\n')}\n`).join('\n');
  };
  for (const s of scenarios) {
    fs.mkdirSync(path.join(dir, s.name), { recursive: true });
    fs.writeFileSync(path.join(dir, s.name, 'inventory.ini'), `# Stacktales lab, scenario "${s.name}": ${s.description.en}\n` + inventory(hosts.filter((h) => h.scenario === s.name)));
  }
  fs.writeFileSync(path.join(dir, 'inventory.ini'), '# Stacktales lab: every scenario\'s hosts\n' + inventory(hosts));
}
