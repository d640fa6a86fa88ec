import * as fs from 'fs';
import * as path from 'path';
import { rolesOfGroup, type Host } from '../hosts/types';
import type { Role } from '../kb/types';
import type { RunResult } from '../ssh/types';
import { readTextFile, TEXT_FILE_LIMITS } from '../util/files';

/** One diagnostic's run on one host, as an Ansible export saved it. */
export interface AnsibleResult {
  entry: string;
  diagnostic: string;
  result: RunResult;
}

export interface AnsibleResults {
  hosts: { name: string; roles: Role[] }[];
  results: AnsibleResult[];
  /** What could not be read, by file. */
  problems: { file: string; reason: string }[];
}

/**
 * Reads what an exported playbook saved (`<dir>/<host>/<entry>.<diagnostic>.{out,err,rc,cmd}`
 * and `<host>/groups.json`) as the SSH runner's results: the same findings follow from them. A
 * command Ansible could not finish (a timeout, an unreachable host) has no exit code and says why.
 */
export function readAnsibleResults(dir: string): AnsibleResults {
  const out: AnsibleResults = { hosts: [], results: [], problems: [] };
  const read = (file: string) => (fs.existsSync(file) ? readTextFile(file, TEXT_FILE_LIMITS.ansibleResult) : '');
  for (const d of fs.readdirSync(dir, { withFileTypes: true }).filter((x) => x.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const hostDir = path.join(dir, d.name);
    const names = fs.readdirSync(hostDir);
    if (!names.includes('groups.json') && !names.some((n) => n.endsWith('.rc'))) continue; // not a host's results (roles/, …)
    let roles: Role[] = [];
    try {
      const groups = JSON.parse(read(path.join(hostDir, 'groups.json')) || '[]') as unknown;
      if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string')) throw new Error('not a list of group names');
      roles = [...new Set(groups.flatMap(rolesOfGroup))];
    } catch (e) {
      out.problems.push({ file: path.join(hostDir, 'groups.json'), reason: (e as Error).message });
    }
    out.hosts.push({ name: d.name, roles });
    for (const rc of names.filter((n) => /^[a-z0-9-]+\.[a-z0-9-]+\.rc$/.test(n)).sort()) {
      const base = rc.slice(0, -3);
      const [entry, diagnostic] = base.split('.');
      try {
        const code = read(path.join(hostDir, rc)).trim();
        const stderr = read(path.join(hostDir, `${base}.err`));
        const exitCode = /^\d+$/.test(code) ? Number(code) : null;
        out.results.push({
          entry,
          diagnostic,
          result: {
            host: d.name,
            command: read(path.join(hostDir, `${base}.cmd`)).replace(/\n$/, ''),
            exitCode,
            signal: null,
            stdout: read(path.join(hostDir, `${base}.out`)),
            stderr,
            dropped: { stdout: 0, stderr: 0 },
            durationMs: 0,
            error: exitCode === null ? { kind: /time ?frame|timed? ?out/i.test(stderr) ? 'timeout' : 'error', message: stderr.trim().split('\n')[0] || 'Ansible saved no exit code for this command' } : null,
          },
        });
      } catch (e) {
        out.problems.push({ file: path.join(hostDir, rc), reason: (e as Error).message });
      }
    }
  }
  return out;
}

/** The hosts of the results, as hosts the engine plans runs on (they are never connected to). */
export function hostsOfResults(r: AnsibleResults): Host[] {
  return r.hosts.map((h) => ({ name: h.name, address: h.name, port: 22, user: 'ansible', roles: h.roles, identityFiles: [], identitiesOnly: false, proxyJump: [], source: 'inventory' }));
}

/**
 * Runs "executed" from saved results: each planned run gets what Ansible saved for its host and
 * diagnostic; one that was not collected says so (it could not be checked), never an empty success.
 */
export function replayResults(r: AnsibleResults): (runs: { host: Host; entry?: string; diagnostic?: { id: string }; command: string }[]) => Promise<RunResult[]> {
  const byKey = new Map(r.results.map((x) => [`${x.result.host}|${x.entry}.${x.diagnostic}`, x.result]));
  return async (runs) =>
    runs.map(
      (run) =>
        byKey.get(`${run.host.name}|${run.entry}.${run.diagnostic?.id}`) ?? {
          host: run.host.name,
          command: run.command,
          exitCode: null,
          signal: null,
          stdout: '',
          stderr: '',
          dropped: { stdout: 0, stderr: 0 },
          durationMs: 0,
          error: { kind: 'error', message: `not in the Ansible results: export ${run.entry}/${run.diagnostic?.id} and run the playbook on this host` },
        },
    );
}
