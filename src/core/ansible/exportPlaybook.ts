import { stringify } from 'yaml';
import { DEFAULT_COMMAND_TIMEOUT_S, VALIDATORS } from '../kb/commandTemplate';
import type { Diagnostic, Entry, Param, Role } from '../kb/types';
import { isManual } from '../run/plan';
import { GROUP_PATTERNS } from '../hosts/types';

/** What to export: diagnostics of entries, each with its entry. */
export interface ExportItem {
  entry: Entry;
  diagnostic: Diagnostic;
}

export interface ExportOptions {
  /** Also export the diagnostics that write or change something: tagged `never`, they run only with --tags. */
  includeChanges?: boolean;
  /** What the playbook is for, said in its README. */
  title: string;
}

/** The files of an export: path relative to the output folder → text. */
export type ExportFiles = Record<string, string>;

/** The file a diagnostic's output is saved under, per host: `<entry>.<diagnostic>.{out,err,rc,cmd}`. */
export const resultBase = (entry: string, diagnostic: string): string => `${entry}.${diagnostic}`;

/**
 * What an export of these entries holds: one diagnostic, the checks of their runbooks' steps, or
 * all their diagnostics. Throws when the named diagnostic is not the entry's.
 */
export function exportItems(entries: readonly Entry[], o: { diagnostic?: string; runbooks?: boolean } = {}): ExportItem[] {
  return entries.flatMap((entry) => {
    const inRunbook = new Set(entry.runbook.steps.flatMap((s) => ('diagnostic' in s.check ? [s.check.diagnostic] : [])));
    const ds = entry.diagnostics.filter((d) => (o.diagnostic ? d.id === o.diagnostic : !o.runbooks || inRunbook.has(d.id)));
    if (o.diagnostic && !ds.length) throw new Error(`entry "${entry.id}" has no diagnostic "${o.diagnostic}"`);
    return ds.map((diagnostic) => ({ entry, diagnostic }));
  });
}

/**
 * The diagnostics to export: those that run in a shell (not on a switch or in a guest), read
 * only unless changes are asked for. Returns them with why the others are left out.
 */
export function exportable(items: readonly ExportItem[], includeChanges = false): { items: ExportItem[]; left: { diagnostic: string; reason: string }[] } {
  const out: ExportItem[] = [];
  const left: { diagnostic: string; reason: string }[] = [];
  for (const i of items) {
    const id = `${i.entry.id}/${i.diagnostic.id}`;
    if (isManual(i.diagnostic)) left.push({ diagnostic: id, reason: `runs on a ${i.diagnostic.roles.join('/')}: shown, not run` });
    else if (i.diagnostic.effect !== 'read' && !includeChanges) left.push({ diagnostic: id, reason: 'writes or changes something: exported only with --include-changes' });
    else out.push(i);
  }
  return { items: out, left };
}

/**
 * A playbook and its role that run the diagnostics on the hosts of their roles and fetch each
 * host's stdout, stderr, exit code and command into `<results>/<host>/<entry>.<diagnostic>.*`,
 * which `stacktales scan --from-ansible` and `triage --from-ansible` read.
 * - Parameters are variables (`stacktales_param_<name>`, defaults from the KB), checked with the
 *   same patterns as the SSH runner's (assert) and shell-quoted (`| quote`).
 * - Each command has the runner's timeout and `become` where the diagnostic needs root.
 * - The KB's command text is passed through as is ({% raw %}), never as Jinja.
 * - Changing commands (only with includeChanges) are tagged `never` and their effect.
 */
