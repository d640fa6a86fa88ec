import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './paths';

describe('the README says what the code does (issue #16)', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it("gives every setting of package.json in its table, with the manifest's default", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes.configuration.properties as Record<string, { default: unknown }>;
    const table = readme.split('## Settings')[1].split('\n## ')[0];
    const rows = new Map([...table.matchAll(/^\| `(stacktales\.[^`]+)` \| `([^`]*)` \|/gm)].map((m) => [m[1], m[2]]));
    assert.deepStrictEqual([...rows.keys()].sort(), Object.keys(manifest).sort());
    for (const [key, shown] of rows) assert.strictEqual(shown, JSON.stringify(manifest[key].default), key);
  });

  it("names the lab's inventory of all its hosts, which npm start points the editor at", () => {
    assert.match(readme, /`<dir>\/inventory\.ini`/);
    assert.match(fs.readFileSync(path.join(ROOT, 'scripts', 'start.sh'), 'utf8'), /"stacktales\.inventory\\": \\"\$LAB_DIR\/inventory\.ini\\"/);
  });

  it('keeps its two set-up commands', () => {
    const setup = readme.split('## Set-up: two commands')[1].split('\n## ')[0];
    assert.deepStrictEqual([...setup.matchAll(/^(npm \w+)\s+#/gm)].map((m) => m[1]), ['npm start', 'npm test']);
  });
});
