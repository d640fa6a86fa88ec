import type { Lang } from '../kb/types';

/**
 * The words of everything outside the editor's own UI (CLI, entry and runbook pages, incident
 * reports): one catalogue per language, the German one held to the English one's shape by its
 * type. `say` fills `{name}` placeholders. The editor words its UI with vscode.l10n
 * (l10n/bundle.l10n.*.json) and its manifest with package.nls.*.json.
 */
const en = {
  finding: {
    defaulted: '([{section}] {key} is not set; its default "{value}" applies.)',
    raised: 'Raised to {severity}: {reasons}.',
    alsoFound: 'also found: {signal}',
  },
  config: { anyValue: '(set)' },
  /** What running a diagnostic does, beyond reading (kb/types.ts Effect). */
  effects: { 'write-new': 'writes new files', change: 'changes the system' },
  entryPage: {
    tale: 'From the tale',
    symptoms: 'Symptoms',
    signals: 'Signals',
    diagnostics: 'Diagnostics',
    runbook: 'Runbook',
    remedy: 'Remedy',
    prevention: 'Prevention',
    releases: 'Then and now',
    references: 'References',
    copy: 'Copy',
    run: 'Run…',
    root: 'needs root',
    manual: 'shown, not run',
    backupFirst: 'Back up first with',
    expect: 'Expected',
    meaning: 'Meaning',
    next: 'Next',
    ask: 'Ask',
    where: 'Where',
    seenIn: 'Seen in',
    sources: 'Sources',
  },
  conclusion: {
    confirmed: 'conclusion: confirmed',
    'ruled-out': 'conclusion: ruled out',
    inconclusive: 'conclusion: inconclusive',
  },
  runbookPage: {
    steps: 'Steps',
    current: 'Now',
    run: 'Run',
    skip: 'Skip',
    yes: 'Yes',
    no: 'No',
    answer: 'Answer',
    paste: 'Paste what you see (a switch log, console output)…',
    expect: 'Expected',
    meaning: 'Meaning',
    conclusion: 'Conclusion',
    remedy: 'Remedy',
    restart: 'Start again',
    report: 'Export incident report',
    hosts: 'Hosts',
    pending: 'waiting',
    unneeded: 'not needed',
    branch: 'then',
    runRemedy: 'Run…',
  },
  report: {
    report: 'Incident report',
    entry: 'Entry',
    tale: 'Tale',
    conclusion: 'Conclusion',
    timeline: 'Timeline',
    hosts: 'Hosts',
    remedy: 'Remedy',
    references: 'References',
    step: 'Step',
    outcome: 'outcome',
    next: 'next',
    command: 'Command',
    answer: 'Answer',
    evidence: 'Decisive lines',
    none: 'none',
    backup: 'back up first with',
  },
} as const;

type Shape<T> = { readonly [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
export type Words = Shape<typeof en>;

const de: Words = {
  finding: {
    defaulted: '([{section}] {key} ist nicht gesetzt; es gilt der Standardwert „{value}“.)',
    raised: 'Hochgestuft auf {severity}: {reasons}.',
    alsoFound: 'ebenfalls gefunden: {signal}',
  },
  config: { anyValue: '(gesetzt)' },
  effects: { 'write-new': 'schreibt neue Dateien', change: 'ändert das System' },
  entryPage: {
    tale: 'Aus der Geschichte',
    symptoms: 'Symptome',
    signals: 'Signale',
    diagnostics: 'Diagnosen',
    runbook: 'Runbook',
    remedy: 'Abhilfe',
    prevention: 'Vorbeugung',
    releases: 'Damals und heute',
    references: 'Quellen',
    copy: 'Kopieren',
    run: 'Ausführen…',
    root: 'braucht root',
    manual: 'nur angezeigt, nicht ausgeführt',
    backupFirst: 'Vorher sichern mit',
    expect: 'Erwartet',
    meaning: 'Bedeutung',
    next: 'Weiter',
    ask: 'Frage',
    where: 'Wo',
    seenIn: 'Belegt in',
    sources: 'Quellen',
  },
  conclusion: {
    confirmed: 'Ergebnis: bestätigt',
    'ruled-out': 'Ergebnis: ausgeschlossen',
    inconclusive: 'Ergebnis: unklar',
  },
  runbookPage: {
    steps: 'Schritte',
    current: 'Jetzt',
    run: 'Ausführen',
    skip: 'Überspringen',
    yes: 'Ja',
    no: 'Nein',
    answer: 'Antworten',
    paste: 'Einfügen, was Sie sehen (Switch-Log, Konsolenausgabe)…',
    expect: 'Erwartet',
    meaning: 'Bedeutung',
    conclusion: 'Ergebnis',
    remedy: 'Abhilfe',
    restart: 'Neu beginnen',
    report: 'Störungsbericht exportieren',
    hosts: 'Hosts',
    pending: 'wartet',
    unneeded: 'nicht nötig',
    branch: 'dann',
    runRemedy: 'Ausführen…',
  },
  report: {
    report: 'Störungsbericht',
    entry: 'Eintrag',
    tale: 'Geschichte',
    conclusion: 'Ergebnis',
    timeline: 'Ablauf',
    hosts: 'Hosts',
    remedy: 'Abhilfe',
    references: 'Quellen',
    step: 'Schritt',
    outcome: 'Ergebnis',
    next: 'weiter',
    command: 'Befehl',
    answer: 'Antwort',
    evidence: 'Entscheidende Zeilen',
    none: 'keine',
    backup: 'vorher sichern mit',
  },
};

const CATALOGUES: Record<Lang, Words> = { en, de };

/** The catalogue of a language. */
export const wordsOf = (lang: Lang): Words => CATALOGUES[lang];

/** A catalogue text with its `{name}` placeholders filled. */
export function say(text: string, vars: Record<string, string> = {}): string {
  return text.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}
