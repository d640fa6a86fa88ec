import { quote } from 'shell-quote';
import type { Diagnostic, Param, ParamType } from './types';

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

const VALIDATORS: Record<ParamType, RegExp> = {
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

/** The command as shown before values are known: placeholders stay visible as <name>. */
export function displayCommand(d: Pick<Diagnostic, 'command' | 'params'>): string {
  const params = new Map((d.params ?? []).map((p) => [p.name, p]));
  return d.command.replace(PLACEHOLDER, (_, name: string) => {
    const def = params.get(name)?.default;
    return def === undefined ? `<${name}>` : quote([String(def)]);
  });
}
