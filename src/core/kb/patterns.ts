import safeRegex from 'safe-regex2';

/** Compiles a signal's pattern; throws SyntaxError with the engine's message when it is invalid. */
export function compileSignalPattern(signal: { pattern: string; flags?: string }): RegExp {
  return new RegExp(signal.pattern, signal.flags ?? '');
}

/**
 * Star height above one (nested quantifiers such as (a+)+) is what makes a backtracking
 * engine exponential; safe-regex2 detects exactly that, so a KB author gets told before
 * a log line freezes the editor.
 */
export function isCatastrophic(pattern: string): boolean {
  return !safeRegex(pattern, { limit: 25 });
}
