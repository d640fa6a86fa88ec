import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './paths';

/** Every string of the source files below dir that is passed to vscode.l10n.t as a literal. */
function l10nStrings(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(e.parentPath ?? (e as { path: string }).path, e.name);
    if (!e.isFile() || !file.endsWith('.ts')) continue;
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/l10n\.t\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)) {
      // The literal as JavaScript reads it (escapes resolved), which is the bundle's key.
      const value = m[1] === '`' ? m[2] : (JSON.parse(`"${m[2].replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string);
      found.set(value, `${path.relative(ROOT, file)}:${text.slice(0, m.index).split('\n').length}`);
    }
  }
  return found;
}

describe('localisation', () => {
  it('has a German text for every string the extension shows', () => {
    const de = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.de.json'), 'utf8')) as Record<string, string>;
    const strings = l10nStrings(path.join(ROOT, 'src', 'extension'));
    assert.ok(strings.size > 30, `only ${strings.size} strings found: the scan is broken`);
    const missing = [...strings].filter(([s]) => !(s in de)).map(([s, where]) => `${where}: ${JSON.stringify(s)}`);
    assert.deepStrictEqual(missing, []);
  });

  it('names every %key% of package.json in English and German', () => {
    const pkg = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
    const keys = [...new Set([...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]))];
    assert.ok(keys.length > 10);
    for (const lang of ['package.nls.json', 'package.nls.de.json']) {
      const nls = JSON.parse(fs.readFileSync(path.join(ROOT, lang), 'utf8')) as Record<string, string>;
      assert.deepStrictEqual(keys.filter((k) => !(k in nls)), [], lang);
    }
  });
});
