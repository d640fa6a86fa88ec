// The VSIX: its size, and its activation time in a real (offline) VS Code extension host,
// installed from the package as a user would.   npm run bench:package
// Targets (issue 7): under 2 MB, activation under 50 ms.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const out = path.join(ROOT, 'bench', 'results');
fs.mkdirSync(out, { recursive: true });
execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'ignore' });
const vsix = path.join(ROOT, 'stacktales.vsix');
const activation = path.join(out, 'activation.json');
// The extension host's timings vary a lot from run to run here: ROUNDS runs (default 5), the median and every run reported.
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const runs = [];
for (let i = 0; i < ROUNDS; i++) {
  execFileSync(process.execPath, [path.join(ROOT, 'test', 'vscode', 'run.js'), '--vsix', vsix], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, STACKTALES_ACTIVATION_OUT: activation } });
  runs.push(JSON.parse(fs.readFileSync(activation, 'utf8')));
}
execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'ignore' });
const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
const result = { vsixBytes: fs.statSync(vsix).size, activationMs: median('activationMs'), evaluateMs: median('evaluateMs'), activateMs: median('activateMs'), hostMs: median('hostMs'), runs };
console.log(`VSIX ${(result.vsixBytes / 1024).toFixed(0)} KB (target < 2048 KB)`);
console.log(`activation in the extension host, installed from the VSIX, median of ${runs.length}: ${result.activationMs.toFixed(1)} ms (target < 50 ms) = evaluating the bundle ${result.evaluateMs.toFixed(1)} ms + activate() ${result.activateMs.toFixed(1)} ms; the host's own work in between: ${result.hostMs.toFixed(1)} ms`);
console.log(`  every run (ms, ours = evaluation + activate()): ${runs.map((r) => r.activationMs.toFixed(1)).join(', ')}`);
fs.writeFileSync(path.join(out, 'package.json'), JSON.stringify(result, null, 2));
