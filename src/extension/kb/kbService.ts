import * as path from 'path';
import * as vscode from 'vscode';
import type { KnowledgeBase } from '../../core/knowledge/knowledgeBase';
import type { Lang } from '../../core/kb/types';
import * as core from '../shared/lazyCore';

/**
 * Owns the loaded KB. Loading is lazy (first search, first view) so that activation stays
 * cheap; a change of stacktales.kb.paths or an explicit reload builds a new KnowledgeBase.
 */
export class KbService implements vscode.Disposable {
  private kb: KnowledgeBase | undefined;
  private readonly changed = new vscode.EventEmitter<KnowledgeBase>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('stacktales.kb.paths')) this.reload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()),
    );
  }

  get(): KnowledgeBase {
    if (!this.kb) {
      const kb = (this.kb = this.load());
      // Announce the first load too (status item, views), but not from inside the caller's stack.
      queueMicrotask(() => this.kb === kb && this.changed.fire(kb));
    }
    return this.kb;
  }

  get loaded(): boolean {
    return this.kb !== undefined;
  }

  reload(): KnowledgeBase {
    this.kb = this.load();
    this.changed.fire(this.kb);
    return this.kb;
  }

  /** The language entry prose is shown in: the setting, else VS Code's display language. */
  language(): Lang {
    const setting = vscode.workspace.getConfiguration('stacktales').get<string>('kb.language', 'auto');
    if (setting === 'en' || setting === 'de') return setting;
    return vscode.env.language.toLowerCase().startsWith('de') ? 'de' : 'en';
  }

  private load(): KnowledgeBase {
    const started = Date.now();
    // Lazy: the KB code (yaml, ajv, lunr) is evaluated only when the KB is first needed.
    const { KnowledgeBase: Kb } = core.knowledgeBase();
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist').fsPath;
    const kb = Kb.open({
      bundleFile: path.join(dist, 'kb.json'),
      builtinDir: vscode.Uri.joinPath(this.extensionUri, 'kb').fsPath,
      userDirs: this.userDirs(),
    });
    this.log.info(`KB loaded: ${kb.entries.length} entries in ${Date.now() - started} ms`);
    const { formatProblem } = core.kbTypes();
    for (const p of kb.problems) this.log.warn(`KB problem (entry skipped): ${formatProblem(p)}`);
    return kb;
  }

  /** The folders of stacktales.kb.paths. They are code-like input (regexes, commands): only read in trusted workspaces. */
  userDirs(): string[] {
    if (!vscode.workspace.isTrusted) return [];
    const raw = vscode.workspace.getConfiguration('stacktales').get<string[]>('kb.paths', []);
    const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return raw.map((p) => p.replace(/^~(?=$|\/)/, process.env.HOME ?? '~')).map((p) => (path.isAbsolute(p) || !base ? p : path.join(base, p)));
  }

  dispose(): void {
    this.changed.dispose();
    this.subscriptions.forEach((d) => d.dispose());
  }
}
