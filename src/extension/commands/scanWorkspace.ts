import * as vscode from 'vscode';
import type { DetectorService } from '../detectors/detectorService';
import type { FindingsTree } from '../detectors/findingsTree';
import type { Command } from './command';

/** Scans the workspace folders (a sosreport, collected logs) with progress and cancel; results go to the Findings view. */
export class ScanWorkspaceCommand implements Command {
  readonly id = 'stacktales.scanWorkspace';

  constructor(private readonly detectors: DetectorService, private readonly tree: FindingsTree) {}

  async execute(): Promise<number | undefined> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    if (!folders.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Stacktales: open a folder to scan.'));
      return undefined;
    }
    const { scanPaths } = require('../../core/scan/files') as typeof import('../../core/scan/files');
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Stacktales: scanning the workspace'), cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        try {
          const report = await scanPaths(this.detectors.get(), folders, {
            signal: abort.signal,
            onFile: (f) => progress.report({ message: vscode.workspace.asRelativePath(f) }),
          });
          this.tree.setScanResults(report.findings);
          void vscode.commands.executeCommand('stacktales.findings.focus');
          return report.findings.length;
        } catch (e) {
          if (abort.signal.aborted) return undefined;
          throw e;
        }
      },
    );
  }
}
