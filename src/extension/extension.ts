import * as vscode from 'vscode';
import { CommandManager } from './commands/command';
import { OpenEntryCommand } from './commands/openEntry';
import { ReloadKbCommand } from './commands/reloadKb';
import { BrowseHostCommand, FollowingCommand, OpenRemoteFileCommand, OpenRemoteLogCommand, ScanRemoteCommand } from './commands/remote';
import { RunDiagnosticCommand } from './commands/runDiagnostic';
import { ScanWorkspaceCommand } from './commands/scanWorkspace';
import { SearchSymptomsCommand } from './commands/searchSymptoms';
import { ShowDiagnosticCommand } from './commands/showDiagnostic';
import { DetectorService } from './detectors/detectorService';
import { DocumentFindings } from './detectors/documentFindings';
import { registerFindingActions } from './detectors/findingActions';
import { registerFindingHover } from './detectors/findingHover';
import { registerFindingLens } from './detectors/findingLens';
import { FindingsTree } from './detectors/findingsTree';
import { EntriesTree, registerEntriesView } from './entriesTree';
import { ENTRY_VIEW_TYPE, EntryPanels } from './entryPanels';
import { KbService } from './kbService';
import { StartLabCommand, StopLabCommand } from './commands/lab';
import { LabService } from './labService';
import { NewEntryCommand } from './commands/newEntry';
import { registerKbAuthoring } from './kbAuthoring';
import { RUNBOOK_VIEW_TYPE, RunbookPanels, type RunbookAction } from './runbookPanels';
import { HostsService } from './ssh/hostsService';
import { HostsTree } from './ssh/hostsTree';
import { OutputDocuments } from './ssh/outputDocuments';
import { RemoteFileSystem, REMOTE_SCHEME } from './ssh/remoteFs';
import { RemoteLogs } from './ssh/remoteLogs';
import { SshService } from './ssh/sshService';
import { pickEntry } from './pickers';
import { registerStatusItem } from './statusItem';

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
 * The composition root: everything is wired here by constructor injection. Activation only
 * registers; the KB loads on first use, and the detectors compile on the first document
 * worth scanning (a log, a config file, saved command output).
 */
export function activate(context: vscode.ExtensionContext): StacktalesApi {
  const activateStart = performance.now();
  const log = vscode.window.createOutputChannel('Stacktales', { log: true });
  const kb = new KbService(context.extensionUri, log);
  const panels = new EntryPanels(context.extensionUri, kb);
  const tree = new EntriesTree(kb);
  const status = registerStatusItem(kb);
  const detectors = new DetectorService(kb);
  const findings = new DocumentFindings(kb, detectors);
  const findingsTree = new FindingsTree(kb, findings);
  const lab = new LabService(context, kb, log);
  const hosts = new HostsService(lab);
  const ssh = new SshService(context, log);
  const outputs = new OutputDocuments();
  const logs = new RemoteLogs(hosts, ssh);
  const runbooks = new RunbookPanels(context, kb, hosts, ssh, detectors);

  const commands = new CommandManager();
  const search = commands.register(new SearchSymptomsCommand(kb));
  commands.register(new OpenEntryCommand(panels));
  commands.register(new ReloadKbCommand(kb));
  commands.register(new ShowDiagnosticCommand(panels));
  commands.register(new ScanWorkspaceCommand(detectors, findingsTree));
  const run = commands.register(new RunDiagnosticCommand(kb, hosts, ssh, detectors, outputs));
  commands.register({ id: 'stacktales.refreshHosts', execute: () => hosts.refresh() });
  commands.register(new OpenRemoteFileCommand(hosts));
  commands.register(new BrowseHostCommand(hosts));
  commands.register(new OpenRemoteLogCommand(hosts, logs));
  commands.register(new FollowingCommand(logs, 'stop'));
  commands.register(new FollowingCommand(logs, 'resume'));
  commands.register(new ScanRemoteCommand(hosts, ssh, detectors, findingsTree));
  commands.register(new NewEntryCommand(kb));
  commands.register(new StartLabCommand(lab));
  commands.register(new StopLabCommand(lab));
  commands.register({ id: 'stacktales.openRunbook', execute: (entry?: unknown, opts?: unknown) => (typeof entry === 'string' ? runbooks.open(entry, (opts ?? {}) as { hosts?: string[] }) : pickEntryThen(kb, (id) => runbooks.open(id))) });
  commands.register({ id: 'stacktales.runbookAction', execute: (entry: unknown, action: unknown, value?: unknown) => runbooks.act(String(entry), action as RunbookAction, typeof value === 'string' ? value : undefined) });
  commands.register({ id: 'stacktales.exportReport', execute: (entry?: unknown) => (typeof entry === 'string' ? runbooks.exportReport(entry) : pickEntryThen(kb, (id) => runbooks.exportReport(id))) });

  context.subscriptions.push(
    log,
    kb,
    panels,
    commands,
    registerEntriesView(tree),
    status.disposable,
    detectors,
    findings,
    findingsTree,
    vscode.window.registerTreeDataProvider('stacktales.findings', findingsTree),
    lab,
    hosts,
    ssh,
    outputs,
    logs,
    vscode.workspace.registerFileSystemProvider(REMOTE_SCHEME, new RemoteFileSystem(hosts, ssh), { isReadonly: true, isCaseSensitive: true }),
    vscode.window.registerTreeDataProvider('stacktales.hosts', new HostsTree(hosts)),
    registerFindingHover(kb, findings),
    registerFindingLens(kb, findings),
    registerFindingActions(kb, findings),
    registerKbAuthoring(kb),
    runbooks,
    vscode.window.registerWebviewPanelSerializer(RUNBOOK_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => runbooks.restore(panel, state),
    }),
    vscode.window.registerWebviewPanelSerializer(ENTRY_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => panels.restore(panel, state),
    }),
  );
  const marks = globalThis as { __stacktalesLoadStart?: number; __stacktalesLoadEnd?: number };
  const loadStart = marks.__stacktalesLoadStart ?? activateStart;
  const loadEnd = marks.__stacktalesLoadEnd ?? activateStart;
  const activation = { evaluateMs: loadEnd - loadStart, hostMs: activateStart - loadEnd, activateMs: performance.now() - activateStart };
  return { kb, panels, search, tree, status: status.item, findings, findingsTree, hosts, lab, run, logs, runbooks, activationMs: activation.evaluateMs + activation.activateMs, activation };
}

export function deactivate(): void {}

/** The entry an argument-less command works on: chosen from a list. */
async function pickEntryThen<T>(kb: KbService, then: (id: string) => T): Promise<T | undefined> {
  const e = await pickEntry(kb);
  return e ? then(e.entry.id) : undefined;
}
