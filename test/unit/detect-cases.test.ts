import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { compileDetectors } from '../../src/core/detect/compile';
import { scanPaths } from '../../src/core/scan/files';
import { loadKb } from '../../src/core/knowledge/loadKb';
import { BUILTIN_IDS, FIXTURES, KB_DIR } from './paths';

interface Expected {
  file: string;
  line: number;
  signal: string;
  severity: string;
}

/**
 * Tests as data: each folder under test/fixtures/detect is a small collected tree (a
 * sosreport, saved command output, logs) with expect.yaml listing exactly the findings a
 * scan of the whole folder must give. "-negative" folders are healthy near-misses: [].
 */
describe('detector cases (test/fixtures/detect/*/expect.yaml)', () => {
  const detectors = compileDetectors(loadKb([{ dir: KB_DIR, origin: 'builtin' }]).entries);
  const root = path.join(FIXTURES, 'detect');
  const cases = fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'expect.yaml'))).sort();

  it('has a positive and a negative case for every tale', () => {
    for (const id of BUILTIN_IDS) {
      assert.ok(cases.includes(`${id}-positive`) && cases.includes(`${id}-negative`), id);
    }
  });

  for (const c of cases) {
    it(c, async () => {
      const dir = path.join(root, c);
      const inputs = fs.readdirSync(dir).filter((f) => f !== 'expect.yaml').map((f) => path.join(dir, f));
      const report = await scanPaths(detectors, inputs);
      const got = report.findings.map((f) => ({ file: path.relative(dir, f.file), line: f.line, signal: `${f.entry}/${f.signal}`, severity: f.severity }));
      const expected = (parse(fs.readFileSync(path.join(dir, 'expect.yaml'), 'utf8')) ?? []) as Expected[];
      const key = (x: Expected) => `${x.file}:${x.line}:${x.signal}:${x.severity}`;
      assert.deepStrictEqual(got.map(key).sort(), expected.map(key).sort());
      assert.deepStrictEqual(report.skipped, []);
    });
  }
});
