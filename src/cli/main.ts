import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import * as fs from 'fs';
import * as path from 'path';
import { KnowledgeBase, makeBundle } from '../core/kb/knowledgeBase';
import { loadKb } from '../core/kb/loadKb';
import { formatProblem, type Lang } from '../core/kb/types';

/** Where the shipped KB lives relative to dist/cli.js (and to out/src/cli/main.js in tests). */
function defaultPaths(): { bundleFile: string; builtinDir: string } {
  const root = fs.existsSync(path.join(__dirname, '..', 'kb')) ? path.join(__dirname, '..') : path.join(__dirname, '..', '..', '..');
  return { bundleFile: path.join(__dirname, 'kb.json'), builtinDir: path.join(root, 'kb') };
}

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};

const collect = (v: string, prev: string[]) => [...prev, v];

export function buildProgram(out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Command {
  const program = new Command('stacktales')
    .description('Troubleshoot OpenStack clouds with the tales of those who ran them.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err });

  const openKb = (extra: string[]) => {
    const kb = KnowledgeBase.open({ ...defaultPaths(), userDirs: extra });
    for (const p of kb.problems) err(`stacktales: ${formatProblem(p)}\n`);
    return kb;
  };

  program
    .command('search')
    .description('find the entry for a symptom, a log line or command output ("-" reads standard input)')
    .argument('<query...>', 'what you see; several words are joined')
    .addOption(new Option('--lang <lang>', 'language of titles and of the weighting').choices(['en', 'de']).default('en'))
    .option('--limit <n>', 'at most this many results', positiveInt, 5)
    .option('--kb <dir>', 'a folder of extra entries (repeatable)', collect, [])
    .option('--json', 'print one JSON object')
    .action((words: string[], o: { lang: Lang; limit: number; kb: string[]; json?: boolean }) => {
      const query = words.length === 1 && words[0] === '-' ? fs.readFileSync(0, 'utf8') : words.join(' ');
      const kb = openKb(o.kb);
      const results = kb.search.search(query, { lang: o.lang, limit: o.limit });
      if (o.json) {
        out(JSON.stringify({ query, results: results.map((r) => ({ id: r.id, title: r.title, score: r.score })) }) + '\n');
        return;
      }
      if (!results.length) out('no entry matches\n');
      results.forEach((r, i) => out(`${i + 1}. ${r.id}  ${r.title}  (${r.score})\n   ${r.match?.kind === 'signal' ? 'signal' : 'symptom'}: ${r.match?.text ?? ''}\n`));
    });

  program
    .command('show')
    .description('print an entry')
    .argument('<id>')
    .addOption(new Option('--lang <lang>').choices(['en', 'de']).default('en'))
    .option('--kb <dir>', 'a folder of extra entries (repeatable)', collect, [])
    .action((id: string, o: { lang: Lang; kb: string[] }) => {
      const e = openKb(o.kb).get(id);
      if (!e) throw new CommanderError(2, 'stacktales.unknownEntry', `unknown entry "${id}"`);
      out(`# ${e.entry.title[o.lang]}\n\n${e.entry.summary[o.lang]}\n\n${e.prose[o.lang]}`);
    });

  program
    .command('scan')
    .description('find the tales in files, folders (a sosreport, collected logs) or standard input ("-")')
    .argument('<paths...>', 'files, folders, or - for standard input')
    .option('--kb <dir>', 'a folder of extra entries (repeatable)', collect, [])
    .option('--disable <entry>', 'turn an entry\'s detectors off (repeatable)', collect, [])
    .option('--json', 'print {"findings": [...], "files": n, "bytes": n}')
    .action(async (paths: string[], o: { kb: string[]; disable: string[]; json?: boolean }) => {
      const { compileDetectors } = await import('../core/detect/compile');
      const { scanPaths } = await import('../core/detect/scanFiles');
      const kb = openKb(o.kb);
      const report = await scanPaths(compileDetectors(kb.entries, { disabled: o.disable }), paths);
      for (const s of report.skipped) err(`stacktales: skipped ${s.file}: ${s.reason}\n`);
      if (o.json) {
        const findings = report.findings.map((f) => ({ file: f.file, line: f.line, entry: f.entry, signal: f.signal, severity: f.severity, message: f.message }));
        out(JSON.stringify({ findings, files: report.files, bytes: report.bytes }) + '\n');
        return;
      }
      for (const f of report.findings) {
        out(`${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.entry}/${f.signal}]${f.next ? ` next: ${f.next}` : ''}\n`);
      }
      out(`${report.findings.length} finding(s) in ${report.files} file(s), ${report.bytes} bytes\n`);
    });

  const kbCmd = program.command('kb').description('work on the knowledge base');
  kbCmd
    .command('check')
    .description('validate entry folders (schema, ids, patterns, references, runbooks); exit 1 on any problem')
    .argument('[dirs...]', 'KB folders or entry folders (default: the built-in KB)')
    .option('--json', 'print {"entries": n, "problems": [...]}')
    .action((dirs: string[], o: { json?: boolean }) => {
      const targets = dirs.length ? dirs : [defaultPaths().builtinDir];
      const r = loadKb(targets.map((dir) => ({ dir, origin: 'user' as const })));
      if (o.json) out(JSON.stringify({ entries: r.entries.length, problems: r.problems }) + '\n');
      else {
        for (const p of r.problems) out(formatProblem(p) + '\n');
        out(`${r.entries.length} entries OK, ${r.problems.length} problem(s)\n`);
      }
      if (r.problems.length) process.exitCode = 1;
    });
  kbCmd
    .command('build')
    .description('write the KB bundle with prebuilt search indexes (used by the build)')
    .requiredOption('--out <file>')
    .argument('[dir]', 'KB folder', defaultPaths().builtinDir)
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
  return program;
}

/** Exit codes: 0 ran, 1 ran and found problems (kb check), 2 bad usage. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') process.exit(0);
      if (e.code.startsWith('stacktales.')) process.stderr.write(`stacktales: ${e.message}\n`);
      process.exit(e.code === 'stacktales.kbInvalid' ? 1 : 2);
    }
    process.stderr.write(`stacktales: ${(e as Error).message}\n`);
    process.exit(2);
  }
}

if (require.main === module) void main(process.argv.slice(2));
