import * as vscode from 'vscode';

/**
 * A notification with progress and a Cancel button; the task gets an AbortSignal (what the
 * core's scans and the SSH runner take) that aborts when the user cancels.
 */
export function withCancellableProgress<T>(title: string, task: (report: (message: string) => void, signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      return await task((message) => progress.report({ message }), abort.signal);
    } finally {
      sub.dispose();
    }
  });
}
