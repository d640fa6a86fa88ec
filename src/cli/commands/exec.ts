import type { CliCommand } from '../context';
import { printResults } from '../format';
import { addSshOptions, hostsOf, withRunner, type SshCliOptions } from '../sshOptions';

export const execCommand: CliCommand = {
  register(program, ctx) {
    addSshOptions(
      program
        .command('exec')
        .description('run an ad-hoc command on hosts: stacktales exec --host h1 --host h2 -- uptime')
        .argument('<command...>', 'the command (after --)')
        .option('--json', 'print {"results": [...]}'),
    ).action(async (words: string[], o: SshCliOptions) => {
      const { findingsOf } = await import('../../core/run/plan');
      const { compileDetectors } = await import('../../core/detect/compile');
      const hosts = hostsOf(o);
      await withRunner(o, ctx.err, async (runner) => {
        const command = words.join(' ');
        const results = await runner.runAll(hosts.map((host) => ({ host, command })));
        const kb = ctx.openKb([]);
        const detectors = compileDetectors(kb.entries);
        await printResults(ctx, kb, results, (i) => findingsOf(detectors, results[i]), o.json);
      });
    });
  },
};
