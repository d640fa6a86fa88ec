import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import picomatch from 'picomatch';
import SSHConfig from 'ssh-config';
import type { Host } from './types';

const expandHome = (p: string) => p.replace(/^~(?=$|\/)/, os.homedir());

/**
 * The text of an ssh_config with its Include directives inlined where they stand (as
 * OpenSSH reads them: relative paths are relative to ~/.ssh, globs allowed, depth-limited).
 */
export function readSshConfigText(file: string, depth = 0): string {
  if (depth > 8 || !fs.existsSync(file)) return '';
  const text = fs.readFileSync(file, 'utf8');
  return text
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
          return fs.readdirSync(dir).filter((n) => isMatch(n)).sort().map((n) => readSshConfigText(path.join(dir, n), depth + 1));
        })
        .join('\n');
    })
    .join('\n');
}

export class SshConfigFile {
  private readonly config: ReturnType<typeof SSHConfig.parse>;

  constructor(readonly file: string = path.join(os.homedir(), '.ssh', 'config')) {
    this.config = SSHConfig.parse(readSshConfigText(file));
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

  /** Everything ssh would use for this alias (first value wins, as in OpenSSH). */
  resolve(alias: string, seen: string[] = []): Host {
    const c = this.config.compute(alias) as Record<string, string | string[] | undefined>;
    const one = (k: string) => {
      const v = c[k];
      return Array.isArray(v) ? v[0] : v;
    };
    const jumps = (one('ProxyJump') ?? '').split(',').map((s) => s.trim()).filter((s) => s && s.toLowerCase() !== 'none');
    if (jumps.some((j) => seen.includes(j) || j === alias)) throw new Error(`ProxyJump loop at ${alias}`);
    const files = c.IdentityFile === undefined ? [] : ([] as string[]).concat(c.IdentityFile);
    const timeout = Number(one('ConnectTimeout'));
    return {
      name: alias,
      address: one('HostName')?.replace(/%h/g, alias) ?? alias,
      port: Number(one('Port') ?? 22),
      user: one('User') ?? os.userInfo().username,
      roles: [],
      identityFiles: files.map(expandHome),
      identitiesOnly: (one('IdentitiesOnly') ?? '').toLowerCase() === 'yes',
      proxyJump: jumps.map((j) => this.resolveSpec(j, [...seen, alias])),
      connectTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : undefined,
      knownHostsFiles: one('UserKnownHostsFile')?.split(/\s+/).filter((f) => f && f !== '/dev/null').map(expandHome),
      source: 'ssh-config',
    };
  }

  /** A jump host may be an alias or user@host:port. */
  resolveSpec(spec: string, seen: string[] = []): Host {
    const parsed = parseHostSpec(spec);
    const base = this.resolve(parsed.address, seen);
    return { ...base, name: spec, user: parsed.user ?? base.user, port: parsed.port ?? base.port };
  }
}

/** "user@host:port", "host:port", "[v6::addr]:port", "alias". */
export function parseHostSpec(spec: string): { user?: string; address: string; port?: number } {
  const m = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s]+)(?::(\d{1,5}))?$/.exec(spec.trim());
  if (!m) throw new Error(`not a host: ${JSON.stringify(spec)} (expected alias, host, user@host or user@host:port)`);
  return { user: m[1], address: m[2].replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : undefined };
}
