import { CommanderError, Option } from 'commander';
import * as fs from 'fs';
import { quote } from 'shell-quote';
import type { Entry, Lang, RunbookStep } from '../../core/kb/types';
import type { StepRecord, Walk } from '../../core/runbook/engine';
import { atTerminal, readAnswer } from '../ask';
import { entryOf, type CliCommand } from '../context';
import { remedyText } from '../format';
import { collect, kbOption, namedValues, paramOption, walkContextOf } from '../options';
import { addSshOptions, hostsOf, withRunner, type SshCliOptions } from '../sshOptions';
import { hostArgs, hostOptionsOf, loadWalk, saveWalk } from '../walkFile';

type RunbookOptions = SshCliOptions & { answer: string[]; param: string[]; kb: string[]; lang: Lang; save?: string; resume?: string; report?: string };

const INDENT = '             ';

export const runbookCommand: CliCommand = {
  register(program, { out, err, outJson, openKb }) {
    addSshOptions(
      program
        .command('runbook')
        .description("walk an entry's runbook on hosts: read-only checks run; a question is asked at a terminal, else answered with --answer")
        .argument('[entry]', 'entry id (not needed with --resume)')
        .option('--answer <step=value>', 'answer to a question step: yes/no, or pasted text (repeatable)', collect, [])
        .addOption(paramOption())
        .addOption(kbOption())
        .addOption(new Option('--lang <lang>', 'language of the questions, the conclusion and the remedy').choices(['en', 'de']).default('en'))
        .option('--save <file>', 'write the walk (its steps, parameters and hosts) to this file, to go on later with --resume')
        .option('--resume <file>', 'go on with a walk saved with --save (its entry, parameters and hosts come from the file)')
        .option('--report <file.md>', 'write the incident report (Markdown), as the editor exports it')
        .option('--json', 'print {"entry", "steps": [...], "conclusion"}'),
    ).action(async (id: string | undefined, o: RunbookOptions) => {
      const { walkRunbook } = await import('../../core/runbook/engine');
      const saved = o.resume ? loadWalk(o.resume) : undefined;
      if (saved && id && id !== saved.entry) throw new CommanderError(2, 'stacktales.badEntry', `the walk in ${o.resume} is of entry "${saved.entry}", not "${id}"`);
      const entryId = id ?? saved?.entry;
      if (!entryId) throw new CommanderError(2, 'stacktales.badEntry', 'name an entry, or --resume a walk saved with --save');
      const kb = openKb(o.kb);
      const e = entryOf(kb, entryId).entry;
      // Host options on the command line win; else those the saved walk ran with.
      const given = hostOptionsOf(o);
      const fromCommandLine = !!(given.host.length || given.inventory || !saved);
      const hostOptions = fromCommandLine ? given : saved.hostOptions;
      // Commands to copy are shown with the host options as typed (absolute only where they came from the file).
      const hostFlags = hostArgs(fromCommandLine ? o : hostOptions);
      const so: RunbookOptions = { ...o, ...hostOptions };
      const savedParams = Object.entries(saved?.params ?? {}).map(([k, v]) => `${k}=${v}`);
      const values = await namedValues(kb, [e], { param: [...savedParams, ...o.param], answer: o.answer });
      const hosts = hostsOf(so);
      await withRunner(so, err, async (runner) => {
        const ctx = { ...(await walkContextOf(kb, [e], hosts, values, runner)), waitForAnswers: true };
        // Steps are printed as they are walked, so a question comes after what led to it.
        let printed = 0;
        const walked = (w: Walk) => {
          if (!o.json) w.steps.slice(printed).forEach((s) => out(stepLine(s)));
          printed = w.steps.length;
          return w;
        };
        let walk = walked(await walkRunbook(e, ctx, saved?.walk));
        // At a terminal a question is asked and the walk goes on; elsewhere it waits for --answer.
        while (!walk.conclusion && walk.pending && atTerminal()) {
          const step = stepOf(e, walk.pending);
          err(`\n${questionText(step, o.lang)}\n`);
          const answer = await readAnswer('> ');
          if (answer === undefined) break;
          ctx.answers = { ...ctx.answers, [step.id]: answer };
          walk = walked(await walkRunbook(e, ctx, walk));
        }
        const waiting = walk.conclusion ? undefined : walk.pending && stepOf(e, walk.pending);
        // A resumed walk is saved back where it came from, unless --save names another file.
        const saveTo = o.save ?? o.resume;
        if (saveTo) saveWalk(saveTo, { entry: e.id, params: values.params, hostOptions, walk });
        if (o.report) await writeReport(o.report, e, walk, o.lang);
        // The flag that would go on: resuming the saved walk, else the same command again.
        const goOn = waiting && `--answer ${waiting.id}=yes`;
        const again = goOn && (saveTo ? `stacktales runbook --resume ${quote([saveTo])} ${goOn}` : `stacktales ${quote(process.argv.slice(2))} ${goOn}`);
        if (o.json) {
          const steps = walk.steps.map((s) => ({ id: s.id, host: s.hosts.join(','), outcome: s.outcome, evidence: s.evidence }));
          if (waiting) steps.push({ id: waiting.id, host: '', outcome: 'inconclusive', evidence: ['no answer given'] });
          outJson({ entry: e.id, steps, conclusion: walk.conclusion ?? 'inconclusive' });
          if (again) err(`stacktales: the question "${waiting.id}" has no answer; to go on (yes, no, or the lines it asks for):\n  ${again}\n`);
          return;
        }
        if (waiting) {
          out(`${'waiting'.padEnd(12)} ${waiting.id}: ${waiting.title[o.lang]}\n${INDENT}${'ask' in waiting.check ? waiting.check.ask[o.lang] : ''}\n`);
          out(`conclusion: inconclusive: the question "${waiting.id}" has no answer\nto go on, answer it (yes, no, or the lines it asks for):\n  ${again}\n`);
          return;
        }
        out(conclusionText(e, walk, o.lang));
        if (walk.conclusion === 'confirmed') {
          const { planRemedy } = await import('../../core/runbook/remedy');
          out('\n' + remedyText(e, planRemedy(e, walk, hosts, values.params, o.lang), o.lang, hostFlags));
        }
        if (o.report) out(`incident report: ${o.report}\n`);
        if (saveTo) out(`walk saved: ${saveTo}\n`);
      });
    });
  },
};

