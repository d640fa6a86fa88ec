
/** Compiles a signal's pattern; throws SyntaxError with the engine's message when it is invalid. */
export function compileSignalPattern(signal: { pattern: string; flags?: string }): RegExp {
  return new RegExp(signal.pattern, signal.flags ?? '');
}
