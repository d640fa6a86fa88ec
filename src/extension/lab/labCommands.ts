import * as vscode from 'vscode';
import type { Command } from '../shared/commandManager';
import { CommandId, focusCommand, ViewId } from '../shared/ids';
import type { LabService } from './labService';

/** Starts the lab in the editor and says what to try on it. */
export class StartLabCommand implements Command {
  readonly id = CommandId.startLab;
  constructor(private readonly lab: LabService) {}

  async execute(): Promise<number | undefined> {
    let lab;
    try {
      lab = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Starting the Stacktales lab…') }, () => this.lab.start());
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Stacktales: the lab did not start: {0}', (e as Error).message));
      return undefined;
    }
    const runbook = vscode.l10n.t('Open a Runbook');
    const hosts = vscode.l10n.t('Show Hosts');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('Stacktales lab: {0} simulated hosts on 127.0.0.1, two per tale and healthy ones. Their names say which tale they reproduce.', lab.hosts.length), runbook, hosts)
      .then((pick) => {
        if (pick === runbook) void vscode.commands.executeCommand(CommandId.openRunbook);
        if (pick === hosts) void vscode.commands.executeCommand(focusCommand(ViewId.hosts));
      });
    return lab.hosts.length;
  }
}

export class StopLabCommand implements Command {
  readonly id = CommandId.stopLab;
  constructor(private readonly lab: LabService) {}

  execute(): Promise<boolean> {
    return this.lab.stop();
  }
}
