import * as assert from 'assert';
import type { ChildProcess } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Walk } from '../../../src/core/runbook/engine';
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
    assert.deepStrictEqual([walk.steps[0].outcome, walk.steps[0].hosts.sort()], ['confirmed', ['double-vlan-cmp', 'double-vlan-ctl']], walk.steps[0].evidence.join('\n'));
    walk = await vscode.commands.executeCommand<Walk>('stacktales.runbookAction', 'double-vlan', 'run');
    assert.strictEqual(walk.conclusion, 'confirmed');
    await until('the conclusion on the panel', () => api.runbooks.rendered.get('double-vlan')?.conclusion === 'confirmed');
  });
});
