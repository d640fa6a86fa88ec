import * as vscode from 'vscode';
import type { Command } from '../shared/commandManager';
import { CommandId, focusCommand, ViewId } from '../shared/ids';
import * as core from '../shared/lazyCore';
import { withCancellableProgress } from '../shared/progress';
import type { DetectorService } from './detectorService';
import type { FindingsTree } from './findingsTree';

/** Scans the workspace folders (a sosreport, collected logs) with progress and cancel; results go to the Findings view. */
export class ScanWorkspaceCommand implements Command {
  readonly id = CommandId.scanWorkspace;

  constructor(private readonly detectors: DetectorService, private readonly tree: FindingsTree) {}

  /** `paths`: folders or files to scan instead of the workspace's (for other extensions and tasks). */
  async execute(paths?: string[]): Promise<number | undefined> {
    const folders = Array.isArray(paths) && paths.every((p) => typeof p === 'string') ? paths : (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    if (!folders.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Stacktales: open a folder to scan.'));
      return undefined;
    }
    const { scanPaths } = core.scanFiles();
    return withCancellableProgress(vscode.l10n.t('Stacktales: scanning the workspace'), async (report, signal) => {
      try {
        // Files, bytes and rate, at most four times a second (a big folder is scanned by worker threads, many files at once).
        let shown = 0;
        const onProgress = (p: { files: number; bytes: number; seconds: number }) => {
          if (Date.now() - shown < 250) return;
          shown = Date.now();
          const mb = p.bytes / 1048576;
          report(vscode.l10n.t('{0} files, {1} MB, {2} MB/s', p.files, mb.toFixed(1), (p.seconds > 0 ? mb / p.seconds : 0).toFixed(1)));
        };
        const result = await scanPaths(this.detectors.get(), folders, { signal, onProgress });
        this.tree.setScanResults(result.findings);
        void vscode.commands.executeCommand(focusCommand(ViewId.findings));
        return result.findings.length;
      } catch (e) {
        if (signal.aborted) return undefined;
        throw e;
      }
    });
  }
}
