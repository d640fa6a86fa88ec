import { CommanderError } from 'commander';
import * as fs from 'fs';
import * as path from 'path';
import { formatProblem } from '../../core/kb/types';
import { makeBundle } from '../../core/knowledge/knowledgeBase';
import { loadKb } from '../../core/knowledge/loadKb';
import type { CliCommand } from '../context';

/** kb check, kb new and kb build: for those who write entries, and for the build. */
export const kbCommand: CliCommand = {
  register(program, { out, err, outJson, builtinDir }) {
    const kbCmd = program.command('kb').description('work on the knowledge base');
    kbCmd
      .command('check')
      .description('validate entry folders (schema, ids, patterns, references, runbooks, evidence); exit 1 on any problem')
      .argument('[dirs...]', 'KB folders or entry folders (default: the built-in KB, whose evidence gaps are problems too)')
      .option('--json', 'print {"entries": n, "problems": [...], "warnings": [...]}')
      .action((dirs: string[], o: { json?: boolean }) => {
        // The built-in KB must cite its evidence; a user's entries are told where theirs is missing.
        const builtin = !dirs.length;
        const r = loadKb((builtin ? [builtinDir] : dirs).map((dir) => ({ dir, origin: builtin ? ('builtin' as const) : ('user' as const) })));
        const problems = builtin ? [...r.problems, ...r.gaps] : r.problems;
        const warnings = builtin ? [] : r.gaps;
        if (o.json) outJson({ entries: r.entries.length, problems, warnings });
        else {
          for (const p of problems) out(formatProblem(p) + '\n');
          for (const p of warnings) out(`${formatProblem(p)} (warning)\n`);
          out(`${r.entries.length} entries OK, ${problems.length} problem(s)${warnings.length ? `, ${warnings.length} warning(s)` : ''}\n`);
        }
        if (problems.length) process.exitCode = 1;
      });
    kbCmd
      .command('new')
      .description('write a new entry folder that passes every check, its texts marked FILL IN')
      .argument('<id>', 'the entry id: lower-case letters, digits and hyphens (also the folder name)')
      .option('--dir <dir>', 'the folder of your entries', '.')
      .action(async (id: string, o: { dir: string }) => {
        const { writeNewEntry } = await import('../../core/kb/newEntry');
        let dir: string;
        try {
          dir = writeNewEntry(o.dir, id);
        } catch (e) {
          throw new CommanderError(2, 'stacktales.badEntry', (e as Error).message);
        }
        out(`wrote ${dir}/entry.yaml, en.md, de.md\nnext: replace every FILL IN, then: npx stacktales kb check ${dir}\n`);
      });
    kbCmd
      .command('build')
      .description('write the KB bundle with prebuilt search indexes (used by the build)')
      .requiredOption('--out <file>')
      .argument('[dir]', 'KB folder', builtinDir)
      .action((dir: string, o: { out: string }) => {
        const r = loadKb([{ dir, origin: 'builtin' }]);
        if (r.problems.length) {
          for (const p of r.problems) err(formatProblem(p) + '\n');
          throw new CommanderError(1, 'stacktales.kbInvalid', 'the KB has problems; bundle not written');
        }
        const bundle = makeBundle(r.entries, path.dirname(path.resolve(o.out)));
        fs.writeFileSync(o.out, JSON.stringify(bundle));
        out(`wrote ${o.out}: ${r.entries.length} entries, digest ${bundle.digest}\n`);
      });
  },
};
