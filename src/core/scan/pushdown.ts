import { parse, type AstNode, type Features } from 'regjsparser';
import type { CompiledSignal } from '../signals/kind';
import { escapeRegExp } from '../text/regex';
import type { FileMode } from './hostScript';

/**
 * What a host must send of a file for these signals, from their kinds' prefilters: the
 * whole file when one of them parses it (up to the size a configuration can have), and the
 * grep -E patterns of the others (see grepPatternOf), or [''] (every line) when one of them
 * has neither a pattern nor literals to push down.
 */
export function pushdownOf(signals: readonly CompiledSignal[]): FileMode {
  const eres: string[] = [];
  let whole = false;
  for (const c of signals) {
    const p = c.kind.prefilter(c as never);
    if (p.kind === 'whole') whole = true;
    else eres.push(toGrepEre(p.pattern, p.flags, p.threshold) ?? p.literals?.map(escapeRegExp).join('|') ?? '');
  }
  return { kind: whole ? 'whole' : 'grep', eres: eres.includes('') ? [''] : [...new Set(eres)] };
}

/**
 * A signal's pattern as `LC_ALL=C grep -E` reads it, to run on the host. The host only
 * preselects candidate lines and the exact decision stays here, so the ERE must match at
 * least every line the JavaScript pattern matches (a superset), never fewer. It is written
 * from the parsed pattern, one rule per construct, and undefined where no faithful superset
 * can be written (backreferences, Unicode properties, a line break).
 *
 * In the C locale grep reads bytes, JavaScript reads UTF-16 code units: an atom that can
 * match a non-ASCII character (".", "[^x]", "\S") may need several bytes for it, so its
 * repetition is left unbounded above. A numeric threshold is pushed down too: its capture
 * must be an integer at least floor(limit).
 */
export function grepPatternOf(c: CompiledSignal): string | undefined {
  const p = c.kind.prefilter(c as never);
  return p.kind === 'regex' ? toGrepEre(p.pattern, p.flags, p.threshold) : undefined;
}

interface Threshold {
  capture: string;
  atLeast: number;
  /** The capture may carry a decimal part (a time in seconds), not only an integer (bytes). */
  decimals: boolean;
}

/**
 * One translated piece. wide: a one-character atom whose ERE reads one byte but which
 * JavaScript lets match a character outside ASCII, several bytes in UTF-8.
 */
interface Piece {
  ere: string;
  wide: boolean;
}

const SINGLE_CHARACTER_ATOMS = new Set(['dot', 'characterClass', 'characterClassEscape']);

class Untranslatable extends Error {}

export function toGrepEre(pattern: string, flags = '', threshold?: Threshold): string | undefined {
  let ast: AstNode<Features>;
  try {
    ast = parse(pattern, flags.replace(/[gmsdy]/g, ''), { namedGroups: true, lookbehind: true, unicodePropertyEscape: true, unicodeSet: true } as Features);
  } catch {
    return undefined;
  }
  try {
    return new EreWriter({ ignoreCase: flags.includes('i'), unicode: /[uv]/.test(flags), multiline: flags.includes('m') }, threshold).node(ast).ere;
  } catch (e) {
    if (e instanceof Untranslatable) return undefined;
    throw e;
  }
}

/** Characters that mean something in an ERE outside brackets. */
const ERE_SPECIAL = new Set('.[]()*+?{}|^$\\');
const ASCII_PRINTABLE = (cp: number) => cp >= 0x20 && cp < 0x7f;
/** Any byte that is not a printable non-space ASCII character: covers \s and every byte of a UTF-8 sequence. */
const SPACE_OR_WIDE = '[^!-~]';

/** A carriage return: local scans take it off a line's end before the pattern sees the line, grep does not. */
const CR = '\r';

/**
 * Under `iu`, JavaScript folds two non-ASCII characters onto ASCII letters (Unicode simple
 * case folding): U+017F LONG S onto s, U+212A KELVIN SIGN onto k. Without `u` nothing
 * outside ASCII matches an ASCII letter.
 */
const UNICODE_FOLDS_TO_ASCII: Record<string, string> = { s: '\u017f', k: '\u212a' };

interface Flags {
  ignoreCase: boolean;
  unicode: boolean;
  multiline: boolean;
}

class EreWriter {
  private readonly ignoreCase: boolean;

