import type { CompiledSignal } from '../detect/compile';

/**
 * A signal's pattern as GNU grep -E reads it, to run on the host: JavaScript syntax
 * translated to ERE (\s \S \w \b are GNU extensions too), named and non-capturing groups
 * made plain, \d a bracket, lazy quantifiers greedy. A numeric threshold is pushed down as
 * well: its capture must be an integer at least floor(limit), a superset of what passes,
 * so the host sends candidates and the exact decision stays here. undefined: not expressible.
 */
export function grepPatternOf(c: CompiledSignal): string | undefined {
  const s = c.signal;
  if (!s.pattern || s.flags?.includes('i')) return undefined;
  let p = s.pattern;
  const t = s.threshold;
  if (t?.above !== undefined && t.unit !== 'bytes') {
    p = p.replace(new RegExp(`\\(\\?<${t.capture}>(\\\\d\\+(?:\\\\\\.\\\\d\\+|\\(\\\\\\.\\\\d\\+\\)\\?)?)\\)`), () => `((${intAtLeast(Math.floor(t.above!))})(\\.[0-9]+)?)`);
  } else if (t?.above !== undefined && t.unit === 'bytes') {
    p = p.replace(new RegExp(`\\(\\?<${t.capture}>\\\\d\\+\\)`), () => `(${intAtLeast(Math.floor(t.above!))})`);
  }
  const ere = toGrepEre(p);
  return /\(\?|\\[pPkdD]/.test(ere) ? undefined : ere;
}

export function toGrepEre(pattern: string): string {
  let out = '';
  let inBracket = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) {
      const n = pattern[++i];
      if (inBracket) {
        // In a POSIX bracket a backslash is literal: spell classes and escapes out.
        // "\]" has no POSIX spelling here; "(?" makes grepPatternOf fall back to literals.
        out += n === 'w' ? '_[:alnum:]' : n === 'd' ? '0-9' : n === 's' ? '[:space:]' : n === ']' ? '(?' : n;
      } else {
        out += n === 'd' ? '[0-9]' : `\\${n}`;
      }
      continue;
    }
    if (inBracket) {
      if (ch === ']' && !out.endsWith('[') && !out.endsWith('[^')) inBracket = false;
      out += ch;
      continue;
    }
    if (ch === '[') inBracket = true;
    if (ch === '(' && pattern[i + 1] === '?' && (pattern[i + 2] === ':' || (pattern[i + 2] === '<' && /[A-Za-z_]/.test(pattern[i + 3] ?? '')))) {
      // Named and non-capturing groups become plain groups.
      i = pattern[i + 2] === ':' ? i + 2 : pattern.indexOf('>', i);
      out += '(';
      continue;
    }
    if ((ch === '?' && /[*+?}]$/.test(out) && !out.endsWith('\\?')) ) continue; // lazy → greedy
    out += ch;
  }
  return out;
}

/** An ERE for the decimal integers >= n (without leading zeros): 30 → [1-9][0-9]{2,}|[4-9][0-9]|3[1-9]|30. */
export function intAtLeast(n: number): string {
  const s = String(Math.max(0, Math.floor(n)));
  const alts = [`[1-9][0-9]{${s.length},}`];
  for (let i = 0; i < s.length; i++) {
    const d = Number(s[i]);
    if (d < 9) alts.push(`${s.slice(0, i)}[${d + 1}-9]${i < s.length - 1 ? `[0-9]{${s.length - i - 1}}` : ''}`);
  }
  alts.push(s);
  return alts.join('|');
}
