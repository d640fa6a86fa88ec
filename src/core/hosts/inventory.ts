import { parse as parseShell } from 'shell-quote';
import { parse as parseYaml } from 'yaml';
import type { Role } from '../kb/types';
import { readTextFile, TEXT_FILE_LIMITS } from '../util/files';
import { rolesOfGroup } from './types';

export interface InventoryHost {
  name: string;
  vars: Record<string, string>;
  groups: string[];
  roles: Role[];
}

/**
 * Reads an Ansible inventory, INI or YAML, as kolla-ansible and OpenStack-Ansible keep one:
 * groups, [group:children], [group:vars], per-host variables (ansible_host, ansible_user,
 * ansible_port). Dynamic inventories (scripts) are not run. Ansible's INI dialect (hosts as
 * bare words with key=value pairs) is not what INI libraries read, hence this small parser.
 */
export function readInventory(file: string): InventoryHost[] {
  const text = readTextFile(file, TEXT_FILE_LIMITS.inventory);
  const yamlLike = /\.(ya?ml)$/i.test(file) || /^\s*all\s*:/m.test(text);
  const tree = yamlLike ? fromYaml(text, file) : fromIni(text, file);
  return flatten(tree);
}

interface Group {
  hosts: Map<string, Record<string, string>>;
  children: Set<string>;
  vars: Record<string, string>;
}

type Tree = Map<string, Group>;

const group = (t: Tree, name: string): Group => {
  if (!t.has(name)) t.set(name, { hosts: new Map(), children: new Set(), vars: {} });
  return t.get(name)!;
};

function fromIni(text: string, file: string): Tree {
  const t: Tree = new Map();
  let section = 'ungrouped';
  let kind: 'hosts' | 'children' | 'vars' = 'hosts';
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/\s[#;].*$/, '').trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) return;
    const h = /^\[([^\]:]+)(?::(children|vars))?\]$/.exec(line);
    if (h) {
      section = h[1];
      kind = (h[2] as 'children' | 'vars') ?? 'hosts';
      group(t, section);
      return;
    }
    const g = group(t, section);
    if (kind === 'children') g.children.add(line.split(/\s+/)[0]);
    else if (kind === 'vars') {
      const kv = /^([^=\s]+)\s*=\s*(.*)$/.exec(line);
      if (!kv) throw new Error(`${file}:${i + 1}: expected key=value in [${section}:vars]`);
      g.vars[kv[1]] = unquote(kv[2]);
    } else {
      // Split as Ansible splits a host line (shlex): a quoted value may hold spaces (ansible_ssh_common_args="-o A -o B").
      const words = shellWords(line);
      if (!words) throw new Error(`${file}:${i + 1}: cannot read this host line (shell syntax such as ; | > outside quotes)`);
      const [name, ...pairs] = words;
      const vars: Record<string, string> = {};
      for (const p of pairs) {
        const kv = /^([^=]+)=(.*)$/s.exec(p);
        if (!kv) throw new Error(`${file}:${i + 1}: expected key=value after host "${name}", got "${p}"`);
        vars[kv[1]] = kv[2];
      }
      for (const n of expandRange(name, `${file}:${i + 1}`)) g.hosts.set(n, { ...(g.hosts.get(n) ?? {}), ...vars });
    }
  });
  return t;
}

function fromYaml(text: string, file: string): Tree {
  const t: Tree = new Map();
  let data: Record<string, unknown> | null;
  try {
    // yaml refuses documents whose aliases expand past its limit (an alias bomb).
    data = parseYaml(text) as Record<string, unknown> | null;
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!data || typeof data !== 'object') throw new Error(`${file}: not a YAML inventory`);
  const visiting: string[] = [];
  const visit = (name: string, node: unknown) => {
    const g = group(t, name);
    if (!node || typeof node !== 'object' || visiting.includes(name)) return;
    visiting.push(name);
    const n = node as { hosts?: Record<string, unknown>; children?: Record<string, unknown>; vars?: Record<string, unknown> };
    for (const [h, vars] of Object.entries(n.hosts ?? {})) {
      for (const hn of expandRange(h, file)) g.hosts.set(hn, { ...(g.hosts.get(hn) ?? {}), ...stringify(vars) });
    }
    for (const [c, child] of Object.entries(n.children ?? {})) {
      g.children.add(c);
      visit(c, child);
    }
    Object.assign(g.vars, stringify(n.vars));
    visiting.pop();
  };
  for (const [name, node] of Object.entries(data)) visit(name, node);
  return t;
}

/**
 * Host variables win over group variables, and a child group's over its parents' (groups
 * ordered by depth, as Ansible merges them). Each group's ancestors are found once, so a
 * lattice of groups (diamonds) costs its size, not the number of its paths; cycles are cut.
 */
function flatten(t: Tree): InventoryHost[] {
  const parents = new Map<string, string[]>();
  for (const [name, g] of t) for (const c of g.children) parents.set(c, [...(parents.get(c) ?? []), name]);
  const ancestors = new Map<string, Set<string>>();
  const ancestorsOf = (name: string, path: string[] = []): Set<string> => {
    const known = ancestors.get(name);
    if (known) return known;
    const out = new Set<string>();
    for (const p of parents.get(name) ?? []) {
      if (path.includes(p) || p === name) continue;
      out.add(p);
      for (const a of ancestorsOf(p, [...path, name])) out.add(a);
    }
    ancestors.set(name, out);
    return out;
  };
  const depth = (name: string) => ancestorsOf(name).size;
  const hosts = new Map<string, InventoryHost>();
  for (const [name, g] of t) {
    for (const h of g.hosts.keys()) {
      const cur = hosts.get(h) ?? { name: h, vars: {}, groups: [], roles: [] };
      for (const grp of [...ancestorsOf(name), name]) if (!cur.groups.includes(grp)) cur.groups.push(grp);
      hosts.set(h, cur);
    }
  }
  for (const h of hosts.values()) {
    const groups = [...h.groups].sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
    const own = groups.filter((g) => t.get(g)?.hosts.has(h.name));
    h.vars = Object.assign({}, ...groups.map((g) => t.get(g)?.vars ?? {}), ...own.map((g) => t.get(g)!.hosts.get(h.name)!));
    h.groups.sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
    h.roles = [...new Set(h.groups.flatMap(rolesOfGroup))];
  }
  return [...hosts.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The most hosts one range may stand for: more is a typo (h[0:100000000]), not a cloud. */
const MAX_RANGE = 10_000;

/** Ansible's ranges: compute[01:03] → compute01, compute02, compute03. */
function expandRange(name: string, where: string): string[] {
  const m = /^(.*)\[(\d+):(\d+)\](.*)$/.exec(name);
  if (!m) return [name];
  const count = Number(m[3]) - Number(m[2]) + 1;
  if (!(count >= 1 && count <= MAX_RANGE)) throw new Error(`${where}: the range in "${name}" stands for ${count >= 1 ? count : 'no'} hosts (at most ${MAX_RANGE})`);
  const width = m[2].length;
  const out: string[] = [];
  for (let i = Number(m[2]); i <= Number(m[3]); i++) out.push(`${m[1]}${String(i).padStart(width, '0')}${m[4]}`);
  return out;
}

function stringify(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object') return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
}

/** The words of a line as a POSIX shell would split them, with no variable expanded; undefined for shell syntax. */
function shellWords(line: string): string[] | undefined {
  const words = parseShell(line, (key) => `$${key}`);
  return words.every((w): w is string => typeof w === 'string') ? words : undefined;
}

function unquote(s: string): string {
  return s.replace(/^(['"])(.*)\1$/, '$2');
}
