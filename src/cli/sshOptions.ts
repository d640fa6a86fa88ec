import { Command, CommanderError, InvalidArgumentError } from 'commander';
import * as os from 'os';
import * as path from 'path';
import { resolveHosts } from '../core/hosts/resolveHosts';
import { hostKeyFile } from '../core/ssh/knownHosts';
import type { Host } from '../core/hosts/types';
import { SshRunner } from '../core/ssh/sshRunner';
import { collect } from './options';

export interface SshCliOptions {
  host: string[];
  inventory?: string;
  sshConfig?: string;
  identity: string[];
  knownHosts?: string;
  acceptNew?: boolean;
  parallel: number;
  timeout: number;
  json?: boolean;
}

/** The longest wait a timer can take (setTimeout's 2^31-1 ms), in seconds. */
const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

const seconds = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number of seconds');
  if (n > MAX_TIMEOUT_SECONDS) throw new InvalidArgumentError(`must be at most ${MAX_TIMEOUT_SECONDS} seconds (about 24 days)`);
  return n;
};

const hostCount = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new InvalidArgumentError('must be a whole number from 1 to 1024');
  return n;
};

/** The host options shared by run, exec, runbook, triage and remote scan. */
export function addSshOptions(cmd: Command): Command {
  return cmd
    .option('--host <host>', 'ssh_config alias, inventory host or group (all: every host), or user@host[:port] (repeatable)', collect, [])
    .option('--inventory <file>', 'Ansible inventory (INI or YAML); its groups give the roles')
    .option('--ssh-config <file>', 'ssh_config to resolve aliases (default ~/.ssh/config)')
    .option('--identity <file>', 'private key to try (repeatable)', collect, [])
    .option('--known-hosts <file>', 'known_hosts to check and to record accepted keys in (default: ~/.ssh/known_hosts, then Stacktales\' own)')
    .option('--accept-new', 'trust and record unknown host keys (a changed key is always refused)')
    .option('--parallel <n>', 'hosts at once', hostCount, 16)
    .option('--timeout <seconds>', 'per command; for scan: without any output from the host', seconds, 60);
}

export function hostsOf(o: SshCliOptions): Host[] {
  if (!o.host.length && !o.inventory) throw new CommanderError(2, 'stacktales.noHost', 'name at least one --host or an --inventory');
  return resolveHosts({ specs: o.host, inventory: o.inventory, sshConfig: o.sshConfig, identityFiles: o.identity });
}

/** Where Stacktales keeps the keys a user accepted (outside ~/.ssh/known_hosts, which stays the user's). */
export function ownKnownHosts(): string {
  const base = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'stacktales', 'known_hosts');
}

function runnerOf(o: SshCliOptions, err: (s: string) => void): SshRunner {
  const files = o.knownHosts ? [o.knownHosts] : [path.join(os.homedir(), '.ssh', 'known_hosts')];
  return new SshRunner({
    knownHostsFiles: files,
    knownHostsWriteFile: o.knownHosts ?? ownKnownHosts(),
    agent: process.env.SSH_AUTH_SOCK,
    prompts: {
      unknownHostKey: async (host, fp, type, note) => {
        if (note) err(`stacktales: ${host.name}: ${note}\n`);
        if (o.acceptNew) err(`stacktales: ${host.name}: recording new ${type} host key ${fp}\n`);
        // Refused: how to tell the key is the host's, and how to go on.
        else
          err(
            `stacktales: ${host.name} (${host.address}:${host.port}) has an unknown ${type} host key, fingerprint ${fp}; not connecting.\n` +
              `  Compare it with the host's own, read where you trust the host (its console, your provisioning): ssh-keygen -lf ${hostKeyFile(type)}\n` +
              `  If they match, run again with --accept-new (the key is then kept in ${o.knownHosts ?? ownKnownHosts()}).\n`,
          );
        return !!o.acceptNew;
      },
      // Non-interactive by design: secrets come from the environment, never from arguments.
      passphrase: async () => process.env.STACKTALES_SSH_PASSPHRASE,
      passphraseRejected: async (file) => {
        err(`stacktales: STACKTALES_SSH_PASSPHRASE does not decrypt ${file}; trying the next key\n`);
        return false;
      },
      password: async () => process.env.STACKTALES_SSH_PASSWORD,
    },
    connectTimeoutMs: Math.min(o.timeout, 30) * 1000,
    commandTimeoutMs: o.timeout * 1000,
    parallel: o.parallel,
  });
}

/** Runs `use` with a runner for these options and closes the runner (its connections) however `use` ends. */
export async function withRunner<T>(o: SshCliOptions, err: (s: string) => void, use: (runner: SshRunner) => Promise<T>): Promise<T> {
  const runner = runnerOf(o, err);
  try {
    return await use(runner);
  } finally {
    runner.close();
  }
}
