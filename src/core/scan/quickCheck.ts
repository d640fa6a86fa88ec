import picomatch from 'picomatch';
import type { Detectors } from '../detect/compile';
import { HEAD_LINES } from '../detect/session';
import { escapeRegExp } from '../text/regex';

/**
 * Whether a file could hold a finding at all, decided from its name and bytes before anything
 * is decoded or parsed. Exact, not a guess: every finding needs one of
 * - a signal that reads files by this name (config signals with their defaults among them);
 * - a literal a line signal requires, or a key a config signal reads (INI by content sets the key);
 * - a diagnostic's output recognised in the head (config signals read those, defaults included).
 * Most files of a sosreport have none, and are counted without being parsed.
 */
export function compileQuickCheck(d: Detectors): (file: string, data: Buffer) => boolean {
  const globs = d.signals.flatMap((c) => [...('files' in c.signal ? c.signal.files ?? [] : []), ...(c.signal.kind !== 'output' ? d.source.options.extraFiles?.[c.entry] ?? [] : [])]);
  const byName = nameMatcher(globs);
  const literals = new Set<string>();
  for (const c of d.signals) {
    if (c.signal.kind === 'config') {
      const p = c.signal.config;
      literals.add(p.key);
      for (const x of p.deprecated ?? []) literals.add(x.key);
    } else if (c.reads !== 'config' && c.literals) c.literals.forEach((l) => literals.add(l));
    // A line signal without literals reads every line: no file can be passed over.
    else return () => true;
  }
  // The literals' UTF-8 bytes, searched in the bytes read as latin1 (one char per byte): exact, and
  // one pass of one regex instead of a pass per literal.
  const anyLiteral = new RegExp([...literals].map((l) => escapeRegExp(Buffer.from(l, 'utf8').toString('latin1'))).join('|'));
  return (file, data) => {
    const p = file.replace(/\\/g, '/');
    if (byName(p) || byName(`/${p.replace(/^\/+/, '')}`)) return true;
    if (anyLiteral.test(data.toString('latin1'))) return true;
    if (!d.recognizers.length) return false;
    const head = headBytes(data).toString('utf8');
    return d.recognizers.some((r) => r.regex.test(head));
  };
}

/** The bytes of the lines headOf() keeps, found on the bytes ('\n' is never inside a UTF-8 sequence). */
function headBytes(data: Buffer): Buffer {
  let pos = 0;
  for (let i = 0; i < HEAD_LINES && pos >= 0; i++) pos = data.indexOf(10, pos + 1);
  return pos < 0 ? data : data.subarray(0, pos);
}

/**
 * Whether a path matches one of the globs (as the signals' own matchers decide), testing a glob
 * only where its longest literal run is in the path: most paths meet none, and picomatch's regex
 * for a leading ** is slow to fail.
 */
function nameMatcher(globs: readonly string[]): (p: string) => boolean {
  const tests = [...new Set(globs)].map((g) => {
    // A brace or extglob alternation has no one literal every match must hold.
    const runs = /[{}]|[!+@*?]\(/.test(g) ? [] : g.split(/[*?[\]]+/).filter(Boolean);
    const literal = runs.sort((a, b) => b.length - a.length)[0];
    return { literal, isMatch: picomatch(g, { dot: true, basename: false }) };
  });
  const always = tests.filter((t) => t.literal === undefined);
  const gated = tests.filter((t) => t.literal !== undefined);
  // One search for all the literals first: most paths hold none, and then no glob is tried.
  const anyLiteral = gated.length ? new RegExp(gated.map((t) => escapeRegExp(t.literal!)).join('|')) : undefined;
  return (p) => always.some((t) => t.isMatch(p)) || (!!anyLiteral?.test(p) && gated.some((t) => p.includes(t.literal!) && t.isMatch(p)));
}
