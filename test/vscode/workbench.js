// Starts VS Code OSS (code-server) on 127.0.0.1 with Stacktales as the extension under
// development, and opens it in Debian's headless Chromium through playwright-core.
// Used by the test runner (test/vscode/run.js) and the screenshot script alike.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const http = require('http');

const ROOT = path.resolve(__dirname, '..', '..');
const CS_DIR = process.env.CODE_SERVER_DIR || path.join(ROOT, '.vscode-test', 'cs', 'node_modules', 'code-server');
const PW_CORE = process.env.PW_CORE || path.join(ROOT, '.vscode-test', 'cs', 'node_modules', 'playwright-core');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none', 'git.openRepositoryInParentFolders': 'never', 'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false, 'telemetry.telemetryLevel': 'off', 'workbench.enableExperiments': false, 'update.mode': 'none',
  'workbench.tips.enabled': false, 'chat.commandCenter.enabled': false,
};

function missingTools() {
  return [['code-server', CS_DIR], ['playwright-core', PW_CORE], ['chromium', CHROMIUM]].filter(([, p]) => !fs.existsSync(p));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

function waitHttp(url, ms) {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => http.get(url, (r) => { r.resume(); resolve(); })
      .on('error', () => (Date.now() > end ? reject(new Error('code-server did not start')) : setTimeout(tick, 200)));
    tick();
  });
}

/**
 * opts: { workspace, testsPath?, env?, verbose?, onCodeAutomationExit? }
 * Returns { page, serverLog(), browserErrors, close() }.
 */
async function openWorkbench(opts) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stacktales-vscode-'));
  const port = await freePort();
  fs.mkdirSync(path.join(tmp, 'ud', 'User'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'ud', 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...(opts.settings || {}) }, null, 2));
  // XDG_* keep code-server's own files out of the home directory.
  const env = { ...process.env, ...(opts.env || {}), XDG_DATA_HOME: path.join(tmp, 'xdg-data'), XDG_CONFIG_HOME: path.join(tmp, 'xdg-config') };
  const args = [path.join(CS_DIR, 'out', 'node', 'entry.js'), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', path.join(tmp, 'ud'), '--extensions-dir', path.join(tmp, 'ext'), '--config', path.join(tmp, 'config.yaml'), opts.workspace];
  // An extension installed from a VSIX, as a user would (code-server --install-extension).
  if (opts.installVsix) {
    const { execFileSync } = require('child_process');
    execFileSync(process.execPath, [path.join(CS_DIR, 'out', 'node', 'entry.js'), '--extensions-dir', path.join(tmp, 'ext'), '--user-data-dir', path.join(tmp, 'ud'), '--install-extension', opts.installVsix], { env, stdio: 'ignore' });
  }
  const server = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  const keep = (d) => { log = (log + d).slice(-20000); if (opts.verbose) process.stdout.write('[code-server] ' + d); };
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);
  let browser;
  const close = async () => {
    try { if (browser) await browser.close(); } catch { /* already gone */ }
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  const browserErrors = [];
  try {
    await waitHttp(`http://127.0.0.1:${port}/healthz`, 30000);
    const { chromium } = require(PW_CORE);
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // The workbench calls this when an extension test run settles; it must exist before the page loads.
    if (opts.onCodeAutomationExit) await page.exposeFunction('codeAutomationExit', async (c) => opts.onCodeAutomationExit(c));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource|ENOTFOUND|ERR_NAME_NOT_RESOLVED/.test(m.text())) browserErrors.push(m.text());
      if (opts.verbose) console.log('[browser]', m.type(), m.text().slice(0, 400));
    });
    const authority = `127.0.0.1:${port}`;
    const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${opts.extensionPath || ROOT}`]];
    if (opts.testsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${opts.testsPath}`]);
    await page.goto(`http://${authority}/?folder=${encodeURIComponent(opts.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    return { page, port, serverLog: () => log, browserErrors, close };
  } catch (e) {
    await close();
    throw e;
  }
}

module.exports = { openWorkbench, missingTools, QUIET_SETTINGS, ROOT };
