import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { ROOT } from './paths';

describe('entry types', () => {
  it('are the ones generated from kb/schema/entry.schema.json (npm run gen:types)', function () {
    this.timeout(60000);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-types.mjs'), '--check'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
  });
});
