#!/usr/bin/env node
// Runs the extension-host mocha suite (out/test/vscode) inside a real VS Code.
//   default: offline, VS Code OSS from the npm package code-server (installed into
//            .vscode-test/cs by test/vscode/install-code-server.sh), in headless Chromium.
//   STACKTALES_VSCODE=electron: @vscode/test-electron (downloads VS Code; needs the internet).
// Exit: 0 passed, 1 failed, 2 harness error or timeout. Prints "vscode: N passed, N failed".
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { openWorkbench, missingTools, QUIET_SETTINGS, ROOT } = require('./workbench');

const TESTS = path.join(ROOT, 'out', 'test', 'vscode', 'index.js');
const WORKSPACE = path.join(ROOT, 'demo');
const TIMEOUT_MS = Number(process.env.STACKTALES_TEST_TIMEOUT_MS || 180000);
const VERBOSE = !!process.env.STACKTALES_TEST_VERBOSE;
const t0 = Date.now();
const log = (...a) => console.log(`[vscode-tests +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

function report(resultsFile, code) {
  if (!fs.existsSync(resultsFile)) {
    log('no results were written by the test entry point');
    console.log('vscode: 0 passed, 1 failed');
    return 2;
  }
  const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  if (r.output) process.stdout.write(r.output);
  for (const f of r.failures) log('FAIL', f.title, '-', f.error);
  console.log(`${process.argv.includes('--vsix') ? 'vsix' : 'vscode'}: ${r.passes.length} passed, ${r.failures.length} failed`);
  return r.failures.length ? 1 : r.passes.length ? code : 2;
}

async function viaTestElectron(resultsFile, tmp) {
  const { runTests } = require('@vscode/test-electron');
  fs.mkdirSync(path.join(tmp, 'ud', 'User'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'ud', 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS));
  try {
    await runTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: TESTS,
      extensionTestsEnv: { STACKTALES_TEST_RESULTS: resultsFile },
      launchArgs: [WORKSPACE, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(tmp, 'ud')],
    });
    return 0;
  } catch (e) {
    log(String((e && e.message) || e));
    return 1;
  }
}

async function viaCodeServer(resultsFile) {
  const missing = missingTools();
  if (missing.length) {
    for (const [what, p] of missing) log(`${what} not found at ${p}: run "bash test/vscode/install-code-server.sh" (npm test does)`);
    return 2;
  }
  let settle;
  const finished = new Promise((r) => (settle = r));
  const timer = setTimeout(() => { log(`timeout after ${TIMEOUT_MS} ms`); settle(2); }, TIMEOUT_MS);
  let wb;
  let code = 2;
  try {
    const vsix = process.argv.includes('--vsix') ? path.resolve(process.argv[process.argv.indexOf('--vsix') + 1]) : undefined;
    const env = { STACKTALES_TEST_RESULTS: resultsFile, ...(vsix ? { STACKTALES_SUITE: 'vsix' } : {}) };
    wb = await openWorkbench({ workspace: WORKSPACE, testsPath: TESTS, env, verbose: VERBOSE, onCodeAutomationExit: (c) => settle(c), installVsix: vsix, extensionPath: vsix ? path.join(ROOT, 'test', 'vscode', 'vsix-probe') : undefined });
    log(`workbench loading from 127.0.0.1:${wb.port}`);
    code = await finished;
  } catch (e) {
    log('harness error:', (e && e.stack) || e);
  } finally {
    clearTimeout(timer);
    if (wb) {
      if (code === 2 && !VERBOSE) {
        console.log(wb.serverLog().slice(-3000));
        for (const e of wb.browserErrors.slice(-8)) console.log('  ' + e.split('\n').slice(0, 6).join('\n  '));
      }
      await wb.close();
    }
  }
  return code;
}

(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stacktales-results-'));
  const resultsFile = path.join(tmp, 'results.json');
  const electron = process.env.STACKTALES_VSCODE === 'electron';
  log(electron ? 'running in VS Code via @vscode/test-electron' : 'running in VS Code OSS (code-server), offline');
  const code = electron ? await viaTestElectron(resultsFile, tmp) : await viaCodeServer(resultsFile);
  const exit = report(resultsFile, code ? (code === 2 ? 2 : 1) : 0);
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(exit);
})();
