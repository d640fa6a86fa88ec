import { createHash, createHmac, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import { readTextFile, TEXT_FILE_LIMITS } from '../util/files';

/** The key type inside an SSH public key blob (its first string), e.g. "ssh-ed25519". */
export function keyTypeOf(blob: Buffer): string {
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** As OpenSSH prints it: SHA256:<base64 without padding>. */
export function fingerprint(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** OpenSSH's names for key types in its warnings ("ED25519 key"). */
export function keyLabel(type: string): string {
  if (type.includes('ed25519')) return 'ED25519';
  if (type.startsWith('ecdsa')) return 'ECDSA';
  if (type.includes('rsa')) return 'RSA';
  return type.toUpperCase();
}

/** Where OpenSSH keeps a host's own key of this type: what `ssh-keygen -lf` reads on the host to compare fingerprints. */
export function hostKeyFile(type: string): string {
  const name = type.includes('ed25519') ? 'ed25519' : type.startsWith('ecdsa') ? 'ecdsa' : type.includes('rsa') ? 'rsa' : type.replace(/^ssh-/, '');
  return `/etc/ssh/ssh_host_${name}_key.pub`;
}

/** How known_hosts names a host: "host" on port 22, "[host]:port" otherwise. */
export function hostPattern(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export type KeyStatus =
  | { status: 'known'; file: string; line: number }
  /** certAuthority: the host's @cert-authority line, when it has no plain key (host certificates are not supported). */
  | { status: 'unknown'; certAuthority?: { file: string; line: number } }
  | { status: 'changed'; file: string; line: number; knownType: string }
  | { status: 'revoked'; file: string; line: number };

interface Line {
  file: string;
  line: number;
  marker?: string;
  hosts: string;
  type: string;
  key: Buffer;
}

function parseFile(file: string): Line[] {
  // No file yet is the usual first run; a file that is there but cannot be read (a folder,
  // a device, permission denied, runaway size) is an error naming it, not an empty list,
  // so that a key ssh would check is never taken as unknown.
  if (!fs.existsSync(file)) return [];
  const text = readTextFile(file, TEXT_FILE_LIMITS.knownHosts);
  const out: Line[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.trim();
    if (!t || t.startsWith('#')) return;
    const parts = t.split(/\s+/);
    const marker = parts[0].startsWith('@') ? parts.shift() : undefined;
    if (parts.length < 3) return;
    try {
      out.push({ file, line: i + 1, marker, hosts: parts[0], type: parts[1], key: Buffer.from(parts[2], 'base64') });
    } catch {
      /* a corrupt line is ignored, as ssh does */
    }
  });
  return out;
}

/** Does a known_hosts host field (comma list, wildcards, negation, |1|salt|hash) name this host? */
function matches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let ok = false;
  for (const p of field.split(',')) {
    const neg = p.startsWith('!');
    const pat = neg ? p.slice(1) : p;
    if (picomatch.isMatch(name, pat, { nocase: true, dot: true })) {
      if (neg) return false;
      ok = true;
    }
  }
  return ok;
}

/** The lines for this host; @-marked ones apart (they are not keys of the host). */
function linesFor(files: readonly string[], host: string, port: number): { all: Line[]; plain: Line[]; marked: Line[] } {
  const name = hostPattern(host, port);
  const all = files.flatMap(parseFile);
  const forHost = all.filter((l) => matches(l.hosts, name));
  return { all, plain: forHost.filter((l) => !l.marker), marked: forHost.filter((l) => l.marker) };
}

/**
 * Checks a host key against known_hosts files (the user's ~/.ssh/known_hosts and
 * Stacktales' own), as OpenSSH does: a matching key is known; a revoked key refuses the
 * connection; so does any other key when the host has recorded keys, of whatever type (a
 * host that now shows an RSA key where an ED25519 key is recorded has changed). No entry is
 * unknown. @cert-authority lines are not used: ssh2 does not verify host certificates.
 */
export function checkHostKey(files: readonly string[], host: string, port: number, blob: Buffer): KeyStatus {
  const type = keyTypeOf(blob);
  const { all, plain, marked } = linesFor(files, host, port);
  const revoked = all.find((l) => l.marker === '@revoked' && l.key.equals(blob));
  if (revoked) return { status: 'revoked', file: revoked.file, line: revoked.line };
  const same = plain.find((l) => l.key.equals(blob));
  if (same) return { status: 'known', file: same.file, line: same.line };
  const other = plain.find((l) => l.type === type) ?? plain[0];
  if (other) return { status: 'changed', file: other.file, line: other.line, knownType: other.type };
  const ca = marked.find((l) => l.marker === '@cert-authority');
  return ca ? { status: 'unknown', certAuthority: { file: ca.file, line: ca.line } } : { status: 'unknown' };
}

/** The host key algorithms ssh2 verifies by default, in its order of preference. */
const HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

/**
 * The host key algorithms to offer a host, those of its recorded keys first (an RSA key
 * signs as rsa-sha2-512, rsa-sha2-256 and ssh-rsa), as OpenSSH orders them: a host that has
 * a recorded type shows that key. The others follow, so a host that has none of them still
 * shows its key, which checkHostKey then refuses as changed (with its fingerprint, as
 * OpenSSH does). Undefined: nothing recorded, ssh2's defaults.
 */
export function hostKeyAlgorithms(files: readonly string[], host: string, port: number): string[] | undefined {
  const types = linesFor(files, host, port).plain.map((l) => l.type);
  const recorded = (alg: string) => types.some((t) => t === alg || (t === 'ssh-rsa' && alg.startsWith('rsa-sha2-')));
  const first = HOST_KEY_ALGORITHMS.filter(recorded);
  return first.length ? [...first, ...HOST_KEY_ALGORITHMS.filter((a) => !recorded(a))] : undefined;
}

/** Records an accepted key, hashed like HashKnownHosts=yes so the file does not list the fleet. */
export function addKnownHost(file: string, host: string, port: number, blob: Buffer): void {
  const salt = randomBytes(20);
  const hash = createHmac('sha1', salt).update(hostPattern(host, port)).digest('base64');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `|1|${salt.toString('base64')}|${hash} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 });
}

/** The warning OpenSSH prints for a changed key, with the fingerprint and the offending line. */
export function changedKeyWarning(host: string, port: number, blob: Buffer, where: { file: string; line: number; knownType?: string }): string {
  const otherType = where.knownType && where.knownType !== keyTypeOf(blob) ? [`The host's recorded key is an ${keyLabel(where.knownType)} key; it sent an ${keyLabel(keyTypeOf(blob))} key.`] : [];
  return [
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
    `The fingerprint for the ${keyLabel(keyTypeOf(blob))} key sent by the remote host ${hostPattern(host, port)} is`,
    `${fingerprint(blob)}.`,
    ...otherType,
    `Offending key in ${where.file}:${where.line}`,
    'Host key verification failed: Stacktales will not connect.',
  ].join('\n');
}
