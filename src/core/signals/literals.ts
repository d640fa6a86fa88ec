import { parse, type AstNode, type Features } from 'regjsparser';

/**
 * Literal strings of which at least one must occur in any line the pattern matches, or
 * undefined when no such set can be derived (then the signal is not prefiltered).
 * This is how grep picks its "must" strings: a sequence contributes its longest
 * mandatory literal run, an alternation the union of its branches' literals.
 */
export function requiredLiterals(pattern: string, flags = ''): string[] | undefined {
  if (flags.includes('i')) return undefined;
  let ast: AstNode<Features>;
  try {
    ast = parse(pattern, flags, { namedGroups: true, lookbehind: true, unicodePropertyEscape: true } as Features);
  } catch {
    return undefined;
  }
  const set = mustOf(ast);
  return set && set.every((s) => s.length >= 3) ? [...new Set(set)] : undefined;
}

/** Minimum literal length worth prefiltering on: shorter ones match almost every line. */
const MIN = 3;

function mustOf(node: AstNode<Features>): string[] | undefined {
  switch (node.type) {
    case 'alternative':
      return bestOfSequence(node.body);
    case 'disjunction': {
      const parts = node.body.map(mustOf);
      return parts.every((p): p is string[] => !!p) ? parts.flat() : undefined;
    }
    case 'group':
      if (node.behavior === 'lookahead' || node.behavior === 'lookbehind' || node.behavior === 'negativeLookahead' || node.behavior === 'negativeLookbehind') return undefined;
      return bestOfSequence(node.body);
    case 'quantifier':
      return node.min >= 1 ? mustOf(node.body[0]) : undefined;
    case 'value':
      return [String.fromCodePoint(node.codePoint)];
    default:
      return undefined;
  }
}

/** In a sequence: runs of adjacent literal characters, or a mandatory sub-part; the longest wins. */
function bestOfSequence(body: AstNode<Features>[]): string[] | undefined {
  let best: string[] | undefined;
  let run = '';
  const consider = (c: string[] | undefined) => {
    if (c && c.every((s) => s.length >= MIN) && (!best || score(c) > score(best))) best = c;
  };
  for (const n of body) {
    if (n.type === 'value') {
      run += String.fromCodePoint(n.codePoint);
      continue;
    }
    consider(run ? [run] : undefined);
    run = '';
    if (n.type === 'group' || n.type === 'disjunction' || (n.type === 'quantifier' && n.min >= 1)) consider(mustOf(n));
    if (n.type === 'quantifier' && n.min >= 1 && n.body[0].type === 'value') run = String.fromCodePoint(n.body[0].codePoint);
  }
  consider(run ? [run] : undefined);
  return best;
}

/**
 * A set is as selective as its weakest member. Upper case, digits and punctuation are
 * rarer in logs than lower-case words, so "DHCPREQUEST(" beats the longer "dnsmasq-dhcp["
 * (which every DHCPACK line has too).
 */
const score = (set: string[]) => Math.min(...set.map(rarity)) - set.length * 0.5;
const rarity = (lit: string) => [...lit].reduce((n, ch) => n + (/[a-z ]/.test(ch) ? 1 : /[A-Z]/.test(ch) ? 1.6 : 1.3), 0);
