import { CommanderError } from 'commander';
import * as fs from 'fs';
import * as path from 'path';
import type { Walk } from '../core/runbook/engine';

/** The host options a walk ran with (absolute paths), so a resumed walk reaches the same hosts. */
export interface HostOptions {
  host: string[];
  inventory?: string;
  sshConfig?: string;
  identity: string[];
  knownHosts?: string;
}

/** What `runbook --save FILE` writes and `runbook --resume FILE` reads. Answers are not kept (pasted text may hold secrets); the walk's records are redacted. */
export interface SavedWalk {
  stacktales: 'runbook-walk';
  version: 1;
  entry: string;
  params: Record<string, string>;
  hostOptions: HostOptions;
  walk: Walk;
}

export function saveWalk(file: string, state: Omit<SavedWalk, 'stacktales' | 'version'>): void {
  const data: SavedWalk = { stacktales: 'runbook-walk', version: 1, ...state };
  try {
    fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
  } catch (e) {
    throw new CommanderError(2, 'stacktales.badPath', `cannot write the walk to ${file}: ${(e as Error).message}`);
  }
}

export function loadWalk(file: string): SavedWalk {
  let data: Partial<SavedWalk>;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SavedWalk>;
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (e as Error).message;
    throw new CommanderError(2, 'stacktales.badPath', `cannot resume from ${file}: ${why}`);
  }
  if (data?.stacktales !== 'runbook-walk' || data.version !== 1 || typeof data.entry !== 'string' || !Array.isArray(data.walk?.steps)) {
    throw new CommanderError(2, 'stacktales.badPath', `cannot resume from ${file}: it is not a walk saved by "stacktales runbook --save"`);
  }
  return { ...data, params: data.params ?? {}, hostOptions: data.hostOptions ?? { host: [], identity: [] } } as SavedWalk;
}

/** The host options as given, with files made absolute (a walk may be resumed from another folder). */
export function hostOptionsOf(o: HostOptions): HostOptions {
  const abs = (f?: string) => (f ? path.resolve(f) : undefined);
  return { host: o.host, inventory: abs(o.inventory), sshConfig: abs(o.sshConfig), identity: o.identity.map((f) => path.resolve(f)), knownHosts: abs(o.knownHosts) };
}

/** The host options as command-line arguments. */
export function hostArgs(o: HostOptions): string[] {
  return [
    ...o.host.flatMap((h) => ['--host', h]),
    ...(o.inventory ? ['--inventory', o.inventory] : []),
    ...(o.sshConfig ? ['--ssh-config', o.sshConfig] : []),
    ...o.identity.flatMap((f) => ['--identity', f]),
    ...(o.knownHosts ? ['--known-hosts', o.knownHosts] : []),
  ];
}
