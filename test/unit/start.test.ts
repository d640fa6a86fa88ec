import * as assert from 'assert';
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadScenarios } from '../../src/core/lab/scenarios';
import { freePort, freePortRange, tempDir } from '../ssh/sshd';
import { until } from '../vscode/suite/until';
import { ROOT } from './paths';

const STUB = path.join(ROOT, 'test', 'fixtures', 'start', 'code-server-stub.js');
const LAB_HOSTS = loadScenarios(path.join(ROOT, 'lab', 'scenarios')).reduce((n, s) => n + s.hosts.length, 0);
let runs = 0;

/** A process as /proc shows it. */
interface Proc {
  pid: number;
  cmd: string;
}

/** Every process that carries this run's mark in its environment: npm start and all it started, however reparented. */
function marked(mark: string): Proc[] {
  const out: Proc[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (!fs.readFileSync(`/proc/${d}/environ`, 'latin1').split('\0').includes(`STACKTALES_START_MARK=${mark}`)) continue;
      out.push({ pid: Number(d), cmd: fs.readFileSync(`/proc/${d}/cmdline`, 'latin1').split('\0').join(' ').trim() });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return out;
}

/** npm start, as a person runs it: in a terminal of its own (`script`), or plainly with pipes. */
interface Started {
  /** npm, or the terminal (`script`) npm runs in. */
  top: ChildProcess;
  mark: string;
  output: () => string;
  /** The processes by role once it is up. */
  roles: { npm: Proc; startSh: Proc; lab: Proc; codeServer: Proc; server?: Proc };
  data: string;
  port: number;
}

async function npmStart(o: { terminal: boolean; codeServer?: string }): Promise<Started> {
  const mark = `${process.pid}-${++runs}-${Date.now()}`;
  const dir = tempDir('stacktales-start-');
  const port = await freePort();
  const env = {
    ...process.env,
    STACKTALES_START_MARK: mark,
    STACKTALES_BROWSER: '1',
    STACKTALES_LAB_DIR: path.join(dir, 'lab'),
    STACKTALES_START_DATA: path.join(dir, 'data'),
    STUB_ARGS_FILE: path.join(dir, 'stub-args.json'),
    LAB_PORT: String(await freePortRange(LAB_HOSTS)),
    PORT: String(port),
    ...(o.codeServer === undefined ? { STACKTALES_CODE_SERVER_ENTRY: STUB } : {}),
    npm_config_update_notifier: 'false',
  };
  const top = o.terminal
    ? spawn('script', ['-qefc', 'npm start', '/dev/null'], { cwd: ROOT, env: { ...env, SHELL: '/bin/sh' }, stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  top.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  top.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const ready = o.codeServer === undefined ? /\[stub\] HTTP server listening on/ : /HTTP server listening on/;
  await until(`npm start to be up (${ready})`, () => ready.test(output) || top.exitCode !== null, 180000);
  assert.strictEqual(top.exitCode, null, output);
  const procs = marked(mark);
  const find = (what: string, re: RegExp) => {
    const p = procs.find((x) => re.test(x.cmd));
    assert.ok(p, `${what} among:\n${procs.map((x) => `${x.pid} ${x.cmd}`).join('\n')}`);
    return p!;
  };
  const stub = o.codeServer === undefined;
  const roles = {
    npm: find('npm', /^npm start|npm-cli\.js start|bin\/npm start/),
    startSh: find('start.sh', /^bash scripts\/start\.sh$/),
    lab: find('the lab', /dist\/cli\.js lab /),
    codeServer: find('code-server', stub ? /code-server-stub\.js --bind-addr/ : /code-server\/out\/node\/entry\.js --bind-addr/),
    server: stub ? find('its server', /code-server-stub\.js --as server/) : undefined,
  };
  return { top, mark, output: () => output, roles, data: path.join(dir, 'data'), port };
}

/** After the stop: npm (or its terminal) ends, and within 10 s no process it started is left. */
async function allGone(s: Started): Promise<void> {
  await until('npm start to end', () => s.top.exitCode !== null || s.top.signalCode !== null, 20000).catch(() => undefined);
  try {
    await until('every process of npm start to end', () => marked(s.mark).length === 0, 10000);
  } catch {
    const left = marked(s.mark);
    for (const p of left) process.kill(p.pid, 'SIGKILL');
    assert.fail(`left running:\n${left.map((x) => `${x.pid} ${x.cmd}`).join('\n')}\n--- npm start said:\n${s.output().slice(-3000)}`);
  }
}

describe('npm start stops everything it started, however it is stopped (issue #16)', function () {
  this.timeout(240000);

  it('Ctrl-C at its terminal', async () => {
    const s = await npmStart({ terminal: true });
    (s.top.stdin as NodeJS.WritableStream).write('\x03');
    await allGone(s);
  });

  for (const role of ['npm', 'lab', 'codeServer', 'server'] as const) {
    it(`SIGTERM to ${{ npm: 'npm', lab: 'the lab', codeServer: 'code-server', server: "code-server's server process" }[role]}`, async () => {
      const s = await npmStart({ terminal: false });
      process.kill(s.roles[role]!.pid, 'SIGTERM');
      await allGone(s);
    });
  }

  it('the terminal closing (SIGHUP)', async () => {
    const s = await npmStart({ terminal: true });
    // The terminal goes away as a closed window's does: its master side closes, the kernel hangs up.
    s.top.kill('SIGKILL');
    await allGone(s);
  });

  it('SIGTERM to scripts/start.sh; and the demo workspace is trusted in the profile npm start writes, and nowhere else', async () => {
    const s = await npmStart({ terminal: false });
    const settings = JSON.parse(fs.readFileSync(path.join(s.data, 'ud', 'User', 'settings.json'), 'utf8'));
    assert.strictEqual(settings['security.workspace.trust.enabled'], false);
    const args = JSON.parse(fs.readFileSync(path.join(path.dirname(s.data), 'stub-args.json'), 'utf8')) as string[];
    assert.strictEqual(args[args.indexOf('--user-data-dir') + 1], path.join(s.data, 'ud'), "the profile is npm start's own");
    assert.strictEqual(args[args.length - 1], path.join(ROOT, 'demo'));
    assert.ok(!args.includes('--disable-workspace-trust'), 'trust is not switched off for the server');
    process.kill(s.roles.startSh.pid, 'SIGTERM');
    await allGone(s);
  });

  it('with the real code-server: a new browser session opens the demo with no trust dialog and not in Restricted Mode; SIGTERM to npm stops it all', async () => {
    const { missingTools } = require(path.join(ROOT, 'test', 'vscode', 'workbench.js')) as { missingTools(): unknown[] };
    // npm test installs Chromium and code-server first (scripts/test.sh): a missing tool is a failure, not a skip.
    assert.deepStrictEqual(missingTools(), [], 'the browser workbench needs these');
    const s = await npmStart({ terminal: false, codeServer: 'real' });
    let browser: { close(): Promise<void>; newPage(): Promise<PwPage> } | undefined;
    try {
      const url = /Open in your browser: {2}(\S+)/.exec(s.output())![1];
      const { chromium } = require(path.join(ROOT, '.vscode-test', 'cs', 'node_modules', 'playwright-core'));
      browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
      const page = await browser!.newPage();
      await page.goto(url);
      await page.waitForSelector('.monaco-workbench .statusbar', { timeout: 60000 });
      // The trust dialog, when there is one, comes up with the workbench.
      await new Promise((r) => setTimeout(r, 5000));
      assert.strictEqual(await page.locator('.monaco-dialog-box').count(), 0, 'no "Do you trust the authors?" dialog');
      assert.strictEqual(await page.getByText('Restricted Mode').count(), 0, 'not in Restricted Mode');
    } finally {
      await browser?.close();
      process.kill(s.roles.npm.pid, 'SIGTERM');
      await allGone(s);
    }
  });
});

interface PwPage {
  goto(url: string): Promise<unknown>;
  waitForSelector(sel: string, o: { timeout: number }): Promise<unknown>;
  locator(sel: string): { count(): Promise<number> };
  getByText(text: string): { count(): Promise<number> };
}

describe('the install says nothing that is ours to quiet (issue #16)', () => {
  it("npm's allowScripts covers every install script of our dependencies", () => {
    const r = spawnSync('npm', ['install-scripts', 'ls', '--json'], { cwd: ROOT, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, `npm install-scripts (npm 11) failed: ${r.stderr}`);
    assert.deepStrictEqual(JSON.parse(r.stdout).allowScripts, []);
  });

  it('the VS Code install sets no config npm does not know, and keeps its harness covered by allowScripts', () => {
    const script = fs.readFileSync(path.join(ROOT, 'test', 'vscode', 'install-code-server.sh'), 'utf8');
    assert.doesNotMatch(script, /npm_config_build_from_source/);
    assert.match(script, /p\.allowScripts = \{"argon2":true,"code-server":false\}/);
  });
});
