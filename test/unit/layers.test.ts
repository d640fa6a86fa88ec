import * as assert from 'assert';
import { ESLint } from 'eslint';
import * as path from 'path';
import { ROOT } from './paths';

/** The lint rules that keep src/core in layers (eslint.config.mjs, CONTRIBUTING.md) really bite. */
describe('layers of src/core', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const lint = async (file: string, text: string) => (await eslint.lintText(text, { filePath: path.join(ROOT, file) }))[0].messages.filter((m) => m.ruleId === 'no-restricted-imports');

  it('refuses an import that runs back up (detect → scan, signals → detect, kb → knowledge)', async function () {
    this.timeout(60000);
    for (const [file, spec] of [
      ['src/core/detect/compile.ts', '../scan/files'],
      ['src/core/signals/kinds/log.ts', '../../detect/session'],
      ['src/core/kb/types.ts', '../knowledge/loadKb'],
      ['src/core/wire/frames.ts', '../scan/hostScript'],
    ]) {
      const messages = await lint(file, `import * as x from '${spec}';\nexport const y = x;\n`);
      assert.strictEqual(messages.length, 1, `${file} importing ${spec}: ${JSON.stringify(messages)}`);
      assert.match(messages[0].message, /may not run back up/);
    }
  });

  it('lets an import run down (scan → detect, detect → signals)', async function () {
    this.timeout(60000);
    assert.deepStrictEqual(await lint('src/core/scan/files.ts', `import * as x from '../detect/session';\nexport const y = x;\n`), []);
    assert.deepStrictEqual(await lint('src/core/detect/compile.ts', `import * as x from '../signals/kinds';\nexport const y = x;\n`), []);
  });
});
