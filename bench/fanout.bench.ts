// The same command on 50 loopback hosts: `stacktales exec` against `parallel-ssh` (Debian pssh,
// OpenSSH's client underneath) at the same parallelism, in one run.
//   npm run bench:fanout      (HOSTS=50 PARALLEL=16 ROUNDS=3)
// Both verify host keys against the same known_hosts and use the same key.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { keyPair, startSshdFleet, tempDir, writeKnownHosts } from '../test/ssh/sshd';

const ROOT = path.join(__dirname, '..', '..');
const HOSTS = Number(process.env.HOSTS ?? 50);
const PARALLEL = Number(process.env.PARALLEL ?? 16);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const COMMAND = 'uname -n';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed(cmd: string, args: string[]): { ms: number; status: number | null; stdout: string; stderr: string } {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, SSH_AUTH_SOCK: '' } });
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

(async () => {
  const dir = tempDir('stacktales-fanout-');
  const key = keyPair(dir, 'id_bench');
  const sshd = await startSshdFleet(HOSTS, { authorizedKeys: [key.publicKey] });
  const kh = writeKnownHosts(path.join(dir, 'known_hosts'), sshd.knownHostsLines);
  const hostFile = path.join(dir, 'hosts');
  fs.writeFileSync(hostFile, sshd.ports.map((p) => `root@127.0.0.1:${p}`).join('\n') + '\n');
  try {
    const ours: number[] = [];
    const pssh: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const a = timed(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'exec', ...sshd.ports.flatMap((p) => ['--host', `root@127.0.0.1:${p}`]), '--identity', key.privateKey, '--known-hosts', kh, '--parallel', String(PARALLEL), '--json', '--', COMMAND]);
      const ok = JSON.parse(a.stdout).results.filter((r: { exitCode: number }) => r.exitCode === 0).length;
      if (a.status !== 0 || ok !== HOSTS) throw new Error(`stacktales exec: ${ok}/${HOSTS} ok, exit ${a.status}: ${a.stderr}`);
      ours.push(a.ms);
      const b = timed('parallel-ssh', ['-p', String(PARALLEL), '-t', '60', '-h', hostFile, '-x', `-i ${key.privateKey} -o IdentitiesOnly=yes -o UserKnownHostsFile=${kh} -o StrictHostKeyChecking=yes -o BatchMode=yes`, '-i', COMMAND]);
      const okB = (b.stdout.match(/\[SUCCESS\]/g) ?? []).length;
      if (b.status !== 0 || okB !== HOSTS) throw new Error(`parallel-ssh: ${okB}/${HOSTS} ok, exit ${b.status}: ${b.stdout.slice(0, 500)} ${b.stderr.slice(0, 500)}`);
      pssh.push(b.ms);
    }
    const result = { hosts: HOSTS, parallel: PARALLEL, rounds: ROUNDS, command: COMMAND, stacktalesMs: median(ours), parallelSshMs: median(pssh), ratio: median(pssh) / median(ours) };
    console.log(`"${COMMAND}" on ${HOSTS} loopback hosts, ${PARALLEL} at a time, median of ${ROUNDS}:`);
    console.log(`  stacktales exec  ${result.stacktalesMs.toFixed(0).padStart(6)} ms (whole CLI process, node start included)`);
    console.log(`  parallel-ssh     ${result.parallelSshMs.toFixed(0).padStart(6)} ms`);
    console.log(`  parallel-ssh / stacktales = ${result.ratio.toFixed(2)} (above 1: stacktales is faster)`);
    fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'fanout.json'), JSON.stringify(result, null, 2));
  } finally {
    await sshd.stop();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
