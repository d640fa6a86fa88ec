import * as vscode from 'vscode';
import { CommandManager } from './commands/command';
import { OpenEntryCommand } from './commands/openEntry';
import { ReloadKbCommand } from './commands/reloadKb';
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
}

/**
 * The composition root: everything is wired here by constructor injection. Activation only
 * registers; the KB loads on first use, and the detectors compile on the first document
 * worth scanning (a log, a config file, saved command output).
 */
export function activate(context: vscode.ExtensionContext): StacktalesApi {
  const log = vscode.window.createOutputChannel('Stacktales', { log: true });
  const kb = new KbService(context.extensionUri, log);
  const panels = new EntryPanels(context.extensionUri, kb);
  const tree = new EntriesTree(kb);
  const status = registerStatusItem(kb);
  const detectors = new DetectorService(kb);
  const findings = new DocumentFindings(kb, detectors);
  const findingsTree = new FindingsTree(kb, findings);

  const commands = new CommandManager();
  const search = commands.register(new SearchSymptomsCommand(kb));
  commands.register(new OpenEntryCommand(panels));
  commands.register(new ReloadKbCommand(kb));
  commands.register(new ShowDiagnosticCommand(panels));
  commands.register(new ScanWorkspaceCommand(detectors, findingsTree));

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
    registerFindingHover(kb, findings),
    registerFindingLens(kb, findings),
    registerFindingActions(kb, findings),
    vscode.window.registerWebviewPanelSerializer(ENTRY_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => panels.restore(panel, state),
    }),
  );
  return { kb, panels, search, tree, status: status.item, findings, findingsTree };
}

export function deactivate(): void {}
