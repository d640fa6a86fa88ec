import * as fs from 'fs';
import * as path from 'path';
import schema from '../../../kb/schema/entry.schema.json';
import type { KbProblem } from './types';

/** The schema's id (kb/schema/entry.schema.json, definitions/id): pattern and length. */
const ID = schema.definitions.id;
export const ENTRY_ID = new RegExp(ID.pattern);
export const ENTRY_ID_MAX = ID.maxLength;

/** What a new entry's author still has to write: every place is marked with it. */
export const FILL_IN = 'FILL IN';

/**
 * The lines of an entry folder still marked FILL IN (or FILL_IN, in the template's pattern):
 * a new entry loads and passes the structural checks as it is, but kb check lists each of
 * these until it is written.
 */
export function unfilledLines(dir: string): KbProblem[] {
  const out: KbProblem[] = [];
  for (const name of ['entry.yaml', 'en.md', 'de.md']) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) continue;
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (/FILL[ _]IN/.test(text)) out.push({ file, line: i + 1, message: `still to write (FILL IN): ${text.trim().slice(0, 120)}` });
      });
  }
  return out;
}

/**
 * A new entry that loads and passes the structural checks of `stacktales kb check` as it is:
 * one log signal with examples, one read-only diagnostic, a one-step runbook, a remedy. Every
 * text to write is marked FILL IN, and kb check lists each such line (unfilledLines), so nothing
 * half-written can pass for knowledge.
 */
export function entryTemplate(id: string): Record<'entry.yaml' | 'en.md' | 'de.md', string> {
  // The example signal's word to match: one token, so the pattern stays a plain literal.
  const word = FILL_IN.replace(' ', '_');
  return {
    'entry.yaml': `# A Stacktales entry: the machine-readable part. Check it with: npx stacktales kb check <folder>
id: ${id}
title: { en: "${FILL_IN}: what breaks, in a few words", de: "${FILL_IN}: was kaputtgeht, in wenigen Worten" }
summary:
  en: "${FILL_IN}: the symptom, the root cause and the fix in two sentences."
  de: "${FILL_IN}: Symptom, Ursache und Behebung in zwei Sätzen."
tale:
  title: { en: "${FILL_IN}: where this happened", de: "${FILL_IN}: wo das passiert ist" }
  source: "${FILL_IN}: a link or a name (incident report, bug, mailing-list thread)"
  when: "${FILL_IN}: release and year"
symptoms:
  # What the operator sees, in their words: these are what the symptom search matches.
  en: ["${FILL_IN}: instances lose network after a while"]
  de: ["${FILL_IN}: Instanzen verlieren nach einer Weile das Netz"]
signals:
  # A pattern over log lines (JavaScript regex, one line); examples are checked by kb check.
  - id: example-log-line
    kind: log
    files: ["**/nova-compute.log*"]
    pattern: 'ERROR nova\\.compute\\.manager .*${word}'
    severity: warning
    explain: { en: "${FILL_IN}: what this line means here.", de: "${FILL_IN}: was diese Zeile hier bedeutet." }
    next: example-check
    examples:
      match: ["2024-01-01 00:00:00.000 1 ERROR nova.compute.manager [-] ${word}"]
      nomatch: ["2024-01-01 00:00:00.000 1 INFO nova.compute.manager [-] ${word}"]
diagnostics:
  # Command templates: {{param}} placeholders are declared under params, validated and quoted.
  - id: example-check
    title: { en: "${FILL_IN}: read the compute log", de: "${FILL_IN}: das Compute-Log lesen" }
    command: "tail -n 200 /var/log/nova/nova-compute.log"
    roles: [compute]
    root: true
    effect: read
runbook:
  start: look
  steps:
    - id: look
      title: { en: "${FILL_IN}: look for the line", de: "${FILL_IN}: nach der Zeile suchen" }
      check: { diagnostic: example-check }
      signals: [example-log-line]
      expect: { en: "${FILL_IN}: what a healthy host shows", de: "${FILL_IN}: was ein gesunder Host zeigt" }
      meaning: { en: "${FILL_IN}: what the line means", de: "${FILL_IN}: was die Zeile bedeutet" }
      next: { confirmed: "@confirmed", ruled-out: "@ruled-out" }
remedy:
  summary: { en: "${FILL_IN}: the fix.", de: "${FILL_IN}: die Behebung." }
  steps:
    - title: { en: "${FILL_IN}: first step", de: "${FILL_IN}: erster Schritt" }
prevention:
  - { en: "${FILL_IN}: how to keep it from happening again.", de: "${FILL_IN}: wie es nicht wieder passiert." }
references:
  - { kind: docs, title: "${FILL_IN}: the documentation or bug behind it" }
`,
    'en.md': `## What happens\n\n${FILL_IN}: the story in your own words: what the operators saw, what they tried, what it was.\n\n## Why\n\n${FILL_IN}\n`,
    'de.md': `## Was passiert\n\n${FILL_IN}: die Geschichte in eigenen Worten: was die Betreiber sahen, was sie versuchten, was es war.\n\n## Warum\n\n${FILL_IN}\n`,
  };
}

/** Writes a new entry folder below parent; refuses a bad id or an existing folder. Returns the folder. */
export function writeNewEntry(parent: string, id: string): string {
  if (!ENTRY_ID.test(id) || id.length > ENTRY_ID_MAX) throw new Error(`"${id}" is not an entry id: lower-case letters, digits and single hyphens, e.g. "rabbitmq-partition"`);
  const dir = path.join(parent, id);
  if (fs.existsSync(dir)) throw new Error(`${dir} exists already; nothing was written`);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(entryTemplate(id))) fs.writeFileSync(path.join(dir, name), text, { flag: 'wx' });
  return dir;
}
