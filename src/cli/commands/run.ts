import { CommanderError } from 'commander';
import { confirmConsent } from '../confirm';
import { entryOf, type CliCommand } from '../context';
import { printResults } from '../format';
import type { HostFacts } from '../../core/run/facts';
import { factsOf, kbOption, namedValues, paramOption } from '../options';
import { addSshOptions, hostsOf, withRunner, type SshCliOptions } from '../sshOptions';

export const runCommand: CliCommand = {
  register(program, ctx) {
    addSshOptions(
      program
        .command('run')
        .description("run an entry's diagnostics (or one: <entry>/<diagnostic>) over SSH and read their output")
        .argument('<target>', 'entry id, or entry-id/diagnostic-id')
        .addOption(paramOption())
        .addOption(kbOption())
        .option('--json', 'print {"results": [...]}'),
    ).action(async (target: string, o: SshCliOptions & { param: string[]; kb: string[] }) => {
      const { planRuns, findingsOf } = await import('../../core/run/plan');
      const { compileDetectors } = await import('../../core/detect/compile');
      const [entryId, diagId] = target.split('/');
      const kb = ctx.openKb(o.kb);
      const e = entryOf(kb, entryId);
      const { params } = await namedValues(kb, [e.entry], o);
      const plan = (facts?: ReadonlyMap<string, HostFacts>) => {
        try {
          return planRuns(e.entry, diagId, hostsOf(o), params, facts);
        } catch (err) {
          throw new CommanderError(2, 'stacktales.badParam', (err as Error).message);
        }
      };
      // Bad input is said before any host is reached; the hosts' facts (a probe) only then.
      plan();
      await withRunner(o, ctx.err, async (runner) => {
        const { runs, skipped, consent } = plan(await factsOf(e.entry.diagnostics.filter((d) => !diagId || d.id === diagId), hostsOf(o), runner));
        for (const s of skipped) ctx.err(`stacktales: not run: ${s.diagnostic}: ${s.reason}\n`);
        if (consent.length && !(await confirmConsent(consent, e.entry))) {
          const what = consent.some((r) => r.diagnostic.effect === 'change') ? 'changes the system' : 'writes new files on the host';
          throw new CommanderError(2, 'stacktales.notConfirmed', `a command that ${what} needs a confirmation at a terminal; nothing was run`);
        }
        if (!runs.length) throw new CommanderError(2, 'stacktales.nothingToRun', 'no diagnostic fits these hosts (roles) and parameters');
        const results = await runner.runAll(runs);
        const detectors = compileDetectors(kb.entries);
        await printResults(ctx, kb, results, (i) => findingsOf(detectors, results[i], runs[i].diagnostic.id), o.json);
      });
    });
  },
};
