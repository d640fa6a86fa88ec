/**
 * What of src/core the extension loads, and when: nothing at activation. Each accessor requires
 * its core module on first call, once (the core modules pull in yaml, ajv, lunr, ssh2,
 * markdown-it from dist/vendor; see scripts/build.mjs). Elsewhere in src/extension, core is
 * imported only with `import type`, so activation evaluates none of it.
 */

function lazy<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}

// KB: loading, checking, authoring, command templates.
export const knowledgeBase = lazy(() => require('../../core/knowledge/knowledgeBase') as typeof import('../../core/knowledge/knowledgeBase'));
export const loadKb = lazy(() => require('../../core/knowledge/loadKb') as typeof import('../../core/knowledge/loadKb'));
export const kbTypes = lazy(() => require('../../core/kb/types') as typeof import('../../core/kb/types'));
export const commandTemplate = lazy(() => require('../../core/kb/commandTemplate') as typeof import('../../core/kb/commandTemplate'));
export const newEntry = lazy(() => require('../../core/kb/newEntry') as typeof import('../../core/kb/newEntry'));
export const searchEngine = lazy(() => require('../../core/search/searchEngine') as typeof import('../../core/search/searchEngine'));
export const redact = lazy(() => require('../../core/text/redact') as typeof import('../../core/text/redact'));
// Detectors and scans.
export const compile = lazy(() => require('../../core/detect/compile') as typeof import('../../core/detect/compile'));
export const session = lazy(() => require('../../core/detect/session') as typeof import('../../core/detect/session'));
export const scanFiles = lazy(() => require('../../core/scan/files') as typeof import('../../core/scan/files'));
export const scanRemote = lazy(() => require('../../core/scan/remote') as typeof import('../../core/scan/remote'));
// Hosts, SSH, remote logs, diagnostics.
export const sshConfig = lazy(() => require('../../core/hosts/sshConfig') as typeof import('../../core/hosts/sshConfig'));
export const resolveHosts = lazy(() => require('../../core/hosts/resolveHosts') as typeof import('../../core/hosts/resolveHosts'));
export const sshRunner = lazy(() => require('../../core/ssh/sshRunner') as typeof import('../../core/ssh/sshRunner'));
export const follow = lazy(() => require('../../core/remote/follow') as typeof import('../../core/remote/follow'));
export const plan = lazy(() => require('../../core/run/plan') as typeof import('../../core/run/plan'));
export const facts = lazy(() => require('../../core/run/facts') as typeof import('../../core/run/facts'));
// Fleets: Ansible exports and their results.
export const ansibleExport = lazy(() => require('../../core/ansible/exportPlaybook') as typeof import('../../core/ansible/exportPlaybook'));
export const ansibleResults = lazy(() => require('../../core/ansible/readResults') as typeof import('../../core/ansible/readResults'));
// Runbooks, pages, the lab.
export const runbookEngine = lazy(() => require('../../core/runbook/engine') as typeof import('../../core/runbook/engine'));
export const runbookReport = lazy(() => require('../../core/runbook/report') as typeof import('../../core/runbook/report'));
export const entryHtml = lazy(() => require('../../core/render/entryHtml') as typeof import('../../core/render/entryHtml'));
export const runbookHtml = lazy(() => require('../../core/render/runbookHtml') as typeof import('../../core/render/runbookHtml'));
export const labServer = lazy(() => require('../../core/lab/labServer') as typeof import('../../core/lab/labServer'));
