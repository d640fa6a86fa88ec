import type * as vscode from 'vscode';
import type { Walk } from '../../core/runbook/engine';
import type { KbService } from '../kb/kbService';
import { pickEntryThen } from '../kb/pickEntry';
import type { Command } from '../shared/commandManager';
import { CommandId } from '../shared/ids';
import type { RunbookAction, RunbookPanels } from './runbookPanels';

/** Opens the runbook of an entry (given, else picked); with `{ hosts }` it starts a walk on them. */
export class OpenRunbookCommand implements Command {
  readonly id = CommandId.openRunbook;
  constructor(private readonly kb: KbService, private readonly runbooks: RunbookPanels) {}

  execute(entry?: unknown, opts?: unknown): Promise<boolean | undefined> {
    return typeof entry === 'string' ? this.runbooks.open(entry, (opts ?? {}) as { hosts?: string[] }) : pickEntryThen(this.kb, (id) => this.runbooks.open(id));
  }
}

/** One action on an entry's walk, as the panel's buttons send it. */
export class RunbookActionCommand implements Command {
  readonly id = CommandId.runbookAction;
  constructor(private readonly runbooks: RunbookPanels) {}

  execute(entry: unknown, action: unknown, value?: unknown): Promise<Walk | undefined> {
    return this.runbooks.act(String(entry), action as RunbookAction, typeof value === 'string' ? value : undefined);
  }
}

/** Writes the incident report of an entry's walk (given, else picked). */
export class ExportReportCommand implements Command {
  readonly id = CommandId.exportReport;
  constructor(private readonly kb: KbService, private readonly runbooks: RunbookPanels) {}

  execute(entry?: unknown): Promise<vscode.Uri | undefined> {
    return typeof entry === 'string' ? this.runbooks.exportReport(entry) : pickEntryThen(this.kb, (id) => this.runbooks.exportReport(id));
  }
}
