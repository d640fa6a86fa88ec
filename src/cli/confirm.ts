import * as readline from 'readline';
import { atTerminal } from './ask';
import type { Entry } from '../core/kb/types';
import type { PlannedRun } from '../core/run/plan';

/** What the confirmation says a command does, by its effect. */
const WHAT = { 'write-new': 'These commands WRITE NEW FILES on the hosts they run on (nothing that exists changes):', change: 'These commands CHANGE the systems they run on:' } as const;

/**
 * A command that writes new files or changes a system runs only after a person at a terminal
 * has seen the exact command and host and typed "yes"; a change's backup step is shown first.
 * Without a terminal (scripts, CI) the answer is no.
 */
export async function confirmConsent(runs: PlannedRun[], entry: Entry): Promise<boolean> {
  if (!atTerminal()) return false;
  const w = (s: string) => process.stderr.write(s);
  const effect = runs.some((r) => r.diagnostic.effect === 'change') ? 'change' : 'write-new';
  w(`\n${WHAT[effect]}\n`);
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
