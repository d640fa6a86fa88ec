import { CommanderError } from 'commander';
import * as fs from 'fs';
import * as path from 'path';
import { formatProblem } from '../../core/kb/types';
import { makeBundle } from '../../core/knowledge/knowledgeBase';
import { unfilledLines } from '../../core/kb/newEntry';
import { loadKb } from '../../core/knowledge/loadKb';
import type { CliCommand } from '../context';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

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
        // A folder named on the command line that is not there is bad usage, said before anything is checked.
        for (const dir of dirs) {
          const st = fs.statSync(dir, { throwIfNoEntry: false });
          if (!st?.isDirectory()) throw new CommanderError(2, 'stacktales.badPath', `cannot check ${dir}: ${st ? 'it is a file; name the folder of entries, or one entry folder' : 'there is no such folder'}`);
        }
        // The built-in KB must cite its evidence; a user's entries are told where theirs is missing.
        const builtin = !dirs.length;
        const r = loadKb((builtin ? [builtinDir] : dirs).map((dir) => ({ dir, origin: builtin ? ('builtin' as const) : ('user' as const) })));
        // A new entry loads as it is; its texts still marked FILL IN are what is left to write.
        const problems = [...r.problems, ...(builtin ? r.gaps : []), ...r.entries.flatMap((e) => unfilledLines(e.dir))];
        const warnings = builtin ? [] : r.gaps;
        const ok = r.entries.filter((e) => !problems.some((p) => p.file.startsWith(e.dir + path.sep))).length;
        if (o.json) outJson({ entries: r.entries.length, problems, warnings });
        else {
          for (const p of problems) out(formatProblem(p) + '\n');
          for (const p of warnings) out(`${formatProblem(p)} (warning)\n`);
          out(`${count(ok, 'entry', 'entries')} OK, ${count(problems.length, 'problem', 'problems')}${warnings.length ? `, ${count(warnings.length, 'warning', 'warnings')}` : ''}\n`);
        }
        if (problems.length) process.exitCode = 1;
      });
    kbCmd
      .command('new')
      .description('write a new entry folder to fill in: it loads as it is, and kb check lists each text still marked FILL IN')
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
        out(`wrote ${dir}/entry.yaml, en.md, de.md\nnext: replace every FILL IN (npx stacktales kb check ${dir} lists those left)\n`);
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
