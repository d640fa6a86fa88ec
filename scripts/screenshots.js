#!/usr/bin/env node
// Takes the README screenshots from the real workbench (VS Code OSS in headless Chromium):
//   node scripts/screenshots.js   → media/screenshot-palette.png, media/screenshot-entry.png
'use strict';
const path = require('path');
const { openWorkbench, ROOT } = require('../test/vscode/workbench');

(async () => {
  const wb = await openWorkbench({ workspace: path.join(ROOT, 'demo'), verbose: !!process.env.STACKTALES_TEST_VERBOSE });
  const { page } = wb;
  try {
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60000 });
    await page.waitForTimeout(4000);
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('Stacktales: Search Symptoms');
    await page.waitForTimeout(600);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(800);
    await page.keyboard.type('instances lose network after a day');
    await page.waitForSelector('.quick-input-widget .monaco-list-row', { timeout: 10000 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(ROOT, 'media', 'screenshot-palette.png') });
    await page.keyboard.press('Enter');
    await page.waitForSelector('iframe.webview', { timeout: 20000 });
    await page.waitForTimeout(3000);
    await page.screenshot({ path: path.join(ROOT, 'media', 'screenshot-entry.png') });
    console.log('saved media/screenshot-palette.png and media/screenshot-entry.png');
  } finally {
    await wb.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
