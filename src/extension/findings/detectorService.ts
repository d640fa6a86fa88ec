import * as vscode from 'vscode';
import type { Detectors } from '../../core/detect/compile';
import type { KbService } from '../kb/kbService';
import * as core from '../shared/lazyCore';

/**
 * The compiled detectors, following the KB and the settings stacktales.detectors.disabled
 * and stacktales.detectors.files. Compiled on first use, recompiled when either changes.
 */
export class DetectorService implements vscode.Disposable {
  private compiled: Detectors | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly kb: KbService) {
    this.subscriptions = [
      kb.onDidChange(() => this.invalidate()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('stacktales.detectors')) this.invalidate();
      }),
    ];
  }

  get(): Detectors {
    if (!this.compiled) {
      const { compileDetectors } = core.compile();
      const config = vscode.workspace.getConfiguration('stacktales.detectors');
      this.compiled = compileDetectors(this.kb.get().entries, {
        disabled: config.get<string[]>('disabled', []),
        extraFiles: config.get<Record<string, string[]>>('files', {}),
      });
    }
    return this.compiled;
  }

  private invalidate(): void {
    if (!this.compiled) return;
    this.compiled = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
    this.subscriptions.forEach((d) => d.dispose());
  }
}
