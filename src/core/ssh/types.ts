import type { Host } from '../hosts/types';

export type ErrorKind =
  | 'host-key-changed'
  | 'host-key-unknown'
  | 'host-key-revoked'
  | 'auth'
  | 'timeout'
  | 'unreachable'
  | 'dns'
  | 'refused'
  | 'dropped'
  | 'command-not-found'
  | 'sudo-password'
  | 'cancelled'
  | 'error';

/** Kinds that mean the command did not run (or did not finish) on the host. */
/** What `sudo -n` says when it would need a password (or a terminal to ask for one). */
export function sudoWantsPassword(stderr: string): boolean {
  return /sudo: (a password is required|a terminal is required)/.test(stderr);
}

export const SUDO_PASSWORD_HINT = 'sudo needs a password on this host; allow it with NOPASSWD, or connect as a user that may';

export const CONNECTION_FAILURES: ReadonlySet<ErrorKind> = new Set(['host-key-changed', 'host-key-unknown', 'host-key-revoked', 'auth', 'timeout', 'unreachable', 'dns', 'refused', 'dropped', 'cancelled', 'error']);

export interface RunResult {
  host: string;
  command: string;
  exitCode: number | null;
  /** The signal that ended the remote command, if one did. */
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Bytes of output left out in the middle (head and tail are kept). */
  dropped: { stdout: number; stderr: number };
  durationMs: number;
  error: null | { kind: ErrorKind; message: string };
}

/** What the runner must ask a person (or a policy, in the CLI). */
export interface Prompts {
  /**
   * An unknown host key: true to trust it (it is then recorded). `note`, when there is more
   * to say: e.g. that the host's @cert-authority line is not used (no host certificates).
   */
  unknownHostKey(host: Host, fingerprint: string, keyType: string, note?: string): Promise<boolean>;
  /** The passphrase of an encrypted key file; undefined to skip the key. */
  passphrase(keyFile: string): Promise<string | undefined>;
  /**
   * The passphrase that passphrase() gave does not decrypt keyFile: a stored one is stale
   * and should be forgotten. True to be asked again (passphrase() is called anew, up to
   * PASSPHRASE_TRIES times in all, as OpenSSH asks); false, or no hook, skips the key, and
   * the next key, the agent or a password are tried. The next connection asks again.
   */
  passphraseRejected?(keyFile: string): Promise<boolean>;
  /** A password, as the last resort; undefined to skip password auth. */
  password(host: Host): Promise<string | undefined>;
}

/** How often a key's passphrase is asked for one connection (OpenSSH's NumberOfPasswordPrompts). */
export const PASSPHRASE_TRIES = 3;

export class RunError extends Error {
  constructor(readonly kind: ErrorKind, message: string) {
    super(message);
  }
}
