// Runs the unit tests (compiled to out/test/unit) with mocha's spec reporter and
// writes {"passed": n, "failed": n} to the file given as the first argument.
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

const mocha = new Mocha({ timeout: 20000, reporter: 'spec' });
const dir = path.join(__dirname, '..', 'out', 'test', 'unit');
for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(dir, f));
let passed = 0;
let failed = 0;
mocha
  .run((failures) => {
    if (process.argv[2]) fs.writeFileSync(process.argv[2], JSON.stringify({ passed, failed }));
    console.log(`unit: ${passed} passed, ${failed} failed`);
    process.exitCode = failures ? 1 : passed ? 0 : 1;
  })
  .on('pass', () => passed++)
  .on('fail', () => failed++);
