import { parse, quote } from 'shell-quote';
import type { Diagnostic, Param, ParamType } from './types';

/**
 * How long the runner lets a command run by default (CLI --timeout, stacktales.ssh.timeoutSeconds).
 * A time limit inside a command (`timeout 20 tcpdump …`) must end before it, or the runner kills
 * the command first and its output is lost.
 */
export const DEFAULT_COMMAND_TIMEOUT_S = 60;

/** The `timeout N` limits a command sets for itself, in seconds. */
export function innerTimeouts(command: string): number[] {
  const option = String.raw`(?:(?:-[sk]|--signal|--kill-after)\s+\S+\s+|--?[a-z-]+(?:=\S+)?\s+)*`;
  const re = new RegExp(String.raw`(?:^|[\s;|&(])timeout\s+${option}(\d+(?:\.\d+)?)([smh])?(?![\w.])`, 'g');
  return [...command.matchAll(re)].map((m) => Number(m[1]) * ({ m: 60, h: 3600 }[m[2] ?? ''] ?? 1));
}

const PLACEHOLDER = /\{\{([a-z][a-z0-9_]*)\}\}/g;

/** Names used as {{name}} in a command template, in order of appearance. */
export function placeholders(command: string): string[] {
  return [...command.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/**
 * Placeholders that stand inside quotes in the template. A value is shell-quoted where it
 * stands; inside '…' or "…" its own quotes would close the template's, and the rest of the
 * value would be shell syntax. kb check refuses such templates.
 */
export function quotedPlaceholders(command: string): string[] {
  const out: string[] = [];
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i];
    if (quote === "'") {
      if (ch === "'") quote = undefined;
    } else if (ch === '\\') i++;
    else if (quote === '"' && ch === '"') quote = undefined;
    else if (!quote && (ch === "'" || ch === '"')) quote = ch;
    if (quote && command.startsWith('{{', i)) {
      const m = /^\{\{([a-z][a-z0-9_]*)\}\}/.exec(command.slice(i));
      if (m) out.push(m[1]);
    }
  }
  return out;
}

/** Commands that write or change files whatever their arguments (a dump is written somewhere). */
const WRITING_COMMANDS = new Set(['tee', 'cp', 'mv', 'dd', 'rm', 'truncate', 'install', 'ln', 'mkdir', 'touch', 'mysqldump', 'pg_dump', 'rsync', 'scp']);

/**
 * What in a command template writes to the host, read the way a shell reads it: a `>` or `>>`
 * redirection to anything but /dev/null, a command that writes (tee, cp, a dump, …), or tar
 * creating an archive. undefined when it only reads. kb check holds effect: read to this.
 */
export function writesOf(command: string): string | undefined {
  const tokens = parse(command.replace(PLACEHOLDER, 'X'), (name) => `$${name}`);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (typeof t === 'object' && 'op' in t && (t.op === '>' || t.op === '>>')) {
      const target = tokens[i + 1];
      if (target !== '/dev/null') return `${t.op} ${typeof target === 'string' ? target : 'a file'}`;
    }
    if (typeof t !== 'string') continue;
    const first = i === 0 || (typeof tokens[i - 1] === 'object' && 'op' in (tokens[i - 1] as object));
    if (!first) continue;
    if (WRITING_COMMANDS.has(t)) return t;
    if (t === 'sed' && tokens.slice(i + 1, i + 4).some((a) => typeof a === 'string' && /^-[a-zA-Z]*i/.test(a))) return 'sed -i';
    if (t === 'crudini' && tokens.slice(i + 1).some((a) => a === '--set' || a === '--del' || a === '--merge')) return 'crudini editing a file';
    if (t === 'tar' && typeof tokens[i + 1] === 'string' && /^-?[a-zA-Z]*c/.test(tokens[i + 1] as string)) return 'tar creating an archive';
  }
  return undefined;
}

/** What each parameter type accepts (the Ansible export asserts the same patterns). */
export const VALIDATORS: Record<ParamType, RegExp> = {
  hostname: /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\d{1,3}(?:\.\d{1,3}){3}$|^[0-9a-fA-F:]+:[0-9a-fA-F:]*$/,
  interface: /^(?!-)[A-Za-z0-9_.:@+-]{1,15}$/,
  uuid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  path: /^\/[^\0\n]*$/,
  integer: /^-?\d{1,12}$/,
  mac: /^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}$/,
  ipv4: /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/,
  word: /^(?!-)[A-Za-z0-9_.:+-]{1,128}$/,
};

export class ParamError extends Error {
  constructor(readonly param: string, message: string) {
    super(message);
  }
}

export function validateParam(p: Param, value: string): void {
  if (!VALIDATORS[p.type].test(value)) throw new ParamError(p.name, `parameter "${p.name}" is not a valid ${p.type}: ${JSON.stringify(value)}`);
  if (p.type === 'path' && value.split('/').includes('..')) throw new ParamError(p.name, `parameter "${p.name}" must not contain ".."`);
  // A word or an interface name may end up in a path the template builds (/var/log/{{word}}.log).
  if ((p.type === 'word' || p.type === 'interface') && value.includes('..')) throw new ParamError(p.name, `parameter "${p.name}" must not contain ".."`);
}

/**
 * Renders a diagnostic's command: each {{name}} becomes the validated, shell-quoted value
 * (or the parameter's default). The template's own text is trusted KB data; user values
 * never reach the shell unquoted.
 */
export function renderCommand(d: Pick<Diagnostic, 'command' | 'params'>, values: Record<string, string> = {}): string {
  const params = new Map((d.params ?? []).map((p) => [p.name, p]));
  for (const name of Object.keys(values)) {
    if (!params.has(name)) throw new ParamError(name, `unknown parameter "${name}"`);
  }
  return d.command.replace(PLACEHOLDER, (_, name: string) => {
    const p = params.get(name);
    if (!p) throw new ParamError(name, `template uses undeclared parameter "${name}"`);
    const value = values[name] ?? (p.default === undefined ? undefined : String(p.default));
    if (value === undefined) throw new ParamError(name, `parameter "${name}" needs a value`);
    validateParam(p, value);
    return quote([value]);
  });
}

/**
 * The command as shown before it runs: each placeholder filled with its value (validated,
 * quoted) or default; one without either stays visible as <name>.
 */
export function displayCommand(d: Pick<Diagnostic, 'command' | 'params'>, values: Record<string, string> = {}): string {
  const params = new Map((d.params ?? []).map((p) => [p.name, p]));
  return d.command.replace(PLACEHOLDER, (_, name: string) => {
    const p = params.get(name);
    if (p && values[name] !== undefined) validateParam(p, values[name]);
    const value = values[name] ?? (p?.default === undefined ? undefined : String(p.default));
    return value === undefined ? `<${name}>` : quote([value]);
  });
}