export function exportPlaybook(items: readonly ExportItem[], o: ExportOptions): ExportFiles {
  const params = new Map<string, Param>();
  for (const { diagnostic } of items) for (const p of diagnostic.params ?? []) if (placeholdersOf(diagnostic.command).includes(p.name)) params.set(p.name, p);
  const tasks: unknown[] = [];
  tasks.push({
    name: 'Stacktales roles of this host, from its inventory groups (as the SSH runner reads them)',
    'ansible.builtin.set_fact': {
      stacktales_roles: `{{ [${Object.entries(GROUP_PATTERNS)
        .map(([role, re]) => `'${role}' if (group_names | select('match', '${pythonRegex(`(?i)${re}`)}') | list) else ''`)
        .join(', ')}] | select | list }}`,
    },
    tags: ['always'],
  });
  tasks.push({
    name: 'A folder for this host\'s results',
    'ansible.builtin.file': { path: '{{ stacktales_results }}/{{ inventory_hostname }}', state: 'directory', mode: '0700' },
    delegate_to: 'localhost',
    become: false,
    tags: ['always'],
  });
  for (const p of params.values()) {
    const v = `stacktales_param_${p.name}`;
    const checks = [`${v} | string is match('${pythonRegex(VALIDATORS[p.type].source)}')`];
    if (p.type === 'path') checks.push(`'..' not in (${v} | string).split('/')`);
    if (p.type === 'word' || p.type === 'interface') checks.push(`'..' not in (${v} | string)`);
    tasks.push({
      name: `Check parameter ${p.name} (${p.type})`,
      'ansible.builtin.assert': { that: checks, fail_msg: `parameter "${p.name}" is not a valid ${p.type}: {{ ${v} | default('(not set)') | to_json }}`, quiet: true },
      delegate_to: 'localhost',
      run_once: true,
      // A parameter without a default and not given: the diagnostics that need it are left out, as `run` leaves them.
      ...(p.default === undefined ? { when: `${v} is defined` } : {}),
      tags: ['always'],
    });
  }
  for (const { entry, diagnostic: d } of items) {
    const base = resultBase(entry.id, d.id);
    const changes = d.effect !== 'read';
    const tags = changes ? ['never', d.effect, base] : ['read', base];
    const needed = placeholdersOf(d.command).map((n) => params.get(n)!).filter((p) => p.default === undefined);
    const when = [`stacktales_roles | intersect(${JSON.stringify(d.roles as Role[])}) | length > 0`, ...needed.map((p) => `stacktales_param_${p.name} is defined`)];
    tasks.push({
      name: `${entry.id}/${d.id}: ${d.title.en}`,
      'ansible.builtin.shell': { cmd: commandTemplate(d.command), executable: '/bin/sh' },
      ...(d.root ? { become: true } : {}),
      timeout: `{{ stacktales_timeout | default(${DEFAULT_COMMAND_TIMEOUT_S}) | int }}`,
      register: 'stacktales_result',
      failed_when: false,
      changed_when: changes,
      when,
      tags,
    });
    tasks.push({
      name: `${entry.id}/${d.id}: save stdout, stderr, exit code and command`,
      'ansible.builtin.copy': { dest: `{{ stacktales_results }}/{{ inventory_hostname }}/${base}.{{ item.ext }}`, content: '{{ item.text }}', mode: '0600' },
      // Ansible strips an output's last line break: it is put back (a real line break in the template, Jinja reads no escapes here).
      loop: [
        { ext: 'out', text: "{{ stacktales_result.stdout | default('') }}{% if stacktales_result.stdout | default('') %}\n{% endif %}" },
        { ext: 'err', text: "{{ stacktales_result.stderr | default(stacktales_result.msg | default('')) }}{% if stacktales_result.stderr | default(stacktales_result.msg | default('')) %}\n{% endif %}" },
        { ext: 'rc', text: "{{ stacktales_result.rc | default('') }}\n" },
        { ext: 'cmd', text: "{{ stacktales_result.cmd | default('') }}\n" },
      ],
      loop_control: { label: '{{ item.ext }}' },
      delegate_to: 'localhost',
      become: false,
      when,
      tags,
    });
  }
  tasks.push({
    name: 'Save the host groups (stacktales reads the roles from them)',
    'ansible.builtin.copy': { dest: '{{ stacktales_results }}/{{ inventory_hostname }}/groups.json', content: '{{ group_names | to_json }}\n', mode: '0600' },
    delegate_to: 'localhost',
    become: false,
    tags: ['always'],
  });
  const defaults = Object.fromEntries([...params.values()].filter((p) => p.default !== undefined).map((p) => [`stacktales_param_${p.name}`, String(p.default)]));
  const header = '# Written by `stacktales export ansible`: the KB\'s commands, unchanged, in raw blocks.\n';
  return {
    'playbook.yml':
      header +
      stringify(
        [
          {
            name: o.title,
            hosts: "{{ stacktales_hosts | default('all') }}",
            gather_facts: false,
            vars: { stacktales_results: "{{ playbook_dir }}" },
            roles: ['stacktales'],
          },
        ],
        { lineWidth: 0 },
      ),
    'roles/stacktales/tasks/main.yml': header + stringify(tasks, { lineWidth: 0 }),
    'roles/stacktales/defaults/main.yml': header + stringify({ stacktales_timeout: DEFAULT_COMMAND_TIMEOUT_S, ...defaults }, { lineWidth: 0 }),
    'README.md': readme(o, items, [...params.values()]),
  };
}