  constructor(
    private readonly flags: Flags,
    private readonly threshold: Threshold | undefined,
  ) {
    this.ignoreCase = flags.ignoreCase;
  }

  /** A piece to put in a sequence: a wide atom alone gets room for a whole multi-byte character. */
  node(n: AstNode<Features>): Piece {
    const p = this.atomOrPiece(n);
    return p.wide ? { ere: `${p.ere}+`, wide: false } : p;
  }

  private atomOrPiece(n: AstNode<Features>): Piece {
    switch (n.type) {
      case 'alternative':
        return this.sequence(n.body);
      case 'disjunction':
        return { ere: n.body.map((b) => this.node(b).ere).join('|'), wide: false };
      case 'group':
        return this.group(n);
      case 'quantifier':
        return this.quantifier(n);
      case 'value':
        return this.value(n.codePoint);
      case 'dot':
        return { ere: '.', wide: true };
      case 'anchor':
        return this.anchor(n.kind);
      case 'characterClassEscape':
        return this.classEscape(n.value);
      case 'characterClass':
        return this.characterClass(n);
      default:
        // Backreferences (group numbers shift here), Unicode properties, class strings.
        throw new Untranslatable(n.type);
    }
  }

  /**
   * With `m`, ^ and $ also hold at \r, U+2028 and U+2029 inside a line, which grep never sees
   * as line ends: the anchors are dropped (a superset). Without it, $ may stand before the \r
   * of a CRLF line, which the scan takes off but grep keeps.
   */
  private anchor(kind: 'start' | 'end' | 'boundary' | 'not-boundary'): Piece {
    if (kind === 'boundary' || kind === 'not-boundary') return { ere: kind === 'boundary' ? '\\b' : '\\B', wide: false };
    if (this.flags.multiline) return { ere: '', wide: false };
    return { ere: kind === 'start' ? '^' : `(${CR})?$`, wide: false };
  }

  private sequence(body: AstNode<Features>[]): Piece {
    return { ere: body.map((b) => this.node(b).ere).join(''), wide: false };
  }

  private group(n: AstNode<Features> & { type: 'group' }): Piece {
    // A lookaround only narrows what matches: leaving it out keeps a superset.
    if (n.behavior !== 'normal' && n.behavior !== 'ignore') return { ere: '', wide: false };
    const name = (n as { name?: { value: string } }).name?.value;
    if (this.threshold && name === this.threshold.capture) {
      const pushed = this.thresholdGroup(n.body);
      if (pushed) return pushed;
    }
    return { ere: `(${this.sequence(n.body).ere})`, wide: false };
  }

  /** `\d+` (bytes) or `\d+(\.\d+)?` / `\d+\.\d+` (seconds): integers >= the limit, any decimals. */
  private thresholdGroup(body: AstNode<Features>[]): Piece | undefined {
    const raw = body.map((b) => (b as { raw: string }).raw).join('');
    const t = this.threshold!;
    const integer = raw === '\\d+';
    const decimal = /^\\d\+(?:\\\.\\d\+|\((?:\?:)?\\\.\\d\+\)\?)$/.test(raw);
    if (!integer && !(t.decimals && decimal)) return undefined;
    const atLeast = intAtLeast(t.atLeast);
    // Leading zeros ("time: 045.2") read as the same number.
    return { ere: t.decimals ? `(0*(${atLeast})(\\.[0-9]+)?)` : `(0*(${atLeast}))`, wide: false };
  }

  private quantifier(n: AstNode<Features> & { type: 'quantifier' }): Piece {
    const inner = n.body[0];
    const body = SINGLE_CHARACTER_ATOMS.has(inner.type) ? this.atomOrPiece(inner) : this.node(inner);
    if (!body.ere) return body;
    const min = n.min;
    // A wide atom can take several bytes per character: no upper bound.
    const max = body.wide ? undefined : n.max;
    const q = min === 0 && max === undefined ? '*' : min === 1 && max === undefined ? '+' : min === 0 && max === 1 ? '?' : max === undefined ? `{${min},}` : min === max ? `{${min}}` : `{${min},${max}}`;
    return { ere: `${atom(body.ere)}${q}`, wide: false };
  }

