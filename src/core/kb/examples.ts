import type { Example } from './entry.generated';

/** The text of an example, sourced or not. */
export const exampleText = (e: Example): string => (typeof e === 'string' ? e : e.text);

/** Where an example was seen, or undefined for a made-up one. */
export const exampleSource = (e: Example): string | undefined => (typeof e === 'string' ? undefined : e.source);
