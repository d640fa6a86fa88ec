import * as readline from 'readline';
import type { Entry } from '../core/kb/types';
import type { PlannedRun } from '../core/run/plan';

/**
 * A command that changes a system runs only after a person at a terminal has seen the exact
 * command and host and typed "yes"; its backup step is shown first. Without a terminal
 * (scripts, CI) the answer is no.
 */
export async function confirmMutating(runs: PlannedRun[], entry: Entry): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return false;
  const w = (s: string) => process.stderr.write(s);
  w('\nThese commands CHANGE the systems they run on:\n');
  for (const r of runs) {
    w(`  ${r.host.name} (${r.host.user}@${r.host.address}:${r.host.port}):  ${r.command}\n`);
    const backup = entry.diagnostics.find((d) => d.id === r.diagnostic.backup);
    if (backup) w(`    back up first with "${backup.title.en}":  stacktales run ${entry.id}/${backup.id} --host ${r.host.name}\n`);
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise<string>((resolve) => rl.question('Type "yes" to run them: ', resolve));
  rl.close();
  return answer.trim() === 'yes';
}
