import type { Command } from '../shared/commandManager';
import { CommandId } from '../shared/ids';
import type { EntryPanels } from './entryPanels';

/** Opens an entry at one of its diagnostics (from a hover, a lens or a quick fix). Running it over SSH comes with the SSH runner. */
export class ShowDiagnosticCommand implements Command {
  readonly id = CommandId.showDiagnostic;

  constructor(private readonly panels: EntryPanels) {}

  execute(entry?: unknown, diagnostic?: unknown): boolean {
    if (typeof entry !== 'string') return false;
    return this.panels.show(entry, typeof diagnostic === 'string' ? `diag-${diagnostic}` : undefined);
  }
}
