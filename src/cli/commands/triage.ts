import { CommanderError } from 'commander';
import type { CliCommand } from '../context';
import { collect, kbOption, namedValues, paramOption, walkContextOf } from '../options';
import { addSshOptions, hostsOf, withRunner, type SshCliOptions } from '../sshOptions';

export const triageCommand: CliCommand = {
  register(program, { out, err, outJson, openKb }) {
    addSshOptions(
      program
        .command('triage')
        .description('walk every entry\'s runbook without asking, up to its first evidence, and rank the entries by it')
        .addOption(paramOption())
        .option('--answer <step=value>', 'answers for entries whose first step is a question (repeatable)', collect, [])
        .addOption(kbOption())
        .option('--from-ansible <dir>', 'rank from what an exported playbook saved (stacktales export ansible --runbooks), without connecting')
        .option('--json', 'print {"ranking": [{"id", "score", "evidence"}]}'),
    ).action(async (o: SshCliOptions & { param: string[]; answer: string[]; kb: string[]; fromAnsible?: string }) => {
      const { triage } = await import('../../core/runbook/engine');
      const kb = openKb(o.kb);
      const entries = kb.entries.map((e) => e.entry);
      const values = await namedValues(kb, entries, o);
      const print = (ranking: Awaited<ReturnType<typeof triage>>) => {
        if (o.json) outJson({ ranking });
        else for (const r of ranking) out(`${String(r.score).padStart(4)}  ${r.id}${r.evidence.length ? `\n      ${r.evidence.join('\n      ')}` : ''}\n`);
      };
      if (o.fromAnsible) {
        const { readAnsibleResults, hostsOfResults, replayResults } = await import('../../core/ansible/readResults');
        const { compileDetectors } = await import('../../core/detect/compile');
        const r = readAnsibleResults(o.fromAnsible);
        for (const p of r.problems) err(`stacktales: skipped ${p.file}: ${p.reason}\n`);
        if (!r.hosts.length) throw new CommanderError(2, 'stacktales.noResults', `${o.fromAnsible} holds no saved results: run the exported playbook first`);
        return print(await triage(entries, { detectors: compileDetectors(kb.entries), hosts: hostsOfResults(r), ...values, execute: replayResults(r) }));
      }
      const hosts = hostsOf(o);
      await withRunner(o, err, async (runner) => {
        print(await triage(entries, await walkContextOf(kb, entries, hosts, values, runner)));
      });
    });
  },
};
