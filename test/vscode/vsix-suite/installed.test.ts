import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { StacktalesApi } from '../../../src/extension/extension';

describe('the installed VSIX', () => {
  it('is installed from the package, not from the source tree, and activates', async () => {
    const ext = vscode.extensions.getExtension<StacktalesApi>('stacktales.stacktales');
    assert.ok(ext, 'installed');
    assert.ok(!ext.extensionPath.startsWith(path.resolve(__dirname, '..', '..', '..', '..')), ext.extensionPath);
    assert.ok(fs.existsSync(path.join(ext.extensionPath, 'dist', 'kb.json')));
    assert.ok(!fs.existsSync(path.join(ext.extensionPath, 'src')), 'sources are not shipped');
    const api = await ext.activate();
    assert.strictEqual(typeof api.activationMs, 'number');
    if (process.env.STACKTALES_ACTIVATION_OUT) fs.writeFileSync(process.env.STACKTALES_ACTIVATION_OUT, JSON.stringify({ activationMs: api.activationMs, ...api.activation }));
  });

  it('searches and opens an entry from the package', async () => {
    const api = await vscode.extensions.getExtension<StacktalesApi>('stacktales.stacktales')!.activate();
    assert.strictEqual(api.kb.get().search.search('Images verschwinden', { lang: 'de' })[0].id, 'disappearing-images');
    assert.strictEqual(await vscode.commands.executeCommand('stacktales.openEntry', 'double-vlan'), true);
    for (let i = 0; i < 100 && !api.panels.rendered.get('double-vlan'); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(api.panels.rendered.get('double-vlan')?.sections.includes('runbook'));
  });

  it('starts the lab from the package and runs a diagnostic on it', async function () {
    this.timeout(60000);
    const api = await vscode.extensions.getExtension<StacktalesApi>('stacktales.stacktales')!.activate();
    try {
      assert.ok(((await vscode.commands.executeCommand<number>('stacktales.startLab')) ?? 0) >= 12);
      const outcome = await vscode.commands.executeCommand<{ results: { exitCode: number | null; stdout: string }[] }>('stacktales.runDiagnostic', 'double-vlan', 'ip-detail-link', { hosts: ['double-vlan-cmp'] });
      assert.strictEqual(outcome?.results[0].exitCode, 0);
      assert.match(outcome.results[0].stdout, /vlan20@bond0/);
    } finally {
      await vscode.commands.executeCommand('stacktales.stopLab');
    }
    assert.strictEqual(api.lab.running, undefined);
  });

  it('scans a big folder with the packaged worker threads, and finds the planted tales', async function () {
    this.timeout(120000);
    const api = await vscode.extensions.getExtension<StacktalesApi>('stacktales.stacktales')!.activate();
    const { generateTree } = await import('../../../bench/treeGenerator');
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'stacktales-vsix-tree-'));
    try {
      // Over the 2,000 files from which a folder goes to worker threads (dist/scanWorker.js of the package).
      const { planted } = generateTree(dir, { files: 3000 });
      const count = await vscode.commands.executeCommand<number>('stacktales.scanWorkspace', [dir]);
      assert.ok((count ?? 0) >= planted.length, `findings: ${count}`);
      const ids = api.findingsTree.getChildren().map((n) => (n.kind === 'entry' ? n.entry : ''));
      for (const p of planted) assert.ok(ids.includes(p.entry), `${p.entry}: ${ids.join(',')}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
