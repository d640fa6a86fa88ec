import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { KINDS } from '../../src/core/signals/kinds';
import { ROOT } from './paths';

describe('entry types', () => {
  it('are the ones generated from kb/schema/entry.schema.json (npm run gen:types)', function () {
    this.timeout(60000);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-types.mjs'), '--check'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
  });
});

describe('signal kinds', () => {
  it('has one module for every kind the schema defines, and none more', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'kb', 'schema', 'entry.schema.json'), 'utf8')) as { definitions: Record<string, { oneOf?: { $ref: string }[]; properties?: { kind?: { const?: string } } }> };
    const kinds = schema.definitions.signal.oneOf!.map((r) => schema.definitions[r.$ref.split('/').pop()!].properties!.kind!.const);
    assert.deepStrictEqual(kinds.sort(), Object.keys(KINDS).sort());
    for (const [name, kind] of Object.entries(KINDS)) assert.strictEqual(kind.name, name);
  });
});
