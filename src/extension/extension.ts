import * as vscode from 'vscode';
import { CommandManager } from './commands/command';
import { OpenEntryCommand } from './commands/openEntry';
import { ReloadKbCommand } from './commands/reloadKb';
import { SearchSymptomsCommand } from './commands/searchSymptoms';
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
}

/**
 * The composition root: everything is wired here by constructor injection. Nothing heavy
 * runs now; the KB loads on first use (a search, the view, an entry).
 */
export function activate(context: vscode.ExtensionContext): StacktalesApi {
  const log = vscode.window.createOutputChannel('Stacktales', { log: true });
  const kb = new KbService(context.extensionUri, log);
  const panels = new EntryPanels(context.extensionUri, kb);
  const commands = new CommandManager();
  const search = commands.register(new SearchSymptomsCommand(kb));
  commands.register(new OpenEntryCommand(panels));
  commands.register(new ReloadKbCommand(kb));

  const tree = new EntriesTree(kb);
  const status = registerStatusItem(kb);

  context.subscriptions.push(
    log,
    kb,
    panels,
    commands,
    registerEntriesView(tree),
    status.disposable,
    vscode.window.registerWebviewPanelSerializer(ENTRY_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => panels.restore(panel, state),
    }),
  );
  return { kb, panels, search, tree, status: status.item };
}

export function deactivate(): void {}
