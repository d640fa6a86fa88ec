import { exampleSource } from '../kb/examples';
import type { Entry } from '../kb/types';
import type { EntryIssue } from './checkEntry';

/** Sourced lines of real text a signal must have that it matches, and healthy ones it must not. */
export const MIN_SOURCED_MATCHES = 2;
export const MIN_SOURCED_NOMATCHES = 1;

/**
 * Where an entry's knowledge is not yet evidence: a signal without enough examples of real
 * text (each with its source), a release claim that cites nothing. kb check fails a built-in
 * entry on these and warns for a user's; the entry loads either way.
 */
export function provenanceGaps(entry: Entry): EntryIssue[] {
  const issues: EntryIssue[] = [];
  entry.signals.forEach((s, i) => {
    const matches = (s.examples?.match ?? []).filter((e) => exampleSource(e)).length;
    const nomatches = (s.examples?.nomatch ?? []).filter((e) => exampleSource(e)).length;
    if (matches < MIN_SOURCED_MATCHES) {
      issues.push({ path: ['signals', i, 'examples'], message: `signal "${s.id}" has ${matches} sourced example(s) of real text it matches; it needs ${MIN_SOURCED_MATCHES} ({text, source} under examples.match)` });
    }
    if (nomatches < MIN_SOURCED_NOMATCHES) {
      issues.push({ path: ['signals', i, 'examples'], message: `signal "${s.id}" has no sourced healthy line it must not match ({text, source} under examples.nomatch)` });
    }
  });
  (entry.releases ?? []).forEach((r, i) => {
    if (!r.sources?.length) issues.push({ path: ['releases', i], message: `the claim about ${r.releases} cites no source (sources: an upstream file at a tag, a commit, or a report)` });
  });
  return issues;
}
