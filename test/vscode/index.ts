// Entry point loaded by the VS Code extension host (extensionTestsPath), under
// @vscode/test-electron and under the offline code-server workbench alike.
// The extension host's console does not reach the caller in test mode, so the
// results also go to the JSON file named by $STACKTALES_TEST_RESULTS.
import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';
import * as util from 'util';

export function run(): Promise<void> {
  let output = '';
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void };
  const original = base.consoleLog;
  base.consoleLog = (...a: unknown[]) => {
    output += util.format(...a) + '\n';
    original.apply(console, a);
  };
  const mocha = new Mocha({ ui: 'bdd', timeout: 30000, color: false, reporter: 'spec' });
  // STACKTALES_SUITE=vsix runs the checks of an installed VSIX instead of the development suite.
  const dir = path.join(__dirname, process.env.STACKTALES_SUITE === 'vsix' ? 'vsix-suite' : 'suite');
  for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    const results = { passes: [] as string[], failures: [] as { title: string; error: string }[], output: '' };
    const runner = mocha.run((failures) => {
      results.output = output;
      if (process.env.STACKTALES_TEST_RESULTS) fs.writeFileSync(process.env.STACKTALES_TEST_RESULTS, JSON.stringify(results, null, 2));
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => results.passes.push(t.fullTitle()));
    runner.on('fail', (t, err) => results.failures.push({ title: t.fullTitle(), error: String(err?.message) }));
  });
}
