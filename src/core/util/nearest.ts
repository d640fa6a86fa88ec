/** The edit distance between two words (insert, delete, replace, swap of neighbours count one each). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The names nearest to a mistyped one, nearest first (at most `max`): a few typos away, or
 * holding it whole ("vlan" → "double-vlan").
 */
export function nearestNames(names: readonly string[], typed: string, max = 3): string[] {
  const t = typed.toLowerCase();
  const allowed = Math.max(2, Math.floor(t.length / 4));
  return names
    .map((n) => ({ n, d: n.includes(t) && t.length >= 3 ? 0.5 : editDistance(n, t) }))
    .filter((x) => x.d <= allowed)
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, max)
    .map((x) => x.n);
}
