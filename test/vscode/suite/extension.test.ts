import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { until } from './until';
import type { StacktalesApi } from '../../../src/extension/extension';
import type { RenderedState } from '../../../src/extension/kb/entryPanels';

const EXTENSION_ID = 'stacktales.stacktales';
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');


function entryTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('stacktales.entry'));
}

describe('Stacktales in the VS Code extension host', () => {
  let api: StacktalesApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<StacktalesApi>(EXTENSION_ID);
    assert.ok(ext, 'extension is installed');
    api = await ext.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activates without loading the KB (lazy)', () => {
    assert.strictEqual(api.kb.loaded, false);
  });

  it('contributes its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['stacktales.searchSymptoms', 'stacktales.openEntry', 'stacktales.reloadKb']) assert.ok(all.includes(c), c);
  });

  it('searches symptoms in German from the palette and opens the entry in a webview', async () => {
    const picked = vscode.commands.executeCommand<string | undefined>('stacktales.searchSymptoms', 'Images verschwinden');
    const items = await until('palette items', () => api.search.lastItems.length > 0 && api.search.lastItems);
    assert.strictEqual(items[0].id, 'disappearing-images');
    assert.match(items[0].detail ?? '', /Images verschwinden/);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.strictEqual(await picked, 'disappearing-images');

    const state = await until<RenderedState>('the webview to render', () => api.panels.rendered.get('disappearing-images'));
    const title = api.kb.get().get('disappearing-images')!.entry.title.en;
    assert.strictEqual(state.title, title);
    assert.deepStrictEqual(state.sections, ['prose', 'symptoms', 'signals', 'diagnostics', 'runbook', 'remedy', 'prevention', 'releases', 'references']);
    assert.ok(state.copyButtons >= 9, `copy buttons: ${state.copyButtons}`);
    const tabs = entryTabs();
    assert.strictEqual(tabs.length, 1);
    assert.strictEqual(tabs[0].label, title);
  });

  it('ranks a pasted log line by its signal', async () => {
    const line = '2012-12-19 12:10:59 INFO nova.virt.libvirt.imagecache [-] Removing base file: /var/lib/nova/instances/_base/7b4783508212f5d242cbf9ff56fb8d33b4ce6166_10';
    const picked = vscode.commands.executeCommand<string | undefined>('stacktales.searchSymptoms', line);
    const items = await until('palette items', () => api.search.lastItems.length > 0 && api.search.lastItems);
    assert.strictEqual(items[0].id, 'disappearing-images');
    assert.match(items[0].detail ?? '', /\$\(pulse\)/);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await picked, undefined);
  });

  it('says when no tale matches, lists the entries related, weakly, and says when pasted text has no signal (issue #16)', async () => {
    const noTale = (items: readonly (vscode.QuickPickItem & { id: string })[]) => items[0]?.id === '' && /No tale matches/.test(items[0].label) && items;
    const picked = vscode.commands.executeCommand<string | undefined>('stacktales.searchSymptoms', 'race between ip allocations and dhcp agent notifications');
    const items = await until('"no tale matches"', () => noTale(api.search.lastItems));
    const heading = items.findIndex((i) => i.kind === vscode.QuickPickItemKind.Separator);
    assert.ok(heading > 0 && /related, weakly/.test(items[heading].label), JSON.stringify(items));
    assert.ok(items.slice(heading + 1).some((i) => i.id === 'dhcp-renewal-stall'), JSON.stringify(items));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await picked, undefined);

    const tail = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'search', 'healthy', 'nova-compute.log'), 'utf8');
    const pasted = vscode.commands.executeCommand<string | undefined>('stacktales.searchSymptoms', tail);
    const none = await until('"no signal"', () => noTale(api.search.lastItems) && /no signal/.test(api.search.lastItems[0].label) && api.search.lastItems);
    assert.deepStrictEqual(none.map((i) => i.id), [''], 'a pasted text without a signal is not ranked on its words');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await pasted, undefined);
  });

  it('lists the entries in the Stacktales view', async () => {
    await vscode.commands.executeCommand('stacktales.entries.focus');
    const ids = api.tree.getChildren().map((e) => e.entry.id);
    const folders = fs.readdirSync(path.join(ROOT, 'kb', 'entries')).filter((d) => fs.existsSync(path.join(ROOT, 'kb', 'entries', d, 'entry.yaml')));
    assert.ok(folders.length >= 6, folders.join(','));
    assert.deepStrictEqual([...ids].sort(), folders.sort());
    const item = api.tree.getTreeItem(api.tree.getChildren()[0]);
    assert.strictEqual(item.command?.command, 'stacktales.openEntry');
  });

  it('opens an entry from the view command and reuses its panel', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('stacktales.openEntry', 'double-vlan'), true);
    assert.strictEqual(await vscode.commands.executeCommand('stacktales.openEntry', 'double-vlan'), true);
    await until('the webview to render', () => api.panels.rendered.get('double-vlan'));
    assert.strictEqual(entryTabs().length, 1);
    assert.strictEqual(await vscode.commands.executeCommand('stacktales.openEntry', 'no-such-entry'), false);
  });

  it('shows entries in German when stacktales.kb.language is de', async () => {
    const config = vscode.workspace.getConfiguration('stacktales');
    await config.update('kb.language', 'de', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('stacktales.openEntry', 'console-log-flood');
      const state = await until('the webview to render', () => api.panels.rendered.get('console-log-flood'));
      assert.strictEqual(state.title, api.kb.get().get('console-log-flood')!.entry.title.de);
      assert.strictEqual(entryTabs()[0].label, api.kb.get().get('console-log-flood')!.entry.title.de);
    } finally {
      await config.update('kb.language', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('loads a user KB folder from stacktales.kb.paths, skipping broken entries', async () => {
    const config = vscode.workspace.getConfiguration('stacktales');
    await config.update('kb.paths', [path.join(ROOT, 'test', 'fixtures', 'kb-broken')], vscode.ConfigurationTarget.Global);
    try {
      const kb = await until('the KB to reload', () => api.kb.get().get('good-entry') && api.kb.get());
      assert.strictEqual(kb.entries.length, 7);
      assert.ok(kb.problems.some((p) => p.file.endsWith(path.join('bad-regex', 'entry.yaml')) && p.line === 12), JSON.stringify(kb.problems));
      assert.strictEqual(api.tree.getChildren().length, 7);
    } finally {
      await config.update('kb.paths', undefined, vscode.ConfigurationTarget.Global);
    }
    await until('the KB to drop the user entries', () => api.kb.get().entries.length === 6);
  });
});

describe('Stacktales status bar item', () => {
  it('is created once the KB has loaded', async () => {
    const api = await vscode.extensions.getExtension<StacktalesApi>(EXTENSION_ID)!.activate();
    api.kb.get();
    await until('the status item', () => api.status.text.includes('Stacktales') && api.status);
    assert.match(String(api.status.tooltip), /6 entries|7 entries/);
  });
});

describe('walkthrough', () => {
  it('contributes "Get started with Stacktales" with its four steps and opens it', async () => {
    const ext = vscode.extensions.getExtension('stacktales.stacktales')!;
    const [w] = ext.packageJSON.contributes.walkthroughs;
    assert.deepStrictEqual(w.steps.map((s: { id: string }) => s.id), ['hosts', 'search', 'diagnostic', 'runbook']);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'stacktales.stacktales#getStarted', false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
