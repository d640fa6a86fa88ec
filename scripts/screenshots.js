#!/usr/bin/env node
// Takes the README screenshots from the real workbench (VS Code OSS in headless Chromium), with
// the lab running behind it:  node scripts/screenshots.js  (after npm run build)
//   media/screenshot-palette.png  symptom search
//   media/screenshot-entry.png    an entry page
//   media/screenshot-log.png      an annotated nova-compute.log (diagnostic, CodeLens)
//   media/screenshot-runbook.png  a runbook walked on the lab's hosts
'use strict';
const path = require('path');
const { openWorkbench, ROOT } = require('../test/vscode/workbench');
const { freePortRange, startLabProcess, tempDir } = require('../out/test/ssh/sshd');

const shot = (page, name) => page.screenshot({ path: path.join(ROOT, 'media', name) });

async function command(page, title, then) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(title);
  await page.waitForTimeout(600);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(800);
  if (then) await then();
}

/** Clicks a button inside the active webview (nested iframes). */
async function clickInWebview(page, selector) {
  for (const f of page.frames()) {
    const b = await f.$(selector).catch(() => null);
    if (b) return b.click();
  }
  throw new Error(`no ${selector} in any webview`);
}

(async () => {
  const labDir = tempDir('stacktales-lab-');
  const lab = await startLabProcess(path.join(ROOT, 'dist', 'cli.js'), await freePortRange(16), labDir);
  // The operator of the double-vlan cloud: only that scenario's hosts in their ssh_config.
  const fs = require('fs');
  const blocks = fs.readFileSync(path.join(labDir, 'ssh_config'), 'utf8').split(/\n(?=Host )/).filter((b) => b.startsWith('Host double-vlan-'));
  fs.writeFileSync(path.join(labDir, 'ssh_config.double-vlan'), blocks.join('\n') + '\n');
  const settings = { 'stacktales.ssh.configFile': path.join(labDir, 'ssh_config.double-vlan'), 'stacktales.inventory': path.join(labDir, 'double-vlan', 'inventory.ini'), 'workbench.colorTheme': 'Default Dark Modern' };
  const wb = await openWorkbench({ workspace: path.join(ROOT, 'demo'), settings, verbose: !!process.env.STACKTALES_TEST_VERBOSE });
  const { page } = wb;
  try {
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60000 });
    await page.waitForTimeout(4000);

    await command(page, 'Stacktales: Search Symptoms');
    await page.keyboard.type('instances lose network after a day');
    await page.waitForSelector('.quick-input-widget .monaco-list-row', { timeout: 10000 });
    await page.waitForTimeout(800);
    await shot(page, 'screenshot-palette.png');
    await page.keyboard.press('Enter');
    await page.waitForSelector('iframe.webview', { timeout: 20000 });
    await page.waitForTimeout(3000);
    await shot(page, 'screenshot-entry.png');

    await command(page, 'View: Close All Editors');
    await command(page, 'Go to File', async () => {
      await page.keyboard.type('nova-compute.log');
      await page.waitForTimeout(800);
      await page.keyboard.press('Enter');
    });
    await page.waitForTimeout(2500);
    await command(page, 'Go to Line/Column', async () => {
      await page.keyboard.type('288');
      await page.keyboard.press('Enter');
    });
    await page.waitForTimeout(2500);
    await page.keyboard.press('Control+Shift+M'); // the Problems panel
    await page.waitForTimeout(1500);
    await shot(page, 'screenshot-log.png');

    await command(page, 'View: Close All Editors');
    await command(page, 'Stacktales: Open Runbook', async () => {
      await page.keyboard.type('Tenant VLANs');
      await page.waitForTimeout(500);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(800);
      await page.keyboard.press('Enter');
    });
    await page.waitForSelector('iframe.webview', { timeout: 20000 });
    await page.waitForTimeout(2500);
    await clickInWebview(page, 'button[data-action="run"]');
    await page.waitForTimeout(3000);
    await clickInWebview(page, 'button[data-action="run"]');
    await page.waitForTimeout(3000);
    await shot(page, 'screenshot-runbook.png');
    console.log('saved media/screenshot-{palette,entry,log,runbook}.png');
  } finally {
    await wb.close();
    lab.proc.kill('SIGTERM');
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
