import { entryOf, type CliCommand } from '../context';
import { collect, kbOption, namedValues, paramOption, walkContextOf } from '../options';
import { addSshOptions, hostsOf, withRunner, type SshCliOptions } from '../sshOptions';

export const runbookCommand: CliCommand = {
  register(program, { out, err, outJson, openKb }) {
    addSshOptions(
      program
        .command('runbook')
        .description("walk an entry's runbook on hosts: read-only checks run, questions take --answer")
        .argument('<entry>', 'entry id')
        .option('--answer <step=value>', 'answer to a question step: yes/no, or pasted text (repeatable)', collect, [])
        .addOption(paramOption())
        .addOption(kbOption())
        .option('--json', 'print {"entry", "steps": [...], "conclusion"}'),
    ).action(async (id: string, o: SshCliOptions & { answer: string[]; param: string[]; kb: string[] }) => {
      const { walkRunbook } = await import('../../core/runbook/engine');
      const kb = openKb(o.kb);
      const e = entryOf(kb, id);
      const values = await namedValues(kb, [e.entry], o);
      const hosts = hostsOf(o);
      await withRunner(o, err, async (runner) => {
        const walk = await walkRunbook(e.entry, await walkContextOf(kb, [e.entry], hosts, values, runner));
        const conclusion = walk.conclusion ?? 'inconclusive';
        if (o.json) {
          outJson({ entry: e.entry.id, steps: walk.steps.map((s) => ({ id: s.id, host: s.hosts.join(','), outcome: s.outcome, evidence: s.evidence })), conclusion });
          return;
        }
        for (const s of walk.steps) out(`${s.outcome.padEnd(12)} ${s.id}${s.hosts.length ? ` on ${s.hosts.join(', ')}` : ''}${s.evidence.length ? `\n             ${s.evidence.join('\n             ')}` : ''}\n`);
        out(`conclusion: ${conclusion}\n`);
      });
    });
  },
};
