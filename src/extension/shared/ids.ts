/**
 * The names Stacktales gives things in VS Code: command ids, views, webview types, URI schemes,
 * context keys. package.json contributes the same ids; everything in src/extension uses these.
 * Const enums: tsc and esbuild inline the strings, so the bundle carries no table of them.
 */

export const enum CommandId {
  searchSymptoms = 'stacktales.searchSymptoms',
  openEntry = 'stacktales.openEntry',
  reloadKb = 'stacktales.reloadKb',
  showDiagnostic = 'stacktales.showDiagnostic',
  newEntry = 'stacktales.newEntry',
  scanWorkspace = 'stacktales.scanWorkspace',
  exportAnsible = 'stacktales.exportAnsible',
  openAnsibleResults = 'stacktales.openAnsibleResults',
  runDiagnostic = 'stacktales.runDiagnostic',
  refreshHosts = 'stacktales.refreshHosts',
  openRemoteFile = 'stacktales.openRemoteFile',
  browseHost = 'stacktales.browseHost',
  openRemoteLog = 'stacktales.openRemoteLog',
  stopFollowing = 'stacktales.stopFollowing',
  resumeFollowing = 'stacktales.resumeFollowing',
  scanRemote = 'stacktales.scanRemote',
  startLab = 'stacktales.startLab',
  stopLab = 'stacktales.stopLab',
  openRunbook = 'stacktales.openRunbook',
  runbookAction = 'stacktales.runbookAction',
  exportReport = 'stacktales.exportReport',
}

/** The views of the Stacktales container; VS Code adds a `<id>.focus` command for each. */
export const enum ViewId {
  entries = 'stacktales.entries',
  findings = 'stacktales.findings',
  hosts = 'stacktales.hosts',
}

export function focusCommand(view: ViewId): string {
  return `${view}.focus`;
}

/** Webview panel types (restored after a reload by their serializers). */
export const enum ViewType {
  entry = 'stacktales.entry',
  runbook = 'stacktales.runbook',
}

/** Stacktales' own URI schemes: remote files (SFTP), remote log views, command output. */
export const enum Scheme {
  ssh = 'stacktales-ssh',
  log = 'stacktales-log',
  output = 'stacktales-output',
}

/** Context keys and tree item context values used in package.json's `when` clauses. */
export const enum ContextKey {
  labRunning = 'stacktales.labRunning',
}

export const enum ContextValue {
  entry = 'stacktales.entry',
  host = 'stacktales.host',
}
