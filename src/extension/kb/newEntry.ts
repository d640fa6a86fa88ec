import * as path from 'path';
import * as vscode from 'vscode';
import type { Command } from '../shared/commandManager';
import { CommandId } from '../shared/ids';
import * as core from '../shared/lazyCore';
import type { KbService } from './kbService';

/**
 * Writes a new entry folder (the same scaffold as `stacktales kb new`) into a folder of the
 * user's entries, opens its entry.yaml, and offers to add the folder to stacktales.kb.paths.
 */
export class NewEntryCommand implements Command {
  readonly id = CommandId.newEntry;
  constructor(private readonly kb: KbService) {}

  async execute(idArg?: unknown, folderArg?: unknown): Promise<string | undefined> {
    const { ENTRY_ID, ENTRY_ID_MAX, writeNewEntry } = core.newEntry();
    const id =
      typeof idArg === 'string'
        ? idArg
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Stacktales: New Entry'),
            prompt: vscode.l10n.t('The entry id, also its folder name'),
            placeHolder: 'rabbitmq-partition',
            validateInput: (v) => (ENTRY_ID.test(v) && v.length <= ENTRY_ID_MAX ? undefined : vscode.l10n.t('Lower-case letters, digits and single hyphens')),
          });
    if (!id) return undefined;
    const folder = typeof folderArg === 'string' ? folderArg : await this.pickFolder();
    if (!folder) return undefined;
    let dir: string;
    try {
      dir = writeNewEntry(folder, id);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Stacktales: {0}', (e as Error).message));
      return undefined;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(dir, 'entry.yaml')));
    if (typeof folderArg !== 'string' && !this.kb.userDirs().some((d) => path.resolve(d) === path.resolve(folder))) void this.offerToAdd(folder);
    return dir;
  }

  /** The first folder of stacktales.kb.paths, else one the user picks. */
  private async pickFolder(): Promise<string | undefined> {
    const configured = this.kb.userDirs()[0];
    if (configured) return configured;
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      openLabel: vscode.l10n.t('Put the entry here'),
      title: vscode.l10n.t('Folder of your entries'),
    });
    return picked?.[0]?.fsPath;
  }

  private async offerToAdd(folder: string): Promise<void> {
    const add = vscode.l10n.t('Add to stacktales.kb.paths');
    if ((await vscode.window.showInformationMessage(vscode.l10n.t('Load the entries of {0} into Stacktales?', folder), add)) !== add) return;
    const cfg = vscode.workspace.getConfiguration('stacktales');
    const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await cfg.update('kb.paths', [...cfg.get<string[]>('kb.paths', []), folder], target);
  }
}
