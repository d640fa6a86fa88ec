import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import type { Role, Text } from '../kb/types';

/** What a host prints for one command: its standard output, or its streams and exit code (a check that fails there). */
export type HostAnswer = string | { stdout?: string; stderr?: string; exit?: number };

/** An answer's parts, with the defaults of a command that succeeds. */
export function answerParts(a: HostAnswer): { stdout: string; stderr: string; exit: number } {
  return typeof a === 'string' ? { stdout: a, stderr: '', exit: 0 } : { stdout: a.stdout ?? '', stderr: a.stderr ?? '', exit: a.exit ?? 0 };
}

/**
 * How a real host of the scenario is built (the real-hosts test tier, test/hosts/): everything a
 * host has besides its files/ folder. The lab reads the same files/; this part lets a real shell
 * reproduce, with the real tools, what the lab's outputs claim.
 */
export interface HostSetup {
  /** Modes and owners as the packages leave them, each with the packaging file it comes from. */
  modes?: { path: string; mode: string; owner: string; group: string; source: string }[];
  /** Files logrotate has compressed (with delaycompress the newest rotation, .1, stays plain). */
  gzip?: string[];
  /** Files that take this many bytes of disk (allocated, as du counts), their files/ text at the end; on the hosts of these roles (all without). */
  allocate?: { path: string; bytes: number; roles?: Role[] }[];
  /** Installed packages, as dpkg's status file lists them. */
  packages?: { name: string; version: string; architecture: string; description: string }[];
  /** The nova database on the scenario's controllers: the schema of a release and how many rows. */
  database?: { schema: 'havana' | 'current'; live: number; deleted: number; rowsOfDeleted: Record<string, number> };
  /** The session environment sshd gives the host's users (SetEnv), e.g. OS_CLOUD. */
  env?: Record<string, string>;
  /** Answers of the stand-ins (ip, ping, openstack, ovs-vsctl, virsh) by command line, beside those the outputs give. */
  standins?: Record<string, HostAnswer>;
}

/** A small cloud in a known state: hosts with roles, and what each KB diagnostic prints there. */
export interface Scenario {
  name: string;
  description: Text;
  hosts: { name: string; roles: Role[] }[];
  /** Parameters and answers a runbook needs here (what the operator would type). */
  params: Record<string, string>;
  answers: Record<string, string>;
  /** The conclusion each runbook must reach in this scenario. */
  expect: Record<string, 'confirmed' | 'ruled-out' | 'inconclusive'>;
  /** "entry/diagnostic" → what it prints on every host of the scenario (with the roles it runs on). */
  outputs: Record<string, HostAnswer>;
  host: HostSetup;
}

/** Scenarios are data: one folder each with a scenario.yaml, so a new entry can bring its own. */
export function loadScenarios(dir: string): Scenario[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'scenario.yaml')))
    .map((d) => {
      const data = parse(fs.readFileSync(path.join(dir, d.name, 'scenario.yaml'), 'utf8')) as Partial<Scenario>;
      return { name: d.name, description: data.description ?? { en: d.name, de: d.name }, hosts: data.hosts ?? [], params: data.params ?? {}, answers: data.answers ?? {}, expect: data.expect ?? {}, outputs: data.outputs ?? {}, host: data.host ?? {} };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
