import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import picomatch from 'picomatch';
import SSHConfig from 'ssh-config';
import { errnoWords, FileError, readTextFile, TEXT_FILE_LIMITS } from '../util/files';
import type { Host } from './types';

const expandHome = (p: string) => p.replace(/^~(?=$|\/)/, os.homedir());
const DEFAULT_SSH_CONFIG = path.join(os.homedir(), '.ssh', 'config');

/** An Include chain deeper than this is an error (OpenSSH allows 16 levels). */
const MAX_INCLUDE_DEPTH = 16;
/** At most this many files are read through Include, in all: a glob that includes itself ends here. */
const MAX_INCLUDED_FILES = 256;

/**
 * The text of an ssh_config with its Include directives inlined where they stand (as
 * OpenSSH reads them: relative paths are relative to ~/.ssh, globs allowed). Only regular
 * files of a sane size are read; a file that includes itself (directly, or through a glob)
 * is read once per chain, and the chain and the number of files are bounded.
 * `optional`: the default ~/.ssh/config, which may be absent.
 */
export function readSshConfigText(file: string, optional = false): string {
  let budget = MAX_INCLUDED_FILES;
  const read = (f: string, chain: string[]): string => {
    const real = fs.realpathSync.native(f);
    if (chain.includes(real)) return ''; // it includes itself: OpenSSH would recurse until its depth limit
    if (chain.length > MAX_INCLUDE_DEPTH) throw new FileError(f, `Include nested more than ${MAX_INCLUDE_DEPTH} deep`);
    if (--budget < 0) throw new FileError(f, `Include reads more than ${MAX_INCLUDED_FILES} files`);
    return readTextFile(f, TEXT_FILE_LIMITS.sshConfig)
      .split(/\r?\n/)
      .map((line) => {
        const m = /^\s*Include\s+(.+)$/i.exec(line);
        if (!m) return line;
        return m[1]
          .trim()
          .split(/\s+/)
          .flatMap((pattern) => {
            const abs = path.isAbsolute(expandHome(pattern)) ? expandHome(pattern) : path.join(os.homedir(), '.ssh', pattern);
            const dir = path.dirname(abs);
            if (!fs.existsSync(dir)) return [];
            const isMatch = picomatch(path.basename(abs));
            // A glob names only what exists; a file it matches that is not a regular file is an error, as in OpenSSH.
            return fs.readdirSync(dir).filter((n) => isMatch(n)).sort().map((n) => read(path.join(dir, n), [...chain, real]));
          })
          .join('\n');
      })
      .join('\n');
  };
  if (optional && !fs.existsSync(file)) return '';
  try {
    return read(file, []);
  } catch (e) {
    throw e instanceof FileError ? e : new FileError(file, errnoWords(e));
  }
}

export class SshConfigFile {
  private readonly config: ReturnType<typeof SSHConfig.parse>;

  /** `file`: an ssh_config the user named (it must exist), or the default ~/.ssh/config (which may not). */
  constructor(readonly file: string = DEFAULT_SSH_CONFIG) {
    this.config = SSHConfig.parse(readSshConfigText(file, file === DEFAULT_SSH_CONFIG));
  }

  /** Host aliases without wildcards: the names `ssh` and VS Code Remote-SSH offer. */
  aliases(): string[] {
    const out: string[] = [];
    for (const line of this.config) {
      if (line.type !== SSHConfig.DIRECTIVE || String(line.param).toLowerCase() !== 'host') continue;
      const values = Array.isArray(line.value) ? line.value.map((v) => (typeof v === 'string' ? v : v.val)) : String(line.value).split(/\s+/);
      for (const v of values) if (!/[*?!]/.test(v) && !out.includes(v)) out.push(v);
    }
    return out;
  }

  /**
   * Everything ssh would use for this alias (first value wins, as in OpenSSH). `seen`: the
   * hosts of the ProxyJump chain so far, by alias and by address:port, so that a loop is found
   * however its hops are written (alias, user@alias, the address itself).
   */
  resolve(alias: string, seen: string[] = []): Host {
    const c = this.config.compute(alias) as Record<string, string | string[] | undefined>;
    const one = (k: string) => {
      const v = c[k];
      return Array.isArray(v) ? v[0] : v;
    };
    const jumps = (one('ProxyJump') ?? '').split(',').map((s) => s.trim()).filter((s) => s && s.toLowerCase() !== 'none');
    const files = c.IdentityFile === undefined ? [] : ([] as string[]).concat(c.IdentityFile);
    const timeout = Number(one('ConnectTimeout'));
    const address = one('HostName')?.replace(/%h/g, alias) ?? alias;
    const port = portOf(one('Port') ?? '22', `${this.file}: Host ${alias}`);
    const here = [alias, `${address}:${port}`];
    if (here.some((k) => seen.includes(k))) throw new Error(`${this.file}: ProxyJump loop: ${[...seen.filter((k) => !k.includes(':')), alias].join(' → ')}`);
    return {
      name: alias,
      address,
      port,
      user: one('User') ?? os.userInfo().username,
      roles: [],
      identityFiles: files.map(expandHome),
      identitiesOnly: (one('IdentitiesOnly') ?? '').toLowerCase() === 'yes',
      proxyJump: jumps.map((j) => this.resolveSpec(j, [...seen, ...here])),
      connectTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : undefined,
      knownHostsFiles: one('UserKnownHostsFile')?.split(/\s+/).filter((f) => f && f !== '/dev/null').map(expandHome),
      source: 'ssh-config',
    };
  }

  /** A jump host may be an alias or user@host:port. */
  resolveSpec(spec: string, seen: string[] = []): Host {
    const parsed = parseHostSpec(spec);
    const base = this.resolve(parsed.address, seen);
    const port = parsed.port ?? base.port;
    if (parsed.port !== undefined && seen.includes(`${base.address}:${port}`)) throw new Error(`${this.file}: ProxyJump loop at ${spec}`);
    return { ...base, name: spec, user: parsed.user ?? base.user, port };
  }
}

/** A TCP port, 1 to 65535, or an error that says where the bad value stands. */
export function portOf(text: string, where: string): number {
  const n = /^\d{1,5}$/.test(text.trim()) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 65535)) throw new Error(`${where}: Port ${JSON.stringify(text)} is not a port number (1 to 65535)`);
  return n;
}

/** "user@host:port", "host:port", "[v6::addr]:port", "alias". */
export function parseHostSpec(spec: string): { user?: string; address: string; port?: number } {
  const m = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s]+)(?::(\d{1,5}))?$/.exec(spec.trim());
  if (!m) throw new Error(`not a host: ${JSON.stringify(spec)} (expected alias, host, user@host or user@host:port)`);
  return { user: m[1], address: m[2].replace(/^\[|\]$/g, ''), port: m[3] ? portOf(m[3], `host ${JSON.stringify(spec)}`) : undefined };
}