  private value(cp: number): Piece {
    if (cp === 0x0a || cp === 0x00) throw new Untranslatable('line break or NUL');
    const ch = String.fromCodePoint(cp);
    if (cp >= 0x80) {
      // Exactly its UTF-8 bytes, kept together; with `i`, every character JavaScript takes for it.
      return { ere: `(${this.caseVariants(cp).map((v) => String.fromCodePoint(v)).join('|')})`, wide: false };
    }
    if (this.ignoreCase && /[A-Za-z]/.test(ch)) {
      const bracket = `[${ch.toUpperCase()}${ch.toLowerCase()}]`;
      const folded = this.flags.unicode ? UNICODE_FOLDS_TO_ASCII[ch.toLowerCase()] : undefined;
      return { ere: folded ? `(${bracket}|${folded})` : bracket, wide: false };
    }
    return { ere: ERE_SPECIAL.has(ch) ? `\\${ch}` : ch, wide: false };
  }

  /**
   * The characters a non-ASCII one stands for: itself, and with `i` all that JavaScript's
   * case-insensitive matching (without `u`: Canonicalize by toUpperCase) takes as equal. With
   * `iu` the folding is Unicode's, which JavaScript does not expose: no faithful ERE.
   */
  private caseVariants(cp: number): number[] {
    if (!this.ignoreCase) return [cp];
    if (this.flags.unicode || cp > 0xffff) throw new Untranslatable('non-ASCII character under iu');
    return sameCanonical(cp);
  }

  private classEscape(v: string): Piece {
    switch (v) {
      case 'd':
        return { ere: '[0-9]', wide: false };
      case 'w':
        // Under iu, \w also takes the two characters that fold onto s and k.
        return this.ignoreCase && this.flags.unicode ? { ere: `([_[:alnum:]]|${Object.values(UNICODE_FOLDS_TO_ASCII).join('|')})`, wide: false } : { ere: '[_[:alnum:]]', wide: false };
      case 'D':
        return { ere: '[^0-9]', wide: true };
      case 'W':
        return { ere: '[^_[:alnum:]]', wide: true };
      case 'S':
        return { ere: '[^[:space:]]', wide: true };
      case 's':
        // JavaScript's \s includes no-break and other Unicode spaces.
        return { ere: SPACE_OR_WIDE, wide: true };
      default:
        throw new Untranslatable(`\\${v}`);
    }
  }

  /**
   * A bracket of ASCII characters, written out from the set it stands for (so escapes,
   * hyphens and brackets never mean something else in POSIX); what lies outside ASCII
   * becomes an alternative.
   */
  private characterClass(n: AstNode<Features> & { type: 'characterClass' }): Piece {
    if ((n as { kind?: string }).kind !== 'union') throw new Untranslatable('class set operation');
    const negative = n.negative;
    const set = new Set<number>();
    // Outside ASCII: alternatives to the bracket (a negated class simply does not exclude them).
    const wider: Piece[] = [];
    const add = (lo: number, hi: number) => {
      for (let cp = lo; cp <= Math.min(hi, 0x7f); cp++) set.add(cp);
      if (hi >= 0x80) wider.push(lo === hi ? this.value(lo) : { ere: SPACE_OR_WIDE, wide: true });
    };
    for (const item of n.body) {
      if (item.type === 'value') add(item.codePoint, item.codePoint);
      else if (item.type === 'characterClassRange') add(item.min.codePoint, item.max.codePoint);
      else if (item.type === 'characterClassEscape' && item.value === 'd') add(0x30, 0x39);
      else if (item.type === 'characterClassEscape' && item.value === 'w') [...'_0123456789', ...letters()].forEach((c) => set.add(c.charCodeAt(0)));
      else if (item.type === 'characterClassEscape' && item.value === 's') {
        [...' \t\r\f\v'].forEach((c) => set.add(c.charCodeAt(0)));
        wider.push({ ere: SPACE_OR_WIDE, wide: true });
      } else if (item.type === 'characterClassEscape' && !negative) wider.push(this.classEscape(item.value));
      else throw new Untranslatable(item.type);
    }
    if (this.ignoreCase) for (const cp of [...set]) set.add(swapCase(cp));
    if (this.ignoreCase && this.flags.unicode && !negative) {
      for (const [letter, folded] of Object.entries(UNICODE_FOLDS_TO_ASCII)) if (set.has(letter.charCodeAt(0))) wider.push({ ere: folded, wide: false });
    }
    set.delete(0x0a);
    set.delete(0x00);
    // Every byte of a non-ASCII character lies outside an ASCII set: a negated class is wide.
    if (negative) return { ere: set.size ? `[^${bracketBody(set)}]` : '.', wide: true };
    const alternatives = [...(set.size ? [`[${bracketBody(set)}]`] : []), ...new Set(wider.map((w) => w.ere))];
    if (!alternatives.length) throw new Untranslatable('empty class');
    return { ere: alternatives.length === 1 ? alternatives[0] : `(${alternatives.join('|')})`, wide: wider.some((w) => w.wide) };
  }
}

