import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DetectorService } from '../findings/detectorService';
import type { FindingsTree } from '../findings/findingsTree';
import type { KbService } from '../kb/kbService';
import { pickEntry } from '../kb/pickEntry';
import type { OutputDocuments } from '../remote/outputDocuments';
import type { Command } from '../shared/commandManager';
import { CommandId, focusCommand, ViewId } from '../shared/ids';
import * as core from '../shared/lazyCore';

async function pickFolder(title: string): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, title, openLabel: title });
  return picked?.[0]?.fsPath;
}

/**
 * Export Diagnostics as Ansible Playbook…: an entry's read-only diagnostics (or every runbook's
 * checks) as a playbook for the operator's own inventory; the same export as the CLI's.
 */
export class ExportAnsibleCommand implements Command {
  readonly id = CommandId.exportAnsible;

  constructor(private readonly kb: KbService) {}

  /** Arguments (for tasks and tests): an entry id (or "*" for every runbook's checks) and the folder. */
  async execute(entryArg?: unknown, dirArg?: unknown): Promise<string | undefined> {
    const { exportable, exportItems, exportPlaybook } = core.ansibleExport();
    const every = entryArg === '*';
    const entry = every ? undefined : typeof entryArg === 'string' ? this.kb.get().entries.find((e) => e.entry.id === entryArg) : await pickEntry(this.kb, vscode.l10n.t('Export Diagnostics as Ansible Playbook'));
    if (!every && !entry) return undefined;
    const dir = typeof dirArg === 'string' ? dirArg : await pickFolder(vscode.l10n.t('Export here'));
    if (!dir) return undefined;
    const entries = entry ? [entry.entry] : this.kb.get().entries.map((e) => e.entry);
    const chosen = exportItems(entries, { runbooks: every });
    // Read-only only: a changing command is exported by the CLI alone, with --include-changes.
    const { items } = exportable(chosen);
    const files = exportPlaybook(items, { title: entry ? `Stacktales: ${entry.entry.id}` : 'Stacktales: the checks of every runbook (for triage)' });
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const open = vscode.l10n.t('Open Playbook');
    void vscode.window.showInformationMessage(vscode.l10n.t('Stacktales: wrote a playbook for {0} diagnostic(s). Run it with ansible-playbook, then Open Ansible Results….', items.length), open).then(async (a) => {
      if (a === open) await vscode.window.showTextDocument(vscode.Uri.file(path.join(dir, 'playbook.yml')));
    });
    return dir;
  }
}

/** Open Ansible Results…: what an exported playbook saved, into the Findings view and output documents. */
export class OpenAnsibleResultsCommand implements Command {
  readonly id = CommandId.openAnsibleResults;
  private runs = 0;

  constructor(private readonly detectors: DetectorService, private readonly tree: FindingsTree, private readonly outputs: OutputDocuments) {}

  async execute(dirArg?: unknown): Promise<{ results: number; findings: number } | undefined> {
    const dir = typeof dirArg === 'string' ? dirArg : await pickFolder(vscode.l10n.t('Open Ansible Results'));
    if (!dir) return undefined;
    const r = core.ansibleResults().readAnsibleResults(dir);
    if (!r.results.length) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Stacktales: {0} holds no saved results; run the exported playbook first.', dir));
      return { results: 0, findings: 0 };
    }
    const { findingsOf } = core.plan();
    const run = ++this.runs;
    const findings = r.results.flatMap((x) => {
      this.outputs.add(run, x.entry, x.diagnostic, x.result);
      return findingsOf(this.detectors.get(), x.result, x.diagnostic);
    });
    this.tree.setScanResults(findings);
    for (const p of r.problems) void vscode.window.showWarningMessage(vscode.l10n.t('Stacktales: skipped {0}: {1}', p.file, p.reason));
    void vscode.commands.executeCommand(focusCommand(ViewId.findings));
    return { results: r.results.length, findings: findings.length };
  }
}
