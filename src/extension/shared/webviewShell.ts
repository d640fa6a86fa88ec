import { randomBytes } from 'crypto';
import * as vscode from 'vscode';

export interface ShellOptions {
  viewType: string;
  /** Panel options besides scripts and local resources (find widget, context retention). */
  panel: vscode.WebviewPanelOptions & vscode.WebviewOptions;
  /** Whether the page may load fonts (from media/ only): entry pages may, runbook panels need none. */
  fonts?: boolean;
}

/**
 * The webview side shared by entry pages and runbook panels: panel options, icon, the
 * serializer that restores panels after a reload, and the HTML shell with its
 * Content-Security-Policy: nothing remote, no inline script or style, only our files in media/,
 * the script by nonce.
 */
export class WebviewShell {
  private readonly media: vscode.Uri;

  constructor(extensionUri: vscode.Uri, private readonly o: ShellOptions) {
    this.media = vscode.Uri.joinPath(extensionUri, 'media');
  }

  /** A new panel in the active column. */
  create(title: string): vscode.WebviewPanel {
    return this.withIcon(vscode.window.createWebviewPanel(this.o.viewType, title, vscode.ViewColumn.Active, this.options()));
  }

  /** Restores panels after a window reload: `restore` adopts the panel (see `adopt`) or disposes it. */
  registerSerializer(restore: (panel: vscode.WebviewPanel, state: unknown) => void): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(this.o.viewType, {
      deserializeWebviewPanel: async (panel, state) => restore(panel, state),
    });
  }

  /** A restored panel gets the options and icon of a new one. */
  adopt(panel: vscode.WebviewPanel): vscode.WebviewPanel {
    panel.webview.options = this.options();
    return this.withIcon(panel);
  }

  /** The page: our stylesheet, the body, and the page's script from media/. */
  html(webview: vscode.Webview, page: { lang: string; entry: string; body: string; script: string }): string {
    const nonce = randomBytes(16).toString('base64');
    const media = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.media, f));
    const fonts = this.o.fonts ? ` font-src ${webview.cspSource};` : '';
    const csp = `default-src 'none'; img-src ${webview.cspSource}; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';${fonts}`;
    return `<!DOCTYPE html>
<html lang="${page.lang}" data-entry="${page.entry}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('entry.css')}">
</head>
<body>
${page.body}
<script nonce="${nonce}" src="${media(page.script)}"></script>
</body>
</html>`;
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, ...this.o.panel, localResourceRoots: [this.media] };
  }

  private withIcon(panel: vscode.WebviewPanel): vscode.WebviewPanel {
    panel.iconPath = vscode.Uri.joinPath(this.media, 'stacktales.svg');
    return panel;
  }
}
