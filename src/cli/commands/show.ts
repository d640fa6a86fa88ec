import { Option } from 'commander';
import type { KnowledgeBase } from '../../core/knowledge/knowledgeBase';
import type { Entry, Lang, LoadedEntry } from '../../core/kb/types';
import { entryOf, type CliCommand, type CliContext } from '../context';
import { EFFECT_MARK, remedyText } from '../format';
import { kbOption } from '../options';

const langOption = () => new Option('--lang <lang>', 'language of the texts').choices(['en', 'de']).default('en');

/** show: an entry as a person reads it (or as data); list: the entries. */
export const showCommand: CliCommand = {
  register(program, ctx) {
    program
      .command('show')
      .description('print an entry: its story, diagnostics, runbook, remedy and references (without an id: the entries)')
      .argument('[id]', 'entry id (stacktales list shows them)')
      .addOption(langOption())
      .addOption(kbOption())
      .option('--json', 'print the entry as data: its entry.yaml as JSON, and "prose": {"en", "de"}')
      .action(async (id: string | undefined, o: { lang: Lang; kb: string[]; json?: boolean }) => {
        const kb = ctx.openKb(o.kb);
        if (!id) return listEntries(ctx, kb, o);
        const e = entryOf(kb, id);
        if (o.json) ctx.outJson({ ...e.entry, prose: e.prose });
        else ctx.out(await entryText(e, o.lang));
      });
    program
      .command('list')
      .description('list the entries: id and title')
      .addOption(langOption())
      .addOption(kbOption())
      .option('--json', 'print {"entries": [{"id", "title", "origin"}]}')
      .action((o: { lang: Lang; kb: string[]; json?: boolean }) => listEntries(ctx, ctx.openKb(o.kb), o));
  },
};

function listEntries({ out, outJson }: CliContext, kb: KnowledgeBase, o: { lang: Lang; json?: boolean }): void {
  if (o.json) return outJson({ entries: kb.entries.map((e) => ({ id: e.entry.id, title: e.entry.title[o.lang], origin: e.origin })) });
  const width = Math.max(...kb.entries.map((e) => e.entry.id.length));
  for (const e of kb.entries) out(`${e.entry.id.padEnd(width)}  ${e.entry.title[o.lang]}${e.origin === 'user' ? '  (yours)' : ''}\n`);
  out(`${kb.entries.length} entries; stacktales show <id> prints one\n`);
}

/** The entry as text: the prose, then what the entry page shows beside it. */
async function entryText({ entry: e, prose }: LoadedEntry, lang: Lang): Promise<string> {
  const { wordsOf } = await import('../../core/l10n/messages');
  const { displayCommand } = await import('../../core/kb/commandTemplate');
  const { planRemedy } = await import('../../core/runbook/remedy');
  const t = wordsOf(lang).entryPage;
  const out = [`# ${e.title[lang]}`, '', e.summary[lang], '', prose[lang].trimEnd(), '', `## ${t.diagnostics}`, ''];
  for (const d of e.diagnostics) {
    const backup = d.backup ? `; back up first: ${d.backup}` : '';
    out.push(`- ${d.id}: ${d.title[lang]}  [${EFFECT_MARK[d.effect]}${backup}; on ${d.roles.join(' or ')}${d.root ? ', as root' : ''}]`, `    ${displayCommand(d)}`);
  }
  out.push('', `## ${t.runbook}`, '', ...runbookOutline(e, lang), '', `## ${t.remedy}`, '');
  out.push(remedyText(e, planRemedy(e, { entry: e.id, steps: [] }, [], {}, lang), lang).replace(/^remedy: /, '').trimEnd());
  out.push('', `## ${t.references}`, '', ...e.references.map((r) => `- ${r.title}${r.url ? `  ${r.url}` : ''}`), '');
  return out.join('\n');
}

/** Each step: what it checks or asks, and where each outcome leads. */
function runbookOutline(e: Entry, lang: Lang): string[] {
  const to = (target: string) => (target.startsWith('@') ? `conclusion ${target.slice(1)}` : target);
  return e.runbook.steps.flatMap((s, i) => [
    `${i + 1}. ${s.id}: ${s.title[lang]}${s.id === e.runbook.start ? '  (start)' : ''}`,
    `   ${'diagnostic' in s.check ? `check: ${s.check.diagnostic}` : `ask: ${s.check.ask[lang]}`}`,
    `   ${Object.entries(s.next)
      .map(([outcome, target]) => `${outcome} → ${to(target)}`)
      .join('; ')}`,
  ]);
}
