import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, FIXTURES } from './paths';

/**
 * Big local logs are prefiltered by GNU grep (the remote scan's script, run here). It must
 * find exactly what the scanner finds alone, on every detect case, escalation included.
 */
describe('local scan of big logs with GNU grep', function () {
  this.timeout(120000);
  let tree: string;
  let grepLog: string;
  let bin: string;

  before(() => {
    tree = fs.mkdtempSync(path.join(os.tmpdir(), 'stacktales-local-grep-'));
    fs.cpSync(path.join(FIXTURES, 'detect'), tree, { recursive: true });
    // Past 4 MB a file is streamed as a log; noise appended after the real lines keeps their
    // numbers and the head that decides which signals apply. Near-misses make grep's superset work.
    const noise: string[] = [];
    for (let i = 0; i < 40000; i++) {
      noise.push(
        i % 7 === 0
          ? `2024-03-12 09:${String(i % 60).padStart(2, '0')}:02.117 2211 INFO nova.compute.resource_tracker [req-${i} - - - - -] Removing base image reference ${i}, größe ${i}`
          : `2024-03-12 09:${String(i % 60).padStart(2, '0')}:02.117 2211 DEBUG oslo_concurrency.lockutils [req-${i} - - - - -] Lock "compute_resources" acquired by "nova.compute.resource_tracker._update_available_resource" :: waited 0.000s`,
      );
    }
    const pad = '\n' + noise.join('\n') + '\n';
    let padded = 0;
    for (const e of fs.readdirSync(tree, { withFileTypes: true, recursive: true })) {
      const file = path.join(e.parentPath ?? (e as { path: string }).path, e.name);
      if (!e.isFile() || !/(\/log\/|syslog)/.test(file)) continue;
      // The real lines once more after the noise: findings in the last part of a split log too.
      const own = fs.readFileSync(file, 'utf8');
      fs.appendFileSync(file, pad.repeat(Math.ceil((4.5 * 1024 * 1024) / pad.length)) + own);
      padded++;
    }
    assert.ok(padded >= 12, `${padded} logs padded`);
    // A grep that writes down how it was called, then is GNU grep.
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'stacktales-grep-bin-'));
    grepLog = path.join(bin, 'calls');
    fs.writeFileSync(path.join(bin, 'grep'), `#!/bin/sh\necho "$*" >> '${grepLog}'\nexec /usr/bin/grep "$@"\n`, { mode: 0o755 });
  });

  const scan = (env: NodeJS.ProcessEnv) => {
    const r = spawnSync(process.execPath, [CLI, 'scan', '--json', tree], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, ...env }, maxBuffer: 64 * 1024 * 1024 });
    assert.strictEqual(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { findings: unknown[]; files: number; bytes: number };
  };

  it('finds exactly what the scanner alone finds, and grep really did the reading', () => {
    fs.rmSync(grepLog, { force: true });
    const alone = scan({ STACKTALES_NO_GREP: '1' });
    assert.ok(!fs.existsSync(grepLog), 'STACKTALES_NO_GREP=1 calls no grep');
    const withGrep = scan({ STACKTALES_GREP_MIN_BYTES: '0' });
    const calls = fs.readFileSync(grepLog, 'utf8');
    assert.ok((calls.match(/^-n -E /gm) ?? []).length >= 12, calls.slice(0, 500));
    assert.ok(alone.findings.length >= 15, `${alone.findings.length} findings`);
    assert.deepStrictEqual(withGrep, alone);
  });

  it('splits a big log across CPUs and still numbers its lines exactly', () => {
    const log = path.join(tree, 'disappearing-images-positive', 'var', 'log', 'nova', 'nova-compute.log');
    const one = (env: NodeJS.ProcessEnv) => {
      const r = spawnSync(process.execPath, [CLI, 'scan', '--json', log], { encoding: 'utf8', env: { ...process.env, ...env } });
      return JSON.parse(r.stdout) as { findings: { line: number }[] };
    };
    // 64 MB parts, one per CPU by default: a 5 MB log stays whole, so a lowered part size and
    // three parts (whatever this machine's CPU count) split it here.
    const alone = one({ STACKTALES_NO_GREP: '1' });
    fs.rmSync(grepLog, { force: true });
    assert.deepStrictEqual(one({ PATH: `${bin}:${process.env.PATH}`, STACKTALES_GREP_MIN_BYTES: '0', STACKTALES_GREP_PART_BYTES: '1000000', STACKTALES_GREP_JOBS: '3' }), alone);
    // Every part but the last greps for the sentinel too: at least two parts ran.
    assert.strictEqual((fs.readFileSync(grepLog, 'utf8').match(/stacktales-end/g) ?? []).length, 3, 'three parts, each grep also looking for the sentinel');
    assert.ok(alone.findings.some((f) => f.line > 40000), 'a finding beyond the first part');
  });
});
