import { displayCommand } from '../kb/commandTemplate';
import type { Entry, Lang } from '../kb/types';
import { redactLines } from '../text/redact';
import type { Walk } from './engine';
import { wordsOf } from '../l10n/messages';


/**
 * The walk as Markdown for the incident ticket: timeline (time, hosts, command, outcome, the
 * decisive lines of output, trimmed), conclusion, remedy and references. Everything that came
 * from a host or an operator passes through the one redactor (text/redact.ts).
 */
export function renderReport(entry: Entry, walk: Walk, lang: Lang, generatedAt = new Date()): string {
  const t = wordsOf(lang).report;
  const steps = new Map(entry.runbook.steps.map((s) => [s.id, s]));
  // Redacted as one block: a private key spread over lines is still recognised.
  const fence = (lines: string[]) => ['```', ...redactLines(lines).map((l) => l.slice(0, 300)), '```'];
  const hosts = [...new Set(walk.steps.flatMap((s) => s.hosts))];
  const out = [
    `# ${t.report}: ${entry.title[lang]}`,
    '',
    `- ${t.entry}: \`${entry.id}\``,
    `- ${t.tale}: ${entry.tale.title[lang]} (${entry.tale.when})`,
    `- ${t.conclusion}: **${walk.conclusion ?? 'inconclusive'}**`,
    `- ${t.hosts}: ${hosts.length ? hosts.join(', ') : t.none}`,
    `- ${generatedAt.toISOString()}`,
    '',
    `## ${t.timeline}`,
    '',
  ];
  for (const s of walk.steps) {
    const step = steps.get(s.id);
    out.push(`### ${s.at} · ${step?.title[lang] ?? s.id} — ${s.outcome}`, '');
    if (s.hosts.length) out.push(`${t.hosts}: ${s.hosts.join(', ')}`, '');
    if (s.command) out.push(`${t.command}:`, '', ...fence([s.command]), '');
    if (s.answer) out.push(`${t.answer}:`, '', ...fence(s.answer.split('\n').slice(0, 10)), '');
    out.push(`${t.evidence}:`, '', ...(s.evidence.length ? fence(s.evidence.slice(0, 10)) : [`_${t.none}_`]), '');
    if (step) out.push(`${step.meaning[lang]}`, '');
    out.push(`→ ${t.next}: \`${s.next}\``, '');
  }
  out.push(`## ${t.remedy}`, '', entry.remedy.summary[lang], '');
  entry.remedy.steps.forEach((r, i) => {
    const d = r.diagnostic ? entry.diagnostics.find((x) => x.id === r.diagnostic) : undefined;
    const backup = d?.backup ? entry.diagnostics.find((x) => x.id === d.backup) : undefined;
    out.push(`${i + 1}. ${r.title[lang]}${d && d.effect !== 'read' ? ` (${wordsOf(lang).effects[d.effect]}${backup ? `; ${t.backup} \`${displayCommand(backup)}\`` : ''})` : ''}`);
    if (d) out.push('', `   \`${displayCommand(d)}\``);
    if (r.note) out.push('', `   ${r.note[lang]}`);
  });
  out.push('', `## ${t.references}`, '', ...entry.references.map((r) => `- ${r.url ? `[${r.title}](${r.url})` : r.title}`), '', `_${entry.tale.source}_`, '');
  return out.join('\n');
}
