import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../src/extension/commands/runDiagnostic';
import type { StacktalesApi } from '../../../src/extension/extension';
import { keyPair, startSshd, tempDir, writeKnownHosts, type Sshd } from '../../ssh/sshd';

async function until<T>(what: string, probe: () => T | undefined | false, ms = 15000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('diagnostics over SSH in the editor (real sshd)', function () {
  this.timeout(60000);
  let api: StacktalesApi;
  let sshd: Sshd;
  let instances: string;
  const config = () => vscode.workspace.getConfiguration('stacktales');

  before(async () => {
    api = await vscode.extensions.getExtension<StacktalesApi>('stacktales.stacktales')!.activate();
    const dir = tempDir();
    const key = keyPair(dir, 'id_user');
    sshd = await startSshd({ authorizedKeys: [key.publicKey] });
    const kh = writeKnownHosts(path.join(dir, 'known_hosts'), sshd.knownHostsLines);
    instances = tempDir('stacktales-instances-');
    fs.mkdirSync(path.join(instances, 'instance-00000e05'));
    execFileSync('truncate', ['-s', '200M', path.join(instances, 'instance-00000e05', 'console.log')]);
    fs.mkdirSync(path.join(instances, 'instance-00000e06'));
    fs.writeFileSync(path.join(instances, 'instance-00000e06', 'console.log'), 'login: \n');
    await config().update('ssh.knownHostsFiles', [kh], vscode.ConfigurationTarget.Global);
    await config().update('hosts', [
      { name: 'lab-compute', address: '127.0.0.1', port: sshd.port, user: 'root', roles: ['compute'], identityFile: key.privateKey },
      { name: 'lab-down', address: '127.0.0.1', port: 1, user: 'root', roles: ['compute'], identityFile: key.privateKey },
      { name: 'lab-controller', address: '127.0.0.1', port: sshd.port, user: 'root', roles: ['controller'], identityFile: key.privateKey },
    ], vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await config().update('hosts', undefined, vscode.ConfigurationTarget.Global);
    await config().update('ssh.knownHostsFiles', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sshd?.stop();
  });

  it('lists hosts from the settings with their roles in the Hosts view', () => {
    const hosts = api.hosts.hosts().filter((h) => h.name.startsWith('lab-'));
    assert.deepStrictEqual(hosts.map((h) => [h.name, h.roles.join(','), h.source]), [
      ['lab-compute', 'compute', 'settings'],
      ['lab-controller', 'controller', 'settings'],
      ['lab-down', 'compute', 'settings'],
    ]);
  });

  it('runs a diagnostic on a host and shows its output annotated by the detectors', async () => {
    const outcome = await vscode.commands.executeCommand<RunOutcome>('stacktales.runDiagnostic', 'console-log-flood', 'du-console-logs', { hosts: ['lab-compute'], params: { instances_path: instances } });
    assert.ok(outcome);
    const [r] = outcome.results;
    assert.deepStrictEqual([r.host, r.exitCode, r.error], ['lab-compute', 0, null]);
    const uri = vscode.Uri.parse(outcome.documents[0]);
    assert.strictEqual(uri.scheme, 'stacktales-output');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.lineAt(0).text, /^# host: lab-compute$/);
    assert.match(doc.lineAt(1).text, /^# command: du -b /);
    const diags = await until('findings in the output', () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Stacktales').length > 0 && vscode.languages.getDiagnostics(uri));
    assert.deepStrictEqual(diags.map((d) => [d.code, d.severity, doc.lineAt(d.range.start.line).text.split('\t')[0]]), [['console-log-flood/console-log-huge', vscode.DiagnosticSeverity.Error, '209715200']]);
    assert.strictEqual(api.hosts.states.get('lab-compute')?.state, 'ok');
  });

  it('runs on many hosts by role, reports the unreachable one and summarises which show the signal', async () => {
    const outcome = await vscode.commands.executeCommand<RunOutcome>('stacktales.runDiagnostic', 'console-log-flood', 'du-console-logs', { hosts: ['lab-compute', 'lab-down', 'lab-controller'], params: { instances_path: instances } });
    // The controller does not have the compute role: it is not asked.
    assert.deepStrictEqual(outcome.results.map((r) => [r.host, r.error?.kind ?? r.exitCode]), [['lab-compute', 0], ['lab-down', 'refused']]);
    const summary = await vscode.workspace.openTextDocument(vscode.Uri.parse(outcome.documents[0]));
    assert.match(summary.getText(), /hosts that show the signal: lab-compute\n/);
    assert.match(summary.getText(), /lab-down\trefused\t-/);
    assert.strictEqual(api.hosts.states.get('lab-down')?.state, 'failed');
  });
});
