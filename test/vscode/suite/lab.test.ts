import * as assert from 'assert';
import type { ChildProcess } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Walk } from '../../../src/core/runbook/engine';
import type { RunOutcome } from '../../../src/extension/remote/runDiagnostic';
import type { StacktalesApi } from '../../../src/extension/extension';
import { freePortRange, startLabProcess, tempDir } from '../../ssh/sshd';
import { until } from './until';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

describe('the extension against the lab', function () {
  this.timeout(60000);
  let lab: ChildProcess;
  let api: StacktalesApi;
  const config = () => vscode.workspace.getConfiguration('stacktales');

  before(async () => {
    api = await vscode.extensions.getExtension<StacktalesApi>('stacktales.stacktales')!.activate();
    const dir = tempDir('stacktales-lab-');
    const started = await startLabProcess(path.join(ROOT, 'dist', 'cli.js'), await freePortRange(16), dir);
    lab = started.proc;
    await config().update('ssh.configFile', path.join(dir, 'ssh_config'), vscode.ConfigurationTarget.Global);
    await config().update('inventory', path.join(dir, 'inventory.ini'), vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await config().update('ssh.configFile', undefined, vscode.ConfigurationTarget.Global);
    await config().update('inventory', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    lab?.kill('SIGTERM');
  });

  it('lists the lab\'s hosts with their roles, from its ssh_config and inventory', () => {
    const h = api.hosts.hosts().find((x) => x.name === 'double-vlan-cmp');
    assert.ok(h, api.hosts.hosts().map((x) => x.name).join(','));
    assert.deepStrictEqual([h.roles, h.source], [['compute'], 'inventory']);
  });

  it('walks the double-vlan runbook through the panel to "confirmed" on the lab\'s hosts', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('stacktales.openRunbook', 'double-vlan', { hosts: ['double-vlan-ctl', 'double-vlan-cmp'] }), true);
    await until('the first step on the panel', () => api.runbooks.rendered.get('double-vlan')?.current === 'read-config');
    let walk = await vscode.commands.executeCommand<Walk>('stacktales.runbookAction', 'double-vlan', 'run');
    // On failure, say how the hosts were resolved (keys, known_hosts, ports): an auth failure is then explained.
    const resolved = () => JSON.stringify(api.hosts.hosts().filter((h) => h.name.startsWith('double-vlan')).map((h) => [h.name, h.port, h.identityFiles, h.knownHostsFiles, h.source]));
    assert.deepStrictEqual([walk.steps[0].outcome, walk.steps[0].hosts.sort()], ['confirmed', ['double-vlan-cmp', 'double-vlan-ctl']], `${walk.steps[0].evidence.join('\n')}\nhosts: ${resolved()}\nssh.configFile: ${config().get('ssh.configFile')}`);
    walk = await vscode.commands.executeCommand<Walk>('stacktales.runbookAction', 'double-vlan', 'run');
    assert.strictEqual(walk.conclusion, 'confirmed');
    await until('the conclusion on the panel', () => api.runbooks.rendered.get('double-vlan')?.conclusion === 'confirmed');
  });
});

describe('the lab started from the editor', function () {
  this.timeout(60000);
  let api: StacktalesApi;

  before(async () => {
    api = await vscode.extensions.getExtension<StacktalesApi>('stacktales.stacktales')!.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('stacktales.stopLab');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('starts simulated hosts that join the Hosts view, answer diagnostics over SSH, and leave when it stops', async () => {
    const count = await vscode.commands.executeCommand<number>('stacktales.startLab');
    assert.ok(count && count >= 12, `lab hosts: ${count}`);
    const cmp = api.hosts.hosts().find((h) => h.name === 'double-vlan-cmp');
    assert.ok(cmp, api.hosts.hosts().map((h) => h.name).join(','));
    assert.deepStrictEqual([cmp.source, cmp.roles, cmp.address], ['lab', ['compute'], '127.0.0.1']);
    // Host keys are checked: the lab's ssh_config names its own known_hosts.
    assert.ok(cmp.knownHostsFiles?.[0]?.startsWith(api.lab.running!.dir), JSON.stringify(cmp.knownHostsFiles));

    const outcome = await vscode.commands.executeCommand<RunOutcome>('stacktales.runDiagnostic', 'double-vlan', 'ip-detail-link', { hosts: ['double-vlan-cmp'] });
    assert.ok(outcome);
    assert.deepStrictEqual([outcome.results[0].host, outcome.results[0].exitCode, outcome.results[0].error], ['double-vlan-cmp', 0, null]);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(outcome.documents[0]));
    assert.match(doc.getText(), /vlan20@bond0/);
    await until('the output annotated with the tale', () => vscode.languages.getDiagnostics(doc.uri).some((d) => /double-vlan|VLAN/i.test(d.message)));

    // The lab host's files, opened over SFTP and annotated like a real host's.
    const conf = vscode.Uri.from({ scheme: 'stacktales-ssh', authority: 'double-vlan-cmp', path: '/etc/nova/nova.conf' });
    const remote = await vscode.workspace.openTextDocument(conf);
    await vscode.window.showTextDocument(remote);
    assert.match(remote.getText(), /\[DEFAULT\]/);
    await until('the remote nova.conf annotated', () => vscode.languages.getDiagnostics(conf).some((d) => d.code === 'double-vlan/vlan-interface-is-vlan' && d.range.start.line === 7)).catch((e: Error) => {
      throw new Error(`${e.message}; diagnostics: ${JSON.stringify(vscode.languages.getDiagnostics(conf).map((d) => d.message))}; language ${remote.languageId}`);
    });

    assert.strictEqual(await vscode.commands.executeCommand('stacktales.stopLab'), true);
    assert.strictEqual(api.hosts.hosts().some((h) => h.source === 'lab'), false);
    assert.strictEqual(api.lab.running, undefined);
  });
});