let canonicalClasses: Map<number, number[]> | undefined;

/** JavaScript's Canonicalize for case-insensitive matching without `u` (ECMA-262, 22.2.2.7.3). */
function canonicalize(cp: number): number {
  const upper = String.fromCharCode(cp).toUpperCase();
  if (upper.length !== 1) return cp;
  const cu = upper.charCodeAt(0);
  return cp >= 0x80 && cu < 0x80 ? cp : cu;
}

/** Every BMP code point with the same canonical form as cp (the table is built once, on first use). */
function sameCanonical(cp: number): number[] {
  if (!canonicalClasses) {
    canonicalClasses = new Map();
    for (let c = 0; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const k = canonicalize(c);
      const list = canonicalClasses.get(k);
      if (list) list.push(c);
      else canonicalClasses.set(k, [c]);
    }
  }
  return canonicalClasses.get(canonicalize(cp)) ?? [cp];
}

const letters = () => Array.from({ length: 26 }, (_, i) => [String.fromCharCode(65 + i), String.fromCharCode(97 + i)]).flat();
const swapCase = (cp: number) => (cp >= 65 && cp <= 90 ? cp + 32 : cp >= 97 && cp <= 122 ? cp - 32 : cp);

/** Wraps a piece so that a quantifier applies to all of it. */
function atom(ere: string): string {
  return firstAtomEnd(ere) === ere.length ? ere : `(${ere})`;
}

/** Where the first atom of an ERE ends: an (escaped) character, a bracket, or a group. */
function firstAtomEnd(ere: string): number {
  if (ere[0] === '\\') return 2;
  if (ere[0] === '[') {
    let i = ere[1] === '^' ? 2 : 1;
    if (ere[i] === ']') i++;
    for (; i < ere.length; i++) {
      if (ere[i] === '[' && ere[i + 1] === ':') i = ere.indexOf(':]', i + 2) + 1;
      else if (ere[i] === ']') return i + 1;
    }
    return -1;
  }
  if (ere[0] !== '(') return 1;
  let depth = 0;
  for (let i = 0; i < ere.length; i++) {
    if (ere[i] === '\\') i++;
    else if (ere[i] === '[') i += firstAtomEnd(ere.slice(i)) - 1;
    else if (ere[i] === '(') depth++;
    else if (ere[i] === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * The inside of a POSIX bracket for a set of ASCII code points: "]" first, "-" last, "^"
 * never first, "[" only before "^", "-" or the end (never before ":", "." or "="), runs
 * as ranges (byte order in the C locale).
 */
function bracketBody(set: Set<number>): string {
  const special = [']', '^', '-', '['].map((c) => c.charCodeAt(0));
  const plain = [...set].filter((cp) => !special.includes(cp) && ASCII_PRINTABLE(cp)).sort((a, b) => a - b);
  const controls = [...set].filter((cp) => !ASCII_PRINTABLE(cp) && cp !== 0x0a && cp !== 0x00);
  let body = set.has(0x5d) ? ']' : '';
  for (let i = 0; i < plain.length; ) {
    let j = i;
    while (j + 1 < plain.length && plain[j + 1] === plain[j] + 1) j++;
    body += j - i >= 2 ? `${String.fromCharCode(plain[i])}-${String.fromCharCode(plain[j])}` : plain.slice(i, j + 1).map((cp) => String.fromCharCode(cp)).join('');
    i = j + 1;
  }
  body += controls.map((cp) => String.fromCharCode(cp)).join('');
  if (set.has(0x5b)) body += '[';
  if (set.has(0x5e)) body += '^';
  if (set.has(0x2d)) body += '-';
  // "^" first would negate: move it behind; alone, "\^" (a backslash is literal there) keeps a superset.
  if (body.startsWith('^')) body = body === '^' ? '\\^' : `${body.slice(1)}^`;
  return body;
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
