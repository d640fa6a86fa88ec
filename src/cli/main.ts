import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import * as fs from 'fs';
import * as path from 'path';
import { KnowledgeBase, makeBundle } from '../core/knowledge/knowledgeBase';
import { loadKb } from '../core/knowledge/loadKb';
import { formatProblem, type Lang } from '../core/kb/types';
import type { Finding } from '../core/signals/finding';
import { confirmMutating } from './confirm';
import { findingJson, messageOf } from './format';
import { addSshOptions, hostsOf, runnerOf, type SshCliOptions } from './sshOptions';

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
  const errOut = err;
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

  addSshOptions(
    program
      .command('scan')
      .description('find the tales in files, folders (a sosreport, collected logs) or standard input ("-"); with --host, in remote paths or globs')
      .argument('<paths...>', 'files, folders, or - for standard input; with --host: absolute remote paths or globs')
      .option('--kb <dir>', 'a folder of extra entries (repeatable)', collect, [])
      .option('--disable <entry>', "turn an entry's detectors off (repeatable)", collect, [])
      .option('--sudo', 'read remote files with sudo -n')
      .option('--host-jobs <n>', 'with --host: split a big log into this many greps on the host (default: its CPUs, at most 4)', positiveInt)
      .option('--json', 'print {"findings": [...], "files": n, "bytes": n} (remote: and "bytesScanned", "bytesTransferred")'),
  ).action(async (paths: string[], o: SshCliOptions & { kb: string[]; disable: string[]; sudo?: boolean; hostJobs?: number }) => {
    const { compileDetectors } = await import('../core/detect/compile');
    const kb = openKb(o.kb);
    const detectors = compileDetectors(kb.entries, { disabled: o.disable });
    const line = (f: Finding) => findingJson(kb, f);
    if (o.host.length || o.inventory) {
      const { scanRemote, checkRemotePattern } = await import('../core/scan/remote');
      try {
        paths.forEach(checkRemotePattern);
      } catch (e) {
        throw new CommanderError(2, 'stacktales.badPath', (e as Error).message);
      }
      const runner = runnerOf(o, errOut);
      try {
        const r = await scanRemote(detectors, runner, hostsOf(o), paths, { sudo: o.sudo, hostJobs: o.hostJobs });
        for (const s of r.skipped) err(`stacktales: skipped ${s.host}${s.file ? `:${s.file}` : ''}: ${s.reason}\n`);
        if (o.json) {
          const findings = r.findings.map((f) => ({ host: f.host, ...line(f) }));
          out(JSON.stringify({ findings, files: r.files, bytes: r.bytesScanned, bytesScanned: r.bytesScanned, bytesTransferred: r.bytesTransferred }) + '\n');
        } else {
          for (const f of r.findings) out(`${f.host}:${f.file}:${f.line}:${f.column}: ${f.severity}: ${messageOf(kb, f)} [${f.entry}/${f.signal}]\n`);
          out(`${r.findings.length} finding(s) in ${r.files} file(s); ${r.bytesScanned} bytes scanned on the hosts, ${r.bytesTransferred} transferred\n`);
        }
        if (r.skipped.some((s) => !s.file)) process.exitCode = 1;
      } finally {
        runner.close();
      }
      return;
    }
    const { scanPaths } = await import('../core/scan/files');
    const report = await scanPaths(detectors, paths);
    for (const s of report.skipped) err(`stacktales: skipped ${s.file}: ${s.reason}\n`);
    if (o.json) {
      out(JSON.stringify({ findings: report.findings.map(line), files: report.files, bytes: report.bytes }) + '\n');
      return;
    }
    for (const f of report.findings) {
      out(`${f.file}:${f.line}:${f.column}: ${f.severity}: ${messageOf(kb, f)} [${f.entry}/${f.signal}]${f.next ? ` next: ${f.next}` : ''}\n`);
    }
    out(`${report.findings.length} finding(s) in ${report.files} file(s), ${report.bytes} bytes\n`);
  });

  const parsePairs = (pairs: string[], what: string) => {
    const out: Record<string, string> = {};
    for (const p of pairs) {
      const m = /^([A-Za-z0-9_-]+)=([\s\S]*)$/.exec(p);
      if (!m) throw new CommanderError(2, 'stacktales.badParam', `${what} wants name=value, got "${p}"`);
      out[m[1]] = m[2];
    }
    return out;
  };

  const jsonResult = (kb: KnowledgeBase, r: import('../core/ssh/types').RunResult, findings: Finding[]) => ({
    host: r.host,
    command: r.command,
    exitCode: r.exitCode,
    stdout: r.stdout,
    stderr: r.stderr,
    durationMs: r.durationMs,
    error: r.error,
    findings: findings.map((f) => findingJson(kb, f)),
  });
  const report = async (kb: KnowledgeBase, results: import('../core/ssh/types').RunResult[], findingsFor: (i: number) => Finding[], json?: boolean) => {
    const { CONNECTION_FAILURES } = await import('../core/ssh/types');
    if (json) out(JSON.stringify({ results: results.map((r, i) => jsonResult(kb, r, findingsFor(i))) }) + '\n');
    else {
      results.forEach((r, i) => {
        const status = r.error ? `${r.error.kind}` : `exit ${r.exitCode}`;
        out(`== ${r.host}: ${r.command}  (${status}, ${r.durationMs} ms)\n`);
        if (r.stdout) out(r.stdout.endsWith('\n') ? r.stdout : r.stdout + '\n');
        if (r.stderr) out(r.stderr.split('\n').filter(Boolean).map((l) => `[stderr] ${l}`).join('\n') + '\n');
        if (r.error) out(`[${r.error.kind}] ${r.error.message}\n`);
        for (const f of findingsFor(i)) out(`[${f.severity}] ${f.entry}/${f.signal} line ${f.line}: ${messageOf(kb, f)}\n`);
      });
    }
    if (results.some((r) => r.error && CONNECTION_FAILURES.has(r.error.kind))) process.exitCode = 1;
  };

  addSshOptions(
    program
      .command('run')
      .description("run an entry's diagnostics (or one: <entry>/<diagnostic>) over SSH and read their output")
      .argument('<target>', 'entry id, or entry-id/diagnostic-id')
      .option('--param <k=v>', 'a diagnostic parameter (repeatable)', collect, [])
      .option('--kb <dir>', 'a folder of extra entries (repeatable)', collect, [])
      .option('--json', 'print {"results": [...]}'),
  ).action(async (target: string, o: SshCliOptions & { param: string[]; kb: string[] }) => {
    const { planRuns, findingsOf } = await import('../core/run/plan');
    const { compileDetectors } = await import('../core/detect/compile');
    const [entryId, diagId] = target.split('/');
    const kb = openKb(o.kb);
    const e = kb.get(entryId);
    if (!e) throw new CommanderError(2, 'stacktales.unknownEntry', `unknown entry "${entryId}"`);
    let plan;
    try {
      plan = planRuns(e.entry, diagId, hostsOf(o), parsePairs(o.param, '--param'));
    } catch (err) {
      throw new CommanderError(2, 'stacktales.badParam', (err as Error).message);
    }
    for (const s of plan.skipped) errOut(`stacktales: not run: ${s.diagnostic}: ${s.reason}\n`);
    if (plan.mutating.length && !(await confirmMutating(plan.mutating, e.entry))) {
      throw new CommanderError(2, 'stacktales.notConfirmed', 'a command that changes the system needs a confirmation at a terminal; nothing was run');
    }
    if (!plan.runs.length) throw new CommanderError(2, 'stacktales.nothingToRun', 'no diagnostic fits these hosts (roles) and parameters');
    const runner = runnerOf(o, errOut);
    try {
      const results = await runner.runAll(plan.runs);
      const detectors = compileDetectors(kb.entries);
      await report(kb, results, (i) => findingsOf(detectors, results[i], plan.runs[i].diagnostic.id), o.json);
    } finally {
      runner.close();
    }
  });

  addSshOptions(
    program
      .command('exec')
      .description('run an ad-hoc command on hosts: stacktales exec --host h1 --host h2 -- uptime')
      .argument('<command...>', 'the command (after --)')
      .option('--json', 'print {"results": [...]}'),
  ).action(async (words: string[], o: SshCliOptions) => {
    const { findingsOf } = await import('../core/run/plan');
    const { compileDetectors } = await import('../core/detect/compile');
    const hosts = hostsOf(o);
    const runner = runnerOf(o, errOut);
    try {
      const command = words.join(' ');
      const results = await runner.runAll(hosts.map((host) => ({ host, command })));
      const kb = openKb([]);
      const detectors = compileDetectors(kb.entries);
      await report(kb, results, (i) => findingsOf(detectors, results[i]), o.json);
    } finally {
      runner.close();
    }
  });

  addSshOptions(
    program
      .command('runbook')
      .description("walk an entry's runbook on hosts: read-only checks run, questions take --answer")
      .argument('<entry>', 'entry id')
      .option('--answer <step=value>', 'answer to a question step: yes/no, or pasted text (repeatable)', collect, [])
      .option('--param <k=v>', 'a diagnostic parameter (repeatable)', collect, [])
      .option('--kb <dir>', 'a folder of extra entries (repeatable)', collect, [])
      .option('--json', 'print {"entry", "steps": [...], "conclusion"}'),
  ).action(async (id: string, o: SshCliOptions & { answer: string[]; param: string[]; kb: string[] }) => {
    const { walkRunbook } = await import('../core/runbook/engine');
    const { compileDetectors } = await import('../core/detect/compile');
    const kb = openKb(o.kb);
    const e = kb.get(id);
    if (!e) throw new CommanderError(2, 'stacktales.unknownEntry', `unknown entry "${id}"`);
    const hosts = hostsOf(o);
    const runner = runnerOf(o, errOut);
    try {
      const walk = await walkRunbook(e.entry, { detectors: compileDetectors(kb.entries), hosts, params: parsePairs(o.param, '--param'), answers: parsePairs(o.answer, '--answer'), execute: (runs) => runner.runAll(runs) });
      const steps = walk.steps.map((s) => ({ id: s.id, host: s.hosts.join(','), outcome: s.outcome, evidence: s.evidence }));
      if (o.json) out(JSON.stringify({ entry: e.entry.id, steps, conclusion: walk.conclusion ?? 'inconclusive' }) + '\n');
      else {
        for (const s of walk.steps) out(`${s.outcome.padEnd(12)} ${s.id}${s.hosts.length ? ` on ${s.hosts.join(', ')}` : ''}${s.evidence.length ? `\n             ${s.evidence.join('\n             ')}` : ''}\n`);
        out(`conclusion: ${walk.conclusion ?? 'inconclusive'}\n`);
      }
    } finally {
      runner.close();
    }
  });

  addSshOptions(
    program
      .command('triage')
      .description('run the first check of every entry on the hosts and rank the entries by evidence')
      .option('--param <k=v>', 'a diagnostic parameter (repeatable)', collect, [])
      .option('--answer <step=value>', 'answers for entries whose first step is a question (repeatable)', collect, [])
      .option('--kb <dir>', 'a folder of extra entries (repeatable)', collect, [])
      .option('--json', 'print {"ranking": [{"id", "score", "evidence"}]}'),
  ).action(async (o: SshCliOptions & { param: string[]; answer: string[]; kb: string[] }) => {
    const { triage } = await import('../core/runbook/engine');
    const { compileDetectors } = await import('../core/detect/compile');
    const kb = openKb(o.kb);
    const hosts = hostsOf(o);
    const runner = runnerOf(o, errOut);
    try {
      const ranking = await triage(kb.entries.map((e) => e.entry), { detectors: compileDetectors(kb.entries), hosts, params: parsePairs(o.param, '--param'), answers: parsePairs(o.answer, '--answer'), execute: (runs) => runner.runAll(runs) });
      if (o.json) out(JSON.stringify({ ranking }) + '\n');
      else for (const r of ranking) out(`${String(r.score).padStart(4)}  ${r.id}${r.evidence.length ? `\n      ${r.evidence.join('\n      ')}` : ''}\n`);
    } finally {
      runner.close();
    }
  });

  program
    .command('lab')
    .description('start simulated hosts that reproduce each tale (and healthy ones), over real SSH on 127.0.0.1')
    .option('--port <port>', 'first port; one port per host follows it', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1024 || n > 65000) throw new InvalidArgumentError('a port from 1024 to 65000');
      return n;
    }, 2222)
    .option('--dir <dir>', 'where the lab writes its ssh_config, known_hosts, key and inventories', '.stacktales-lab')
    .option('--json', 'print one line {"ready": true, "dir": "...", "port": n} once it accepts connections')
    .action(async (o: { port: number; dir: string; json?: boolean }) => {
      const { startLab } = await import('../core/lab/labServer');
      const kb = openKb([]);
      const dir = path.resolve(o.dir);
      let lab;
      try {
        lab = await startLab({ dir, port: o.port, scenariosDir: path.join(defaultPaths().builtinDir, '..', 'lab', 'scenarios'), entries: kb.entries });
      } catch (e) {
        throw new CommanderError(1, 'stacktales.labFailed', (e as Error).message);
      }
      if (o.json) out(JSON.stringify({ ready: true, dir, port: o.port }) + '\n');
      else {
        out(`Stacktales lab: ${lab.hosts.length} hosts on 127.0.0.1:${o.port}-${o.port + lab.hosts.length - 1}; files in ${dir}\n`);
        for (const h of lab.hosts) out(`  ${h.name.padEnd(28)} port ${h.port}  ${h.roles.join(', ')}\n`);
        out(`Try:\n  stacktales triage --inventory ${dir}/double-vlan/inventory.ini --ssh-config ${dir}/ssh_config\n  stacktales runbook double-vlan --inventory ${dir}/double-vlan/inventory.ini --ssh-config ${dir}/ssh_config\nCtrl-C stops the lab.\n`);
      }
      await new Promise<void>((resolve) => {
        const stop = () => void lab!.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
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
    .command('new')
    .description('write a new entry folder that passes every check, its texts marked FILL IN')
    .argument('<id>', 'the entry id: lower-case letters, digits and hyphens (also the folder name)')
    .option('--dir <dir>', 'the folder of your entries', '.')
    .action(async (id: string, o: { dir: string }) => {
      const { writeNewEntry } = await import('../core/kb/newEntry');
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
  // `stacktales … | head`: the reader left; that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? process.exit(0) : undefined));
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') process.exit(0);
      if (e.code.startsWith('stacktales.') || e.code === 'commander.invalidArgument') process.stderr.write(`stacktales: ${e.message}\n`);
      process.exit(e.code === 'stacktales.kbInvalid' || e.code === 'stacktales.labFailed' ? 1 : 2);
    }
    // InvalidArgumentError thrown from an action (e.g. no --host) is bad usage too.
    process.stderr.write(`stacktales: ${(e as Error).message}\n`);
    process.exit(2);
  }
}

if (require.main === module) void main(process.argv.slice(2));
