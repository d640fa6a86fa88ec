import type { Lang } from '../kb/types';

/**
 * The words of everything outside the editor (CLI, reports, entry pages): one catalogue per
 * language, keyed like the editor's l10n bundles. `{name}` is replaced by the value given.
 * The editor words its own UI with vscode.l10n (l10n/bundle.l10n.*.json).
 */
const MESSAGES = {
  en: {
    'config.anyValue': '(set)',
    'finding.defaulted': '([{section}] {key} is not set; its default "{value}" applies.)',
    'finding.raised': 'Raised to {severity}: {reasons}.',
    'finding.alsoFound': 'also found: {signal}',
  },
  de: {
    'config.anyValue': '(gesetzt)',
    'finding.defaulted': '([{section}] {key} ist nicht gesetzt; es gilt der Standardwert „{value}“.)',
    'finding.raised': 'Hochgestuft auf {severity}: {reasons}.',
    'finding.alsoFound': 'ebenfalls gefunden: {signal}',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type MessageKey = keyof (typeof MESSAGES)['en'];

export function say(lang: Lang, key: MessageKey, vars: Record<string, string> = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}
