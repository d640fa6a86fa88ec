import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands';
import { cliContext } from './context';

/** The stacktales program: each subcommand (src/cli/commands/) registers itself on it. */
export function buildProgram(out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Command {
  const program = new Command('stacktales')
    .description('Troubleshoot OpenStack clouds with the tales of those who ran them.')
    .version('0.1.0')
    .exitOverride()
    // Commander's own errors (an unknown option, a bad value) in the words of every other error, said once.
    .configureOutput({ writeOut: out, writeErr: err, outputError: (s, write) => write(`stacktales: ${s.replace(/^error: /, '')}`) });
  const ctx = cliContext(out, err);
  for (const c of COMMANDS) c.register(program, ctx);
  return program;
}

/** Exit codes: 0 ran, 1 ran and found problems (kb check), 2 bad usage. */
export async function main(argv: string[]): Promise<void> {
  // `stacktales … | head`: the reader left; that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? process.exit(0) : undefined));
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') process.exit(0);
      // Commander has said its own errors (outputError above); ours are said here.
      if (e.code.startsWith('stacktales.')) process.stderr.write(`stacktales: ${e.message}\n`);
      process.exit(e.code === 'stacktales.kbInvalid' || e.code === 'stacktales.labFailed' ? 1 : 2);
    }
    // Anything else thrown from an action (a file that cannot be read) is bad usage too.
    process.stderr.write(`stacktales: ${(e as Error).message}\n`);
    process.exit(2);
  }
}

if (require.main === module) void main(process.argv.slice(2));
