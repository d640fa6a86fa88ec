import type { EntryPanels } from '../entryPanels';
import type { Command } from './command';

/** Opens an entry at one of its diagnostics (from a hover, a lens or a quick fix). Running it over SSH comes with the SSH runner. */
export class ShowDiagnosticCommand implements Command {
  readonly id = 'stacktales.showDiagnostic';

  constructor(private readonly panels: EntryPanels) {}

  execute(entry?: unknown, diagnostic?: unknown): boolean {
    if (typeof entry !== 'string') return false;
    return this.panels.show(entry, typeof diagnostic === 'string' ? `diag-${diagnostic}` : undefined);
  }
}
