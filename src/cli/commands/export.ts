import { CommanderError } from 'commander';
import * as fs from 'fs';
import * as path from 'path';
import { entryOf, type CliCommand } from '../context';
import { kbOption } from '../options';

type ExportOptions = { out: string; includeChanges?: boolean; runbooks?: boolean; kb: string[]; json?: boolean };

export const exportCommand: CliCommand = {
  register(program, ctx) {
    program
      .command('export')
      .description('write what the KB runs in the form another tool runs it')
      .command('ansible')
      .description("write an Ansible playbook that runs an entry's diagnostics (or one: <entry>/<diagnostic>; or with --runbooks every runbook check) and saves each host's output for scan/triage --from-ansible")
      .argument('[target]', 'entry id, or entry-id/diagnostic-id')
      .option('--out <dir>', 'the folder to write (made if missing; the results are saved there too)', 'stacktales-ansible')
      .option('--include-changes', 'also the diagnostics that write or change something, tagged never (they run only with --tags)')
      .option('--runbooks', "the checks of every runbook step (of the entry, or of every entry): what triage reads")
      .addOption(kbOption())
      .option('--json', 'print {"out": dir, "files": [...], "diagnostics": [...], "left": [{"diagnostic", "reason"}]}')
      .action(async (target: string | undefined, o: ExportOptions) => {
        const { exportable, exportItems, exportPlaybook } = await import('../../core/ansible/exportPlaybook');
        const kb = ctx.openKb(o.kb);
        if (!target && !o.runbooks) throw new CommanderError(2, 'stacktales.noTarget', 'name an entry (or entry/diagnostic), or use --runbooks for every runbook check');
        const [entryId, diagId] = (target ?? '').split('/');
        const entries = target ? [entryOf(kb, entryId).entry] : kb.entries.map((e) => e.entry);
        let chosen;
        try {
          chosen = exportItems(entries, { diagnostic: diagId, runbooks: o.runbooks });
        } catch (e) {
          throw new CommanderError(2, 'stacktales.badDiagnostic', (e as Error).message);
        }
        const { items, left } = exportable(chosen, o.includeChanges);
        if (!items.length) throw new CommanderError(2, 'stacktales.nothingToExport', `nothing to export: ${left.map((l) => `${l.diagnostic} (${l.reason})`).join('; ')}`);
        const title = target ? `Stacktales: ${target}${o.runbooks ? ' (runbook checks)' : ''}` : 'Stacktales: the checks of every runbook (for triage)';
        const files = exportPlaybook(items, { title, includeChanges: o.includeChanges });
        for (const [rel, text] of Object.entries(files)) {
          fs.mkdirSync(path.dirname(path.join(o.out, rel)), { recursive: true });
          fs.writeFileSync(path.join(o.out, rel), text);
        }
        for (const l of left) ctx.err(`stacktales: not exported: ${l.diagnostic}: ${l.reason}\n`);
        const diagnostics = items.map((i) => `${i.entry.id}/${i.diagnostic.id}`);
        if (o.json) ctx.outJson({ out: o.out, files: Object.keys(files), diagnostics, left });
        else ctx.out(`wrote ${path.join(o.out, 'playbook.yml')} for ${diagnostics.length} diagnostic(s); run it with: ansible-playbook -i INVENTORY ${path.join(o.out, 'playbook.yml')}; then: stacktales scan --from-ansible ${o.out}\n`);
      });
  },
};
