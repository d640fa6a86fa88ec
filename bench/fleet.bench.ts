// An entry's diagnostics on 50 loopback hosts, in one run: the exported playbook with
// `ansible-playbook -f 16` plus `stacktales scan --from-ansible`, against `stacktales run` at the
// same parallelism.
//   npm run bench:fleet      (HOSTS=50 PARALLEL=16 ROUNDS=3 ENTRY=double-vlan)
// Both verify host keys against the same known_hosts and use the same key; the hosts are this
// machine's sshd (loopback), so the diagnostics read this machine's files.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { keyPair, startSshdFleet, tempDir, writeKnownHosts } from '../test/ssh/sshd';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const HOSTS = Number(process.env.HOSTS ?? 50);
const PARALLEL = Number(process.env.PARALLEL ?? 16);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const ENTRY = process.env.ENTRY ?? 'double-vlan';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed(cmd: string, args: string[], cwd?: string): { ms: number; status: number | null; stdout: string; stderr: string } {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, SSH_AUTH_SOCK: '', ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: '0', ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3' } });
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

(async () => {
  const dir = tempDir('stacktales-fleet-');
  const key = keyPair(dir, 'id_bench');
  const sshd = await startSshdFleet(HOSTS, { authorizedKeys: [key.publicKey] });
  const kh = writeKnownHosts(path.join(dir, 'known_hosts'), sshd.knownHostsLines);
  // One inventory for both: every host in every group the entry's diagnostics run on.
  const names = sshd.ports.map((_, i) => `node${String(i + 1).padStart(3, '0')}`);
  const line = (n: string, i: number) => `${n} ansible_host=127.0.0.1 ansible_port=${sshd.ports[i]} ansible_user=root ansible_ssh_private_key_file=${key.privateKey} ansible_ssh_common_args="-o UserKnownHostsFile=${kh} -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes"`;
  const inventory = path.join(dir, 'inventory.ini');
  fs.writeFileSync(inventory, ['control', 'compute', 'network'].map((g) => `[${g}]\n${names.map(line).join('\n')}\n`).join('\n'));
  try {
    const playbookMs: number[] = [];
    const readBackMs: number[] = [];
    const runMs: number[] = [];
    let counts = { ansible: 0, run: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      const out = path.join(dir, `export-${i}`);
      const ex = timed(process.execPath, [CLI, 'export', 'ansible', ENTRY, '--out', out]);
      if (ex.status !== 0) throw new Error(ex.stderr);
      const a = timed('ansible-playbook', ['-i', inventory, '-f', String(PARALLEL), path.join(out, 'playbook.yml')]);
      if (a.status !== 0) throw new Error(`ansible-playbook: exit ${a.status}\n${a.stdout.slice(-2000)}`);
      playbookMs.push(a.ms);
      const s = timed(process.execPath, [CLI, 'scan', '--from-ansible', out, '--json']);
      if (s.status !== 0) throw new Error(s.stderr);
      readBackMs.push(s.ms);
      const r = timed(process.execPath, [CLI, 'run', ENTRY, '--inventory', inventory, '--identity', key.privateKey, '--known-hosts', kh, '--parallel', String(PARALLEL), '--json']);
      if (!r.stdout.trim()) throw new Error(`stacktales run: exit ${r.status}: ${r.stderr.slice(0, 2000)}`);
      runMs.push(r.ms);
      counts = { ansible: JSON.parse(s.stdout).results.length, run: JSON.parse(r.stdout).results.length };
      if (counts.ansible !== counts.run) throw new Error(`different numbers of results: ansible ${counts.ansible}, run ${counts.run}`);
    }
    const result = { hosts: HOSTS, parallel: PARALLEL, rounds: ROUNDS, entry: ENTRY, results: counts.run, ansiblePlaybookMs: median(playbookMs), scanFromAnsibleMs: median(readBackMs), stacktalesRunMs: median(runMs) };
    console.log(`${ENTRY}'s read-only diagnostics on ${HOSTS} loopback hosts, ${PARALLEL} at a time, median of ${ROUNDS} (${counts.run} results each way):`);
    console.log(`  ansible-playbook -f ${PARALLEL}          ${result.ansiblePlaybookMs.toFixed(0).padStart(7)} ms`);
    console.log(`  + stacktales scan --from-ansible ${result.scanFromAnsibleMs.toFixed(0).padStart(7)} ms`);
    console.log(`  stacktales run --parallel ${PARALLEL}     ${result.stacktalesRunMs.toFixed(0).padStart(7)} ms (whole CLI process, node start included)`);
    console.log(`  (ansible + read-back) / run = ${((result.ansiblePlaybookMs + result.scanFromAnsibleMs) / result.stacktalesRunMs).toFixed(2)}`);
    fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'fleet.json'), JSON.stringify(result, null, 2));
  } finally {
    await sshd.stop();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
