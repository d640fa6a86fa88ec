import MarkdownIt from 'markdown-it';
import type { Effect, Lang } from '../kb/types';
import { wordsOf } from '../l10n/messages';

const esc = new MarkdownIt({ html: false }).utils.escapeHtml;

/** The badge of a diagnostic that does more than read (none for a read). */
export function effectBadge(effect: Effect, lang: Lang): string {
  return effect === 'read' ? '' : `<span class="badge mutating effect-${effect}">${esc(wordsOf(lang).effects[effect])}</span>`;
}
