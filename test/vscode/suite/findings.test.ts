import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { until } from './until';
import type { StacktalesApi } from '../../../src/extension/extension';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const DEMO = path.join(ROOT, 'demo');


const stacktales = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Stacktales');

async function open(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(DEMO, rel)));
  await vscode.window.showTextDocument(doc);
  return doc;
}

describe('findings in the editor', () => {
  let api: StacktalesApi;

  before(async () => {
    api = await vscode.extensions.getExtension<StacktalesApi>('stacktales.stacktales')!.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('puts a nova.conf finding in the Problems panel at the right line and column', async () => {
    const doc = await open('etc/nova/nova.conf');
    const diags = await until('diagnostics', () => stacktales(doc.uri).length > 0 && stacktales(doc.uri));
    const d = diags.find((x) => x.code === 'double-vlan/vlan-interface-is-vlan');
    assert.ok(d, JSON.stringify(diags.map((x) => x.code)));
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(doc.getText(d.range), 'vlan20');
    assert.strictEqual(d.range.start.line, 6);
    assert.match(d.message, /Tenant VLANs stacked on a VLAN interface/);
    assert.ok(!diags.some((x) => /not-a-real-password/.test(x.message)), 'no secret in a message');
  });

  it('annotates a log with the tale, and a saved command output by its content', async () => {
    const log = await open('var/log/nova/nova-compute.log');
    const [d] = await until('log diagnostics', () => stacktales(log.uri).length > 0 && stacktales(log.uri));
    assert.strictEqual(d.code, 'disappearing-images/imagecache-removing-base');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Information);
    assert.strictEqual(d.range.start.line, 287);
    assert.strictEqual(log.languageId, 'openstack-log');

    const out = await open('commands/du-console-logs.txt');
    const [du] = await until('output diagnostics', () => stacktales(out.uri).length > 0 && stacktales(out.uri));
    assert.strictEqual(du.code, 'console-log-flood/console-log-huge');
    assert.strictEqual(du.severity, vscode.DiagnosticSeverity.Error);
  });

  it('explains a finding on hover, with links to the entry and the next diagnostic', async () => {
    const doc = await open('etc/nova/nova.conf');
    const d = await until('diagnostics', () => stacktales(doc.uri).find((x) => x.code === 'double-vlan/vlan-interface-is-vlan'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, d.range.start.translate(0, 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(text, /Stacktales · Tenant VLANs stacked on a VLAN interface/);
    assert.match(text, /command:stacktales\.openEntry\?/);
    assert.match(text, /command:stacktales\.showDiagnostic\?/);
    assert.match(text, /ip -d link show/);
    assert.doesNotMatch(text, /not-a-real-password/);
  });

  it('offers CodeLenses and quick fixes that name the tale', async () => {
    const doc = await open('etc/nova/nova.conf');
    const d = await until('diagnostics', () => stacktales(doc.uri).find((x) => x.code === 'double-vlan/vlan-interface-is-vlan'));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
    const titles = lenses.filter((l) => l.range.start.line === d.range.start.line).map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => /Tenant VLANs stacked/.test(t)), titles.join(' | '));
    assert.ok(titles.some((t) => /Next: Show VLAN devices and their parents/.test(t)), titles.join(' | '));

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range);
    const titlesA = actions.map((a) => a.title);
    assert.ok(titlesA.includes('Stacktales: open entry "Tenant VLANs stacked on a VLAN interface (double tagging, MTU 1504)"'), titlesA.join(' | '));
    assert.ok(titlesA.some((t) => /run next diagnostic "Show VLAN devices and their parents"/.test(t)));
    const similar = actions.find((a) => /search similar/.test(a.title))!;
    assert.deepStrictEqual(similar.command?.arguments, ['vlan_interface = vlan20']);
  });

  it('opens the entry at the next diagnostic from a lens command', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('stacktales.showDiagnostic', 'double-vlan', 'ip-detail-link'), true);
    const state = await until('the webview to scroll', () => api.panels.rendered.get('double-vlan')?.revealed === 'diag-ip-detail-link' && api.panels.rendered.get('double-vlan'));
    assert.strictEqual(state.revealed, 'diag-ip-detail-link');
  });

  it('recognises pasted output in an untitled buffer', async () => {
    const doc = await vscode.workspace.openTextDocument({ content: 'MII Status: down\nLink Failure Count: 3\n', language: 'plaintext' });
    await vscode.window.showTextDocument(doc);
    // Nothing tells the bond-status recogniser this is /proc/net/bonding output: no finding...
    await new Promise((r) => setTimeout(r, 800));
    assert.deepStrictEqual(stacktales(doc.uri).map((d) => d.code), []);
    // ...until the header that identifies it is there.
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'Ethernet Channel Bonding Driver: v3.7.1\n'));
    const diags = await until('diagnostics after the edit', () => stacktales(doc.uri).length > 0 && stacktales(doc.uri));
    assert.deepStrictEqual(diags.map((d) => [d.code, d.range.start.line]), [['bpdu-guard-massacre/bond-slaves-down', 1]]);
  });

  it('scans a large document in the background and still finds the line at its end', async function () {
    this.timeout(60000);
    const noise = '2024-03-02 04:11:51.679 2211 INFO nova.compute.resource_tracker [req-0 - - - - -] Final resource view: name=cmp-03 phys_ram=96638MB\n';
    const lines = Math.ceil(3_000_000 / noise.length);
    const content = noise.repeat(lines) + 'Feb 15 01:40:18 SW-1 Ebra: %ETH-4-ERRDISABLE: bpduguard error detected on Port-Channel35.\n';
    const doc = await vscode.workspace.openTextDocument({ content, language: 'log' });
    await vscode.window.showTextDocument(doc);
    const diags = await until('the background scan', () => stacktales(doc.uri).length > 0 && stacktales(doc.uri), 30000);
    assert.deepStrictEqual(diags.map((d) => [d.code, d.range.start.line]), [['bpdu-guard-massacre/switch-bpduguard-block', lines]]);
  });

  it('turns an entry\'s detectors off by setting, and back on', async () => {
    const doc = await open('var/log/nova/nova-compute.log');
    await until('diagnostics', () => stacktales(doc.uri).length > 0);
    const config = vscode.workspace.getConfiguration('stacktales.detectors');
    await config.update('disabled', ['disappearing-images'], vscode.ConfigurationTarget.Global);
    try {
      await until('the findings to go', () => stacktales(doc.uri).length === 0);
    } finally {
      await config.update('disabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await until('the findings to come back', () => stacktales(doc.uri).length > 0);
  });

  it('scans the workspace into the Findings view, grouped by entry and file', async () => {
    const count = await vscode.commands.executeCommand<number>('stacktales.scanWorkspace');
    assert.ok(count && count >= 8, `findings: ${count}`);
    const entries = api.findingsTree.getChildren();
    const ids = entries.map((n) => (n.kind === 'entry' ? n.entry : '')).sort();
    for (const id of ['bpdu-guard-massacre', 'console-log-flood', 'deleted-rows-bloat', 'disappearing-images', 'double-vlan']) assert.ok(ids.includes(id), ids.join(','));
    const vlan = entries.find((n) => n.kind === 'entry' && n.entry === 'double-vlan')!;
    const files = api.findingsTree.getChildren(vlan).map((n) => (n.kind === 'file' ? path.relative(DEMO, n.file) : ''));
    assert.deepStrictEqual(files.sort(), ['commands/ip-d-link.txt', 'etc/nova/nova.conf']);
    // Across files of one scan, evidence raises severity: vlan20 is itself a VLAN device.
    const conf = api.findingsTree.getChildren(api.findingsTree.getChildren(vlan).find((n) => n.kind === 'file' && n.file.endsWith('nova.conf'))!);
    assert.strictEqual(conf[0].kind === 'finding' && conf[0].finding.severity, 'error');
  });

  it('exports an entry as an Ansible playbook, and opens saved results into the Findings view (issue #18)', async () => {
    const fs = await import('fs');
    const os = await import('os');
    const { parse } = await import('yaml');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stacktales-ansible-'));
    try {
      assert.strictEqual(await vscode.commands.executeCommand('stacktales.exportAnsible', 'double-vlan', dir), dir);
      const tasks = fs.readFileSync(path.join(dir, 'roles', 'stacktales', 'tasks', 'main.yml'), 'utf8');
      assert.match(tasks, /double-vlan\/ip-detail-link/);
      assert.doesNotMatch(tasks, /crudini/, 'no changing command from the editor');
      // Results as the playbook saves them, holding what the double-vlan scenario's hosts print.
      const outputs = parse(fs.readFileSync(path.join(ROOT, 'lab', 'scenarios', 'double-vlan', 'scenario.yaml'), 'utf8')).outputs as Record<string, string>;
      const host = path.join(dir, 'double-vlan-cmp');
      fs.mkdirSync(host);
      fs.writeFileSync(path.join(host, 'groups.json'), '["compute"]\n');
      for (const d of ['ip-detail-link', 'grep-vlan-interface']) {
        fs.writeFileSync(path.join(host, `double-vlan.${d}.out`), outputs[`double-vlan/${d}`]);
        fs.writeFileSync(path.join(host, `double-vlan.${d}.err`), '');
        fs.writeFileSync(path.join(host, `double-vlan.${d}.rc`), '0\n');
        fs.writeFileSync(path.join(host, `double-vlan.${d}.cmd`), `${d}\n`);
      }
      const opened = await vscode.commands.executeCommand<{ results: number; findings: number }>('stacktales.openAnsibleResults', dir);
      assert.strictEqual(opened?.results, 2);
      assert.ok((opened?.findings ?? 0) > 0);
      // The Findings view also shows the open documents' findings: the results are the double-vlan node's host:diagnostic files.
      const vlan = api.findingsTree.getChildren().find((n) => n.kind === 'entry' && n.entry === 'double-vlan');
      assert.ok(vlan, 'double-vlan in the Findings view');
      const files = api.findingsTree.getChildren(vlan).map((n) => (n.kind === 'file' ? n.file : ''));
      assert.ok(files.includes('double-vlan-cmp:ip-detail-link'), files.join(', '));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
