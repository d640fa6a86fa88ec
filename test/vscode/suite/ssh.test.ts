import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { until } from './until';
import type { RunOutcome } from '../../../src/extension/remote/runDiagnostic';
import type { StacktalesApi } from '../../../src/extension/extension';
import { keyPair, startSshd, tempDir, writeKnownHosts, type Sshd } from '../../ssh/sshd';


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
    // Allocated, not sparse: the KB's du counts allocated bytes (#14).
    execFileSync('fallocate', ['-l', '200M', path.join(instances, 'instance-00000e05', 'console.log')]);
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
    assert.match(doc.lineAt(1).text, /^# command: du -B1 /);
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

  describe('remote files', () => {
    let tree: string;
    before(() => {
      tree = tempDir('stacktales-remote-');
      fs.mkdirSync(path.join(tree, 'etc', 'nova'), { recursive: true });
      fs.writeFileSync(path.join(tree, 'etc', 'nova', 'nova.conf'), '[DEFAULT]\nmy_ip = 10.1.0.21\nvlan_interface = vlan20\n');
      fs.writeFileSync(path.join(tree, 'switch.log'), 'Feb 15 01:12:03 SW-1 Lldp: %LLDP-5-NEIGHBOR_NEW: neighbor added on Ethernet36\n');
    });

    it('browses, stats and reads a host\'s files over SFTP, read-only', async () => {
      const dirUri = vscode.Uri.from({ scheme: 'stacktales-ssh', authority: 'lab-compute', path: path.join(tree, 'etc') });
      assert.deepStrictEqual(await vscode.workspace.fs.readDirectory(dirUri), [['nova', vscode.FileType.Directory]]);
      const conf = vscode.Uri.joinPath(dirUri, 'nova', 'nova.conf');
      assert.strictEqual((await vscode.workspace.fs.stat(conf)).type, vscode.FileType.File);
      assert.match(Buffer.from(await vscode.workspace.fs.readFile(conf)).toString(), /vlan_interface = vlan20/);
      await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(conf, Buffer.from('x'))), /NoPermissions|only reads|read-?only/i);
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(dirUri, 'missing'))), /FileNotFound|EntryNotFound|not found/i);
    });

    it('annotates a remote config file like a local one', async () => {
      const uri = await vscode.commands.executeCommand<string>('stacktales.openRemoteFile', 'lab-compute', path.join(tree, 'etc', 'nova', 'nova.conf'));
      const diags = await until('remote diagnostics', () => vscode.languages.getDiagnostics(vscode.Uri.parse(uri)).filter((d) => d.source === 'Stacktales').length > 0 && vscode.languages.getDiagnostics(vscode.Uri.parse(uri)));
      assert.deepStrictEqual(diags.map((d) => [d.code, d.range.start.line]), [['double-vlan/vlan-interface-is-vlan', 2]]);
    });

    it('follows a remote log and annotates lines as they arrive; stop and resume', async () => {
      const log = path.join(tree, 'switch.log');
      const uri = vscode.Uri.parse(await vscode.commands.executeCommand<string>('stacktales.openRemoteLog', 'lab-compute', log));
      const doc = await until('the log view', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.getText().includes('NEIGHBOR_NEW')));
      assert.strictEqual(api.logs.state(uri), 'following');
      await until('the remote tail to run', () => api.logs.isLive(uri));
      fs.appendFileSync(log, 'Feb 15 01:40:18 SW-1 Ebra: %ETH-4-ERRDISABLE: bpduguard error detected on Port-Channel35.\n');
      const diags = await until('a finding on the appended line', () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Stacktales').length > 0 && vscode.languages.getDiagnostics(uri));
      assert.deepStrictEqual(diags.map((d) => [d.code, d.range.start.line]), [['bpdu-guard-massacre/switch-bpduguard-block', 1]]);
      await vscode.commands.executeCommand('stacktales.stopFollowing', uri);
      assert.strictEqual(api.logs.state(uri), 'stopped');
      fs.appendFileSync(log, 'while stopped\n');
      await new Promise((r) => setTimeout(r, 1000));
      assert.doesNotMatch(doc.getText(), /while stopped/);
      await vscode.commands.executeCommand('stacktales.resumeFollowing', uri);
      await until('the remote tail to run again', () => api.logs.isLive(uri));
      fs.appendFileSync(log, 'after resume\n');
      await until('lines after resume', () => doc.getText().includes('after resume'));
      await vscode.commands.executeCommand('stacktales.stopFollowing', uri);
    });

    it('scans remote paths on several hosts into the Findings view, linking the remote files', async () => {
      fs.writeFileSync(path.join(tree, 'tor.log'), 'Feb 15 01:40:18 SW-1 Ebra: %ETH-4-ERRDISABLE: bpduguard error detected on Port-Channel35.\n');
      const r = await vscode.commands.executeCommand<{ findings: number; bytesScanned: number; bytesTransferred: number }>('stacktales.scanRemote', ['lab-compute', 'lab-down'], [`${tree}/etc/nova/nova.conf`, `${tree}/tor.log`]);
      assert.ok(r.findings >= 2, JSON.stringify(r));
      const entries = api.findingsTree.getChildren();
      const vlan = entries.find((n) => n.kind === 'entry' && n.entry === 'double-vlan')!;
      const [file] = api.findingsTree.getChildren(vlan);
      assert.ok(file.kind === 'file' && file.file.startsWith('stacktales-ssh://lab-compute/'), JSON.stringify(file));
    });
  });

  describe('runbook panel', () => {
    it('walks a runbook step by step over SSH, keeps the walk across reopening, and exports the report', async () => {
      assert.strictEqual(await vscode.commands.executeCommand('stacktales.openRunbook', 'console-log-flood', { hosts: ['lab-compute'], params: { instances_path: instances } }), true);
      await until('the panel at its first step', () => api.runbooks.rendered.get('console-log-flood')?.current === 'sizes');
      let walk = await vscode.commands.executeCommand<import('../../../src/core/runbook/engine').Walk>('stacktales.runbookAction', 'console-log-flood', 'run');
      assert.deepStrictEqual([walk.steps[0].id, walk.steps[0].outcome, walk.pending], ['sizes', 'confirmed', 'rotation']);
      await until('the panel at the next step', () => api.runbooks.rendered.get('console-log-flood')?.current === 'rotation');
      walk = await vscode.commands.executeCommand('stacktales.runbookAction', 'console-log-flood', 'run');
      assert.strictEqual(walk.conclusion, 'confirmed');
      await until('the conclusion on the panel', () => api.runbooks.rendered.get('console-log-flood')?.conclusion === 'confirmed');

      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      assert.strictEqual(await vscode.commands.executeCommand('stacktales.openRunbook', 'console-log-flood'), true);
      await until('the walk restored', () => api.runbooks.rendered.get('console-log-flood')?.conclusion === 'confirmed');

      const uri = await api.runbooks.exportReport('console-log-flood');
      assert.ok(uri);
      try {
        const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString();
        assert.match(text, /^# Incident report: A runaway console\.log/);
        assert.match(text, /Conclusion: \*\*confirmed\*\*/);
        assert.match(text, /209715200\t.*instance-00000e05\/console\.log/);
        assert.match(text, /lab-compute/);
      } finally {
        await vscode.workspace.fs.delete(uri);
      }
    });
  });
});

