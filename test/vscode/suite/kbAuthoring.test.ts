import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { StacktalesApi } from '../../../src/extension/extension';
import { until } from './until';

describe('writing an entry in the editor', function () {
  this.timeout(60000);
  let api: StacktalesApi;
  const config = () => vscode.workspace.getConfiguration('stacktales');

  before(async () => {
    api = await vscode.extensions.getExtension<StacktalesApi>('stacktales.stacktales')!.activate();
  });

  after(async () => {
    await config().update('kb.paths', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('scaffolds an entry, marks kb check problems as you type, and reloads the KB on save', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'stacktales-my-kb-'));
    await config().update('kb.paths', [folder], vscode.ConfigurationTarget.Global);
    const dir = await vscode.commands.executeCommand<string>('stacktales.newEntry', 'swift-ring-storm', folder);
    assert.strictEqual(dir, path.join(folder, 'swift-ring-storm'));
    const editor = await until('entry.yaml in an editor', () => vscode.window.visibleTextEditors.find((e) => e.document.fileName === path.join(dir, 'entry.yaml')));
    const doc = editor.document;

    // A dangling reference, typed and not saved: marked at its line.
    const at = doc.getText().split('\n').findIndex((l) => l.includes('next: example-check'));
    assert.ok(at > 0);
    await editor.edit((b) => b.replace(doc.lineAt(at).range, '    next: no-such-diagnostic'));
    const marked = await until('the problem in entry.yaml', () => vscode.languages.getDiagnostics(doc.uri).find((d) => /no-such-diagnostic/.test(d.message)));
    assert.deepStrictEqual([marked.range.start.line, marked.source], [at, 'stacktales kb check']);

    // Mended and retitled, then saved: the problem goes, and the KB has the entry with its new title.
    const title = doc.getText().split('\n').findIndex((l) => l.startsWith('title:'));
    await editor.edit((b) => {
      b.replace(doc.lineAt(at).range, '    next: example-check');
      b.replace(doc.lineAt(title).range, 'title: { en: "Swift ring rebalance storm", de: "Swift-Ring-Rebalance-Sturm" }');
    });
    await until('no problem left', () => vscode.languages.getDiagnostics(doc.uri).length === 0);
    assert.ok(await doc.save());
    await until('the entry in the KB under its new title', () => api.kb.get().get('swift-ring-storm')?.entry.title.en === 'Swift ring rebalance storm');
    assert.strictEqual(api.kb.get().search.search('ring rebalance storm', { lang: 'en' })[0]?.id, 'swift-ring-storm');
  });
});
