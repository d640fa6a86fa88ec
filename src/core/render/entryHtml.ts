import MarkdownIt from 'markdown-it';
import { displayCommand } from '../kb/commandTemplate';
import { MANUAL_ROLES, type Lang, type LoadedEntry } from '../kb/types';
import { wordsOf, type Words } from '../l10n/messages';
import { exampleSource } from '../kb/examples';
import { kindOf } from '../signals/kinds';
import { effectBadge } from './badges';

/** Raw HTML off: KB prose (including a user's own entries) can never inject markup or script. */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
const esc = (s: string) => md.utils.escapeHtml(s);


/**
 * The body of an entry page. Pure HTML without script or style: the webview adds its
 * CSP, stylesheet and the small script that wires the Copy buttons (data-diagnostic).
 */
export interface RenderOptions {
  /** Offer Run buttons (the extension, with SSH); the CLI and static pages only copy. */
  run?: boolean;
}

export function renderEntryHtml({ entry: e, prose }: LoadedEntry, lang: Lang, opts: RenderOptions = {}): string {
  const words = wordsOf(lang);
  const L = (k: keyof Words['entryPage']) => esc(words.entryPage[k]);
  const diagTitle = new Map(e.diagnostics.map((d) => [d.id, d.title[lang]]));
  const runButton = (d: (typeof e.diagnostics)[number]) =>
    opts.run && !d.roles.every((r) => MANUAL_ROLES.includes(r)) ? `<button class="run${d.effect !== 'read' ? ' mutating' : ''}" data-diagnostic="${esc(d.id)}">${L('run')}</button>` : '';
  const out: string[] = [];
  out.push(`<header><h1 id="title">${esc(e.title[lang])}</h1><p class="summary">${esc(e.summary[lang])}</p>`);
  out.push(`<p class="tale">${L('tale')}: <em>${esc(e.tale.title[lang])}</em>, ${esc(e.tale.when)}.</p></header>`);
  out.push(`<section id="prose">${md.render(prose[lang])}</section>`);

  out.push(`<section id="symptoms"><h2>${L('symptoms')}</h2><ul>${e.symptoms[lang].map((s) => `<li>${esc(s)}</li>`).join('')}</ul></section>`);

  out.push(`<section id="signals"><h2>${L('signals')}</h2><dl>`);
  for (const s of e.signals) {
    const where = [...(s.files ?? []), ...('diagnostics' in s ? s.diagnostics ?? [] : []).map((d) => diagTitle.get(d) ?? d)].map(esc).join(', ');
    const what = kindOf(s).describe(s as never, lang);
    out.push(`<dt><span class="sev sev-${s.severity}">${esc(s.severity)}</span> <code>${esc(s.id)}</code> (${esc(s.kind)})</dt>`);
    const seen = sourcesOf([...(s.examples?.match ?? []), ...(s.examples?.nomatch ?? [])].map(exampleSource));
    out.push(`<dd>${esc(s.explain[lang])}<br><small>${L('where')}: ${where}</small><pre><code>${esc(what)}</code></pre>${seen ? `<small class="sources">${L('seenIn')}: ${seen}</small>` : ''}</dd>`);
  }
  out.push('</dl></section>');

  out.push(`<section id="diagnostics"><h2>${L('diagnostics')}</h2>`);
  for (const d of e.diagnostics) {
    const badges = [
      effectBadge(d.effect, lang),
      d.root ? `<span class="badge">${L('root')}</span>` : '',
      d.roles.every((r) => MANUAL_ROLES.includes(r)) ? `<span class="badge">${L('manual')}</span>` : '',
    ].join(' ');
    out.push(`<div class="diagnostic" id="diag-${esc(d.id)}"><h3>${esc(d.title[lang])} ${badges}</h3>`);
    out.push(`<p class="roles">${d.roles.map(esc).join(', ')}</p>`);
    out.push(`<div class="cmd"><pre><code>${esc(displayCommand(d))}</code></pre><button class="copy" data-diagnostic="${esc(d.id)}">${L('copy')}</button>${runButton(d)}</div>`);
    if (d.backup) out.push(`<p class="backup">${L('backupFirst')}: <a href="#diag-${esc(d.backup)}">${esc(diagTitle.get(d.backup) ?? d.backup)}</a></p>`);
    if (d.look) out.push(`<p>${esc(d.look[lang])}</p>`);
    out.push('</div>');
  }
  out.push('</section>');

  out.push(`<section id="runbook"><h2>${L('runbook')}</h2><ol>`);
  const ordered = [...e.runbook.steps].sort((a, b) => (a.id === e.runbook.start ? -1 : b.id === e.runbook.start ? 1 : 0));
  for (const s of ordered) {
    const check = 'diagnostic' in s.check ? `<a href="#diag-${esc(s.check.diagnostic)}">${esc(diagTitle.get(s.check.diagnostic) ?? s.check.diagnostic)}</a>` : `${L('ask')}: ${esc(s.check.ask[lang])}`;
    const next = Object.entries(s.next)
      .map(([o, t]) => `${esc(o)} → ${esc((t.startsWith('@') && t.slice(1) in words.conclusion ? words.conclusion[t.slice(1) as keyof Words['conclusion']] : t))}`)
      .join('; ');
    out.push(`<li id="step-${esc(s.id)}"><strong>${esc(s.title[lang])}</strong><br>${check}<br>${L('expect')}: ${esc(s.expect[lang])}<br>${L('meaning')}: ${esc(s.meaning[lang])}<br><small>${L('next')}: ${next}</small></li>`);
  }
  out.push('</ol></section>');

  out.push(`<section id="remedy"><h2>${L('remedy')}</h2><p>${esc(e.remedy.summary[lang])}</p><ol>`);
  for (const s of e.remedy.steps) {
    const d = s.diagnostic ? e.diagnostics.find((x) => x.id === s.diagnostic) : undefined;
    const cmd = d ? `<div class="cmd"><pre><code>${esc(displayCommand(d))}</code></pre><button class="copy" data-diagnostic="${esc(d.id)}">${L('copy')}</button></div>` : '';
    const mut = d && d.effect !== 'read' ? ` ${effectBadge(d.effect, lang)}` : '';
    out.push(`<li>${esc(s.title[lang])}${mut}${cmd}${s.note ? `<p>${esc(s.note[lang])}</p>` : ''}</li>`);
  }
  out.push('</ol></section>');

  out.push(`<section id="prevention"><h2>${L('prevention')}</h2><ul>${e.prevention.map((p) => `<li>${esc(p[lang])}</li>`).join('')}</ul></section>`);
  if (e.releases?.length) {
    out.push(`<section id="releases"><h2>${L('releases')}</h2><dl>${e.releases.map((r) => `<dt>${esc(r.releases)}</dt><dd>${esc(r[lang])}${r.sources ? `<br><small class="sources">${L('sources')}: ${sourcesOf(r.sources)}</small>` : ''}</dd>`).join('')}</dl></section>`);
  }
  out.push(`<section id="references"><h2>${L('references')}</h2><ul>`);
  for (const r of e.references) {
    const title = esc(r.title);
    out.push(`<li>${r.url ? `<a href="${esc(r.url)}">${title}</a>` : title} <small>(${esc(r.kind)})</small></li>`);
  }
  out.push(`</ul><p class="source"><small>${esc(e.tale.source)}</small></p></section>`);
  return out.join('\n');
}

/** Sources as links where they are URLs (to open outside the webview), as code where they are repo:path@tag or commits. */
function sourcesOf(sources: (string | undefined)[]): string {
  return [...new Set(sources.filter((x): x is string => !!x))].map((x) => (/^https:\/\//.test(x) ? `<a href="${esc(x)}">${esc(x)}</a>` : `<code>${esc(x)}</code>`)).join(', ');
}
