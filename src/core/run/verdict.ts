import type { Diagnostic } from '../kb/types';
import { SUDO_PASSWORD_HINT, type RunResult } from '../ssh/types';

/** Why a check did not read what it should have, in words, and what would let it. */
export interface CouldNotCheck {
  host: string;
  reason: string;
  fix?: string;
}

/** What a command says on stderr when it could not do its work, and what the operator can do about it. */
const CANNOT_RUN: { pattern: RegExp; fix: (m: RegExpExecArray) => string }[] = [
  { pattern: /Permission denied|Operation not permitted|EACCES/, fix: () => 'run as root or with sudo (a user who may read it)' },
  { pattern: /(?:^|\n)(?:\S*sh: (?:\d+: )?|)([\w.-]+): (?:command )?not found/, fix: (m) => `install ${m[1]} on the host` },
  { pattern: /Missing value auth-url|Missing parameter\(s\)|auth-url required|OS_AUTH_URL|The request you have made requires authentication/, fix: () => 'source the openrc, or set OS_CLOUD (clouds.yaml), for the user the check runs as' },
  { pattern: /No such file or directory/, fix: () => 'the path is not there on this host: another deployment keeps it elsewhere (Kolla: /var/log/kolla, /etc/kolla), or it was rotated away' },
  { pattern: /Access denied for user|Can't connect to (?:local )?MySQL server|ERROR 2002|ERROR 1045/, fix: () => 'give the check database access (run it where the client has credentials, e.g. as root with ~/.my.cnf)' },
];

const FIX_BY_KIND: Partial<Record<NonNullable<RunResult['error']>['kind'], string>> = {
  'host-key-unknown': 'compare the host key with the host (ssh-keygen -lf) and accept it',
  'host-key-changed': 'find out why the host key changed before connecting again',
  auth: 'check the key, its passphrase, or the password for this user',
  timeout: 'raise the timeout, or look at why the host is slow',
  unreachable: 'check that the host is up and reachable',
  refused: 'check that sshd runs on that port',
  dns: 'check the host name',
  'sudo-password': SUDO_PASSWORD_HINT,
};

/**
 * Whether a run could not check what its diagnostic reads: it did not run or did not finish
 * (connection, timeout, not found, sudo), or it ran and said on stderr that it could not do
 * its work (permission denied, no credentials, no such file) with an exit code the diagnostic
 * does not call normal. undefined: it ran and its output can be read as evidence either way.
 */
export function couldNotCheck(r: RunResult, d?: Pick<Diagnostic, 'exitCodes'>): CouldNotCheck | undefined {
  const first = (s: string) => s.trim().split('\n').filter(Boolean).pop() ?? '';
  if (r.error) {
    const m = r.error.kind === 'command-not-found' ? CANNOT_RUN[1].pattern.exec(`${r.stderr}\n${r.error.message}`) : undefined;
    return { host: r.host, reason: `${r.error.kind}: ${r.error.message.split('\n')[0]}`, fix: m ? CANNOT_RUN[1].fix(m) : FIX_BY_KIND[r.error.kind] };
  }
  if (r.exitCode === null) return { host: r.host, reason: `the command was killed${r.signal ? ` (${r.signal})` : ''}` };
  const normal = r.exitCode === 0 || (d?.exitCodes ?? []).includes(r.exitCode);
  for (const c of CANNOT_RUN) {
    const m = c.pattern.exec(r.stderr);
    // A complaint with exit 0 still means part of what the check reads was not read (du over unreadable folders).
    if (m) return { host: r.host, reason: `${normal ? '' : `exit ${r.exitCode}: `}${first(r.stderr.slice(0, m.index + m[0].length + 200))}`, fix: c.fix(m) };
  }
  if (!normal && r.stderr.trim()) return { host: r.host, reason: `exit ${r.exitCode}: ${first(r.stderr)}` };
  return undefined;
}
