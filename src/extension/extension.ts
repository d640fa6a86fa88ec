import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { DetectorService } from './findings/detectorService';
import { DocumentFindings } from './findings/documentFindings';
import { registerFindingActions } from './findings/findingActions';
import { registerFindingHover } from './findings/findingHover';
import { registerFindingLens } from './findings/findingLens';
import { FindingsTree, registerFindingsView } from './findings/findingsTree';
import { HostsService } from './hosts/hostsService';
import { registerHostsView } from './hosts/hostsTree';
import { EntriesTree, registerEntriesView } from './kb/entriesTree';
import { EntryPanels } from './kb/entryPanels';
import { registerKbAuthoring } from './kb/kbAuthoring';
import { KbService } from './kb/kbService';
import type { SearchSymptomsCommand } from './kb/searchSymptoms';
import { registerStatusItem } from './kb/statusItem';
import { LabService } from './lab/labService';
import { OutputDocuments } from './remote/outputDocuments';
import { registerRemoteFileSystem } from './remote/remoteFs';
import { RemoteLogs } from './remote/remoteLogs';
import type { RunDiagnosticCommand } from './remote/runDiagnostic';
import { SshService } from './remote/sshService';
import { RunbookPanels } from './runbook/runbookPanels';

/** What activate() returns: used by the integration tests to look inside, never needed by users. */
export interface StacktalesApi {
  kb: KbService;
  panels: EntryPanels;
  search: SearchSymptomsCommand;
  tree: EntriesTree;
  status: vscode.StatusBarItem;
  findings: DocumentFindings;
  findingsTree: FindingsTree;
  hosts: HostsService;
  lab: LabService;
  run: RunDiagnosticCommand;
  logs: RemoteLogs;
  runbooks: RunbookPanels;
  /**
   * Our share of activation, in ms: evaluating the bundle (banner to footer) plus activate().
   * The extension host's own work between the two (context, storage) is reported apart.
   */
  activationMs: number;
  activation: { evaluateMs: number; hostMs: number; activateMs: number };
}

/**
 * The composition root: everything is wired here by constructor injection, feature by feature
 * (kb, findings, hosts, remote, lab, runbook). Activation only registers cheap stubs; src/core
 * loads on first use through shared/lazyCore.ts: the KB on the first search or view, the
 * detectors on the first document worth scanning (a log, a config file, saved command output).
 */
export function activate(context: vscode.ExtensionContext): StacktalesApi {
  const activateStart = performance.now();
  const log = vscode.window.createOutputChannel('Stacktales', { log: true });
  // kb
  const kb = new KbService(context.extensionUri, log);
  const panels = new EntryPanels(context.extensionUri, kb);
  const tree = new EntriesTree(kb);
  const status = registerStatusItem(kb);
  // findings
  const detectors = new DetectorService(kb);
  const findings = new DocumentFindings(kb, detectors);
  const findingsTree = new FindingsTree(kb, findings);
  // lab, hosts, remote
  const lab = new LabService(context, kb, log);
  const hosts = new HostsService(lab);
  const ssh = new SshService(context, log);
  const outputs = new OutputDocuments();
  const logs = new RemoteLogs(hosts, ssh);
  // runbook
  const runbooks = new RunbookPanels(context, kb, hosts, ssh, detectors);

  const { manager, search, run } = registerCommands({ kb, panels, detectors, findingsTree, hosts, ssh, outputs, logs, lab, runbooks });

  context.subscriptions.push(
    log,
    kb,
    panels,
    manager,
    registerEntriesView(tree),
    status.disposable,
    registerKbAuthoring(kb),
    detectors,
    findings,
    findingsTree,
    registerFindingsView(findingsTree),
    registerFindingHover(kb, findings),
    registerFindingLens(kb, findings),
    registerFindingActions(kb, findings),
    lab,
    hosts,
    registerHostsView(hosts),
    ssh,
    outputs,
    logs,
    registerRemoteFileSystem(hosts, ssh),
    runbooks,
  );
  const marks = globalThis as { __stacktalesLoadStart?: number; __stacktalesLoadEnd?: number };
  const loadStart = marks.__stacktalesLoadStart ?? activateStart;
  const loadEnd = marks.__stacktalesLoadEnd ?? activateStart;
  const activation = { evaluateMs: loadEnd - loadStart, hostMs: activateStart - loadEnd, activateMs: performance.now() - activateStart };
  return { kb, panels, search, tree, status: status.item, findings, findingsTree, hosts, lab, run, logs, runbooks, activationMs: activation.evaluateMs + activation.activateMs, activation };
}

export function deactivate(): void {}
