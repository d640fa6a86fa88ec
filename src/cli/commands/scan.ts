import { CommanderError } from 'commander';
import type { Detectors } from '../../core/detect/compile';
import type { KnowledgeBase } from '../../core/knowledge/knowledgeBase';
import type { CliCommand, CliContext } from '../context';
import * as fs from 'fs';
import { findingJson, findingLine, printResults } from '../format';
import { collect, kbOption, positiveInt } from '../options';
import { addSshOptions, hostsOf, withRunner, type SshCliOptions } from '../sshOptions';

type ScanOptions = SshCliOptions & { kb: string[]; disable: string[]; sudo?: boolean; hostJobs?: number; name?: string; fromAnsible?: string };

export const scanCommand: CliCommand = {
  register(program, ctx) {
    addSshOptions(
      program
        .command('scan')
        .description('find the tales in files, folders (a sosreport, collected logs) or standard input ("-"); with --host, in remote paths or globs')
        .argument('[paths...]', 'files, folders, or - for standard input; with --host: absolute remote paths or globs')
        .addOption(kbOption())
        .option('--disable <entry>', "turn an entry's detectors off (repeatable)", collect, [])
        .option('--sudo', 'read remote files with sudo -n')
        .option('--host-jobs <n>', 'with --host: split a big log into this many greps on the host (default: its CPUs, at most 4)', positiveInt)
        .option('--name <path>', 'the name standard input ("-") is read as: its signals are chosen by it, as for a file of that name')
        .option('--from-ansible <dir>', 'read what an exported playbook saved (stacktales export ansible) and report per host as run does')
        .option('--json', 'print {"findings": [...], "files": n, "bytes": n, "skipped": [{"file", "reason"}]} (remote: and "bytesScanned", "bytesTransferred" = "bytesSent" (scan scripts) + "bytesReceived")'),
    ).action(async (paths: string[], o: ScanOptions) => {
      const { compileDetectors } = await import('../../core/detect/compile');
      const kb = ctx.openKb(o.kb);
      const detectors = compileDetectors(kb.entries, { disabled: o.disable });
      if (o.fromAnsible) await scanAnsible(ctx, kb, detectors, o.fromAnsible, o);
      else if (!paths.length) throw new CommanderError(2, 'stacktales.noPath', 'name the files or folders to scan (or - for standard input), or --from-ansible DIR');
      else if (o.host.length || o.inventory) await scanHosts(ctx, kb, detectors, paths, o);
      else await scanFiles(ctx, kb, detectors, paths, o);
    });
  },
};

async function scanFiles({ out, err, outJson }: CliContext, kb: KnowledgeBase, detectors: Detectors, paths: string[], o: ScanOptions): Promise<void> {
  const { scanPaths, ScanInputError } = await import('../../core/scan/files');
  const { terminalProgress } = await import('../progress');
  const progress = terminalProgress();
  let report;
  try {
    report = await scanPaths(detectors, paths, { stdinName: o.name, onProgress: progress?.update });
  } catch (e) {
    // A path named on the command line that cannot be read is bad usage, said before anything is scanned.
    if (e instanceof ScanInputError) throw new CommanderError(2, 'stacktales.badPath', e.message);
    throw e;
  } finally {
    progress?.stop();
  }
  for (const s of report.skipped) err(`stacktales: skipped ${s.file}: ${s.reason}\n`);
  if (o.json) {
    outJson({ findings: report.findings.map((f) => findingJson(kb, f)), files: report.files, bytes: report.bytes, skipped: report.skipped });
    return;
  }
  for (const f of report.findings) out(`${findingLine(kb, f)}${f.next ? ` next: ${f.next}` : ''}\n`);
  out(`${report.findings.length} finding(s) in ${report.files} file(s), ${report.bytes} bytes${report.skipped.length ? `; ${report.skipped.length} not read (listed above)` : ''}\n`);
}

/** What an exported playbook saved, read back as the SSH runner's results: the same JSON and findings as `run`. */
async function scanAnsible(ctx: CliContext, kb: KnowledgeBase, detectors: Detectors, dir: string, o: ScanOptions): Promise<void> {
  const { readAnsibleResults } = await import('../../core/ansible/readResults');
  const { findingsOf } = await import('../../core/run/plan');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new CommanderError(2, 'stacktales.badPath', `cannot scan ${dir}: not a folder of Ansible results`);
  const r = readAnsibleResults(dir);
  for (const p of r.problems) ctx.err(`stacktales: skipped ${p.file}: ${p.reason}\n`);
  if (!r.results.length) throw new CommanderError(2, 'stacktales.noResults', `${dir} holds no saved results (<host>/<entry>.<diagnostic>.rc): run the exported playbook first`);
  await printResults(ctx, kb, r.results.map((x) => x.result), (i) => findingsOf(detectors, r.results[i].result, r.results[i].diagnostic), o.json);
}

/** The remote scan: paths are checked before any connection; a host that fails makes the exit code 1. */
async function scanHosts({ out, err, outJson }: CliContext, kb: KnowledgeBase, detectors: Detectors, paths: string[], o: ScanOptions): Promise<void> {
  const { scanRemote, checkRemotePattern } = await import('../../core/scan/remote');
  try {
    paths.forEach(checkRemotePattern);
  } catch (e) {
    throw new CommanderError(2, 'stacktales.badPath', (e as Error).message);
  }
  await withRunner(o, err, async (runner) => {
    const r = await scanRemote(detectors, runner, hostsOf(o), paths, { sudo: o.sudo, hostJobs: o.hostJobs });
    for (const s of r.skipped) err(`stacktales: skipped ${s.host}${s.file ? `:${s.file}` : ''}: ${s.reason}\n`);
    if (o.json) {
      const findings = r.findings.map((f) => ({ host: f.host, ...findingJson(kb, f) }));
      outJson({ findings, files: r.files, bytes: r.bytesScanned, bytesScanned: r.bytesScanned, bytesTransferred: r.bytesTransferred, bytesSent: r.bytesSent, bytesReceived: r.bytesTransferred - r.bytesSent });
    } else {
      for (const f of r.findings) out(`${f.host}:${findingLine(kb, f)}\n`);
      // What each number counts: the files' sizes on the hosts; what came back for them (lines
      // numbered, small files whole); the scan scripts sent, which do not grow with the files.
      out(`${r.findings.length} finding(s) in ${r.files} file(s) holding ${r.bytesScanned} bytes on the hosts; ${r.bytesTransferred - r.bytesSent} bytes came back (candidate lines and small files whole, numbered line by line), ${r.bytesSent} bytes of scan scripts went out\n`);
    }
    if (r.skipped.some((s) => !s.file)) process.exitCode = 1;
  });
}