const stepOf = (e: Entry, id: string): RunbookStep => e.runbook.steps.find((s) => s.id === id)!;

function stepLine(s: StepRecord): string {
  return `${s.outcome.padEnd(12)} ${s.id}${s.hosts.length ? ` on ${s.hosts.join(', ')}` : ''}${s.evidence.length ? `\n${INDENT}${s.evidence.join(`\n${INDENT}`)}` : ''}\n`;
}

function questionText(step: RunbookStep, lang: Lang): string {
  return [
    `question ${step.id}: ${step.title[lang]}`,
    `  ${'ask' in step.check ? step.check.ask[lang] : ''}`,
    `  expected when all is well: ${step.expect[lang]}`,
    'Answer yes or no, or paste the lines and end with an empty line or Ctrl-D (no answer stops the walk here):',
  ].join('\n');
}

/** The conclusion and what it means: the step that decided it, in words. */
function conclusionText(e: Entry, walk: Walk, lang: Lang): string {
  const last = walk.steps[walk.steps.length - 1];
  const step = last && stepOf(e, last.id);
  switch (walk.conclusion) {
    case 'confirmed':
      return `conclusion: confirmed: ${e.title[lang]}\n  ${step?.meaning[lang] ?? ''}\n`;
    case 'ruled-out':
      return `conclusion: ruled-out: not this tale here\n  ${step ? `${step.title[lang]} ${step.expect[lang]}` : ''}\n`;
    default: {
      // Where a check could not read what it should, and what would let it: the way to a verdict.
      const couldNot = walk.steps.flatMap((s) => s.couldNotCheck ?? []).map((c) => `${c.host}: ${c.reason}${c.fix ? ` (${c.fix})` : ''}`);
      const why = couldNot.length ? couldNot : (last?.evidence ?? []).slice(0, 3);
      return `conclusion: inconclusive: the checks could not decide${why.length ? `\n  ${why.join('\n  ')}` : ''}\n`;
    }
  }
}

async function writeReport(file: string, e: Entry, walk: Walk, lang: Lang): Promise<void> {
  const { renderReport } = await import('../../core/runbook/report');
  try {
    fs.writeFileSync(file, renderReport(e, walk, lang));
  } catch (x) {
    throw new CommanderError(2, 'stacktales.badPath', `cannot write the report to ${file}: ${(x as Error).message}`);
  }
}