const PLACEHOLDER = /\{\{([a-z][a-z0-9_]*)\}\}/g;
const placeholdersOf = (command: string) => [...command.matchAll(PLACEHOLDER)].map((m) => m[1]);

/** The command as an Ansible template: the KB's text raw, each placeholder its quoted variable. */
export function commandTemplate(command: string): string {
  const parts = command.split(/\{\{([a-z][a-z0-9_]*)\}\}/);
  return parts.map((p, i) => (i % 2 ? `{{ stacktales_param_${p} | string | quote }}` : p ? `{% raw %}${p}{% endraw %}` : '')).join('');
}

/** A JavaScript pattern as Python's re reads it: `$` is the very end (Python's also matches before a final newline). */
function pythonRegex(source: string): string {
  return source.replace(/(?<!\\)\$/g, '\\Z').replace(/'/g, "\\'");
}

function readme(o: ExportOptions, items: readonly ExportItem[], params: Param[]): string {
  return `# ${o.title}

Written by \`stacktales export ansible\`. It runs these diagnostics on the hosts of their roles and
saves each host's output where Stacktales reads it back:

${items.map(({ entry, diagnostic: d }) => `- \`${entry.id}/${d.id}\` (${d.roles.join(', ')}${d.root ? ', as root' : ''}${d.effect !== 'read' ? `, ${d.effect}: tagged never` : ''}): ${d.title.en}`).join('\n')}

Run it with your inventory (groups named like kolla-ansible's or OpenStack-Ansible's: control,
compute, network, …):

    ansible-playbook -i INVENTORY playbook.yml${params.length ? ' -e stacktales_param_NAME=VALUE' : ''}

Then read the results:

    stacktales scan --from-ansible .        # findings per host, as \`stacktales run\` prints them
    stacktales triage --from-ansible .      # the tales ranked, as \`stacktales triage\` ranks them

Each host's results are in \`<host>/<entry>.<diagnostic>.out\`, \`.err\`, \`.rc\` and \`.cmd\`, and its
groups in \`<host>/groups.json\`. \`-e stacktales_results=DIR\` saves them elsewhere,
\`-e stacktales_timeout=SECONDS\` changes each command's timeout (default ${DEFAULT_COMMAND_TIMEOUT_S}),
\`-e stacktales_hosts=PATTERN\` limits the hosts.
${params.length ? `\nParameters (checked before anything runs, shell-quoted in every command):\n\n${params.map((p) => `- \`stacktales_param_${p.name}\` (${p.type}${p.default !== undefined ? `, default ${p.default}` : ', required'})`).join('\n')}\n` : ''}${items.some((i) => i.diagnostic.effect !== 'read') ? '\nCommands that write or change something are tagged `never`: they run only when named, e.g. `--tags ENTRY.DIAGNOSTIC`, after their backup step.\n' : ''}`;
}
