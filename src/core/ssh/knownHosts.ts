import { createHash, createHmac, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';

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

/** How known_hosts names a host: "host" on port 22, "[host]:port" otherwise. */
export function hostPattern(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export type KeyStatus =
  | { status: 'known'; file: string; line: number }
  | { status: 'unknown' }
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
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
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

/**
 * Checks a host key against known_hosts files (the user's ~/.ssh/known_hosts and
 * Stacktales' own), as OpenSSH does: a matching key is known; a revoked key, or another key
 * of the same type for this host, refuses the connection; no entry is unknown.
 */
export function checkHostKey(files: readonly string[], host: string, port: number, blob: Buffer): KeyStatus {
  const names = [hostPattern(host, port)];
  const type = keyTypeOf(blob);
  const lines = files.flatMap(parseFile);
  const revoked = lines.find((l) => l.marker === '@revoked' && l.key.equals(blob));
  if (revoked) return { status: 'revoked', file: revoked.file, line: revoked.line };
  const forHost = lines.filter((l) => !l.marker && names.some((n) => matches(l.hosts, n)));
  const same = forHost.find((l) => l.key.equals(blob));
  if (same) return { status: 'known', file: same.file, line: same.line };
  const other = forHost.find((l) => l.type === type);
  if (other) return { status: 'changed', file: other.file, line: other.line, knownType: other.type };
  return { status: 'unknown' };
}

/** Records an accepted key, hashed like HashKnownHosts=yes so the file does not list the fleet. */
export function addKnownHost(file: string, host: string, port: number, blob: Buffer): void {
  const salt = randomBytes(20);
  const hash = createHmac('sha1', salt).update(hostPattern(host, port)).digest('base64');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `|1|${salt.toString('base64')}|${hash} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 });
}

/** The warning OpenSSH prints for a changed key, with the fingerprint and the offending line. */
export function changedKeyWarning(host: string, port: number, blob: Buffer, where: { file: string; line: number }): string {
  return [
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
    `The fingerprint for the ${keyLabel(keyTypeOf(blob))} key sent by the remote host ${hostPattern(host, port)} is`,
    `${fingerprint(blob)}.`,
    `Offending key in ${where.file}:${where.line}`,
    'Host key verification failed: Stacktales will not connect.',
  ].join('\n');
}
