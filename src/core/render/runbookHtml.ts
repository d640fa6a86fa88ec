import MarkdownIt from 'markdown-it';
import { displayCommand } from '../kb/commandTemplate';
import type { Entry, Lang } from '../kb/types';
import type { Walk } from '../runbook/engine';
import { wordsOf } from '../l10n/messages';
import { effectBadge } from './badges';

const esc = new MarkdownIt({ html: false }).utils.escapeHtml;


/**
 * The runbook page: every step with its state, the current step's check and explanation with
 * Run / Skip / Answer, each walked step's decisive lines and the branch it took, and at the end
 * the conclusion with the remedy. Pure HTML; the webview adds CSP, style and script.
 */
export function renderRunbookHtml(entry: Entry, walk: Walk, lang: Lang, hosts: string[]): string {
  const t = wordsOf(lang).runbookPage;
  const done = new Map(walk.steps.map((s) => [s.id, s]));
  const out: string[] = [`<header><h1 id="title">${esc(entry.title[lang])}</h1><p class="summary">${esc(entry.summary[lang])}</p><p class="hosts">${t.hosts}: ${esc(hosts.join(', ') || '—')}</p></header>`];
  out.push(`<section id="steps"><h2>${t.steps}</h2><ol>`);
  for (const s of walk.steps) {
    const step = entry.runbook.steps.find((x) => x.id === s.id);
    out.push(`<li class="step done outcome-${esc(s.outcome)}" data-step="${esc(s.id)}"><strong>${esc(step?.title[lang] ?? s.id)}</strong> <span class="badge outcome">${esc(s.outcome)}</span>`);
    if (s.command) out.push(`<pre><code>${esc(s.command)}</code></pre>`);
    if (s.evidence.length) out.push(`<pre class="evidence"><code>${s.evidence.map(esc).join('\n')}</code></pre>`);
    if (step) out.push(`<p>${esc(step.meaning[lang])}</p>`);
    out.push(`<p class="branch">${t.branch} → <code>${esc(s.next)}</code></p></li>`);
  }
  const current = walk.conclusion ? undefined : entry.runbook.steps.find((x) => x.id === (walk.pending ?? entry.runbook.start));
  if (current) {
    const check = current.check;
    const d = 'diagnostic' in check ? entry.diagnostics.find((x) => x.id === check.diagnostic) : undefined;
    out.push(`<li class="step current" id="current" data-step="${esc(current.id)}"><strong>${t.current}: ${esc(current.title[lang])}</strong>`);
    if (d) out.push(`<pre><code>${esc(displayCommand(d))}</code></pre><p>${t.expect}: ${esc(current.expect[lang])}</p><div class="actions"><button class="primary" data-action="run">${t.run}</button> <button data-action="skip">${t.skip}</button></div>`);
    else {
      out.push(`<p class="ask">${esc('ask' in check ? check.ask[lang] : '')}</p><p>${t.expect}: ${esc(current.expect[lang])}</p>`);
      out.push(`<textarea id="answer" rows="5" placeholder="${esc(t.paste)}"></textarea><div class="actions"><button class="primary" data-action="answer">${t.answer}</button> <button data-action="yes">${t.yes}</button> <button data-action="no">${t.no}</button> <button data-action="skip">${t.skip}</button></div>`);
    }
    out.push(`<p>${t.meaning}: ${esc(current.meaning[lang])}</p></li>`);
  }
  for (const s of entry.runbook.steps.filter((x) => !done.has(x.id) && x.id !== current?.id)) {
    out.push(`<li class="step later" data-step="${esc(s.id)}">${esc(s.title[lang])} <span class="badge">${walk.conclusion ? t.unneeded : t.pending}</span></li>`);
  }
  out.push('</ol></section>');
  if (walk.conclusion) {
    out.push(`<section id="conclusion"><h2>${t.conclusion}: <span class="badge outcome outcome-${esc(walk.conclusion)}">${esc(walk.conclusion)}</span></h2>`);
    if (walk.conclusion === 'confirmed') {
      out.push(`<h3>${t.remedy}</h3><p>${esc(entry.remedy.summary[lang])}</p><ol>`);
      for (const r of entry.remedy.steps) {
        const d = r.diagnostic ? entry.diagnostics.find((x) => x.id === r.diagnostic) : undefined;
        out.push(`<li>${esc(r.title[lang])}${d && d.effect !== 'read' ? ` ${effectBadge(d.effect, lang)}` : ''}`);
        if (d) out.push(`<pre><code>${esc(displayCommand(d))}</code></pre><button data-action="remedy" data-diagnostic="${esc(d.id)}">${t.runRemedy}</button>`);
        if (r.note) out.push(`<p>${esc(r.note[lang])}</p>`);
        out.push('</li>');
      }
      out.push('</ol>');
    }
    out.push('</section>');
  }
  out.push(`<footer class="actions"><button data-action="report">${t.report}</button> <button data-action="restart">${t.restart}</button></footer>`);
  return out.join('\n');
}
