import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadKb, readEntryFolder } from '../../src/core/knowledge/loadKb';
import { FILL_IN, writeNewEntry } from '../../src/core/kb/newEntry';
import { CLI, FIXTURES, KB_DIR } from './paths';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'stacktales-new-entry-'));

describe('writing a new entry', () => {
  it('scaffolds a folder that loads beside the built-in KB with no problem but its texts to write (FILL IN)', () => {
    const parent = tmp();
    const dir = writeNewEntry(parent, 'rabbitmq-partition');
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['de.md', 'en.md', 'entry.yaml']);
    const builtin = loadKb([{ dir: KB_DIR, origin: 'builtin' }]).entries.map((e) => e.entry.id);
    const r = loadKb([{ dir: parent, origin: 'user' }], builtin);
    assert.deepStrictEqual(r.problems, []);
    assert.strictEqual(r.entries[0].entry.id, 'rabbitmq-partition');
    // Nothing in it passes for knowledge: every text says what to write.
    assert.ok(r.entries[0].entry.title.en.startsWith(FILL_IN));
    assert.ok(r.entries[0].prose.de.includes(FILL_IN));
  });

  it('refuses a bad id and an existing folder, and writes nothing then', () => {
    const parent = tmp();
    assert.throws(() => writeNewEntry(parent, 'Bad_Id'), /not an entry id/);
    assert.deepStrictEqual(fs.readdirSync(parent), []);
    const dir = writeNewEntry(parent, 'twice');
    fs.writeFileSync(path.join(dir, 'en.md'), 'my words');
    assert.throws(() => writeNewEntry(parent, 'twice'), /exists already/);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'en.md'), 'utf8'), 'my words');
  });

  it('stacktales kb new writes it, and kb check fails with each line still to fill in (issue #16: a template is no entry)', () => {
    const parent = tmp();
    const r = spawnSync(process.execPath, [CLI, 'kb', 'new', 'glance-stall', '--dir', parent], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /next: replace every FILL IN/);
    const check = spawnSync(process.execPath, [CLI, 'kb', 'check', parent], { encoding: 'utf8' });
    assert.strictEqual(check.status, 1, check.stdout);
    const dir = path.join(parent, 'glance-stall');
    const unfilled = ['entry.yaml', 'en.md', 'de.md'].flatMap((f) =>
      fs.readFileSync(path.join(dir, f), 'utf8').split('\n').flatMap((l, i) => (/FILL[ _]IN/.test(l) ? [`${path.join(dir, f)}:${i + 1}: still to write (FILL IN): `] : [])),
    );
    assert.ok(unfilled.length > 10);
    for (const u of unfilled) assert.ok(check.stdout.includes(u), `${u} is listed`);
    assert.match(check.stdout, /\n0 entries OK, \d+ problems, 2 warnings\n$/);
    const bad = spawnSync(process.execPath, [CLI, 'kb', 'new', 'No Good', '--dir', parent], { encoding: 'utf8' });
    assert.strictEqual(bad.status, 2);
    assert.match(bad.stderr, /not an entry id/);
  });

  it('checks the text an editor holds, with the line of each problem', () => {
    const dir = writeNewEntry(tmp(), 'live-check');
    const text = fs.readFileSync(path.join(dir, 'entry.yaml'), 'utf8');
    const broken = text.replace('next: example-check', 'next: no-such-diagnostic');
    const r = readEntryFolder(dir, 'user', broken);
    assert.strictEqual(r.entry, undefined);
    assert.strictEqual(r.problems.length, 1, JSON.stringify(r.problems));
    const line = broken.split('\n').findIndex((l) => l.includes('no-such-diagnostic')) + 1;
    assert.strictEqual(r.problems[0].line, line);
    assert.match(r.problems[0].message, /no-such-diagnostic/);
    // The file on disk was not touched and still passes.
    assert.deepStrictEqual(readEntryFolder(dir, 'user').problems, []);
  });

  it('never runs the examples of a pattern that can backtrack catastrophically (the editor checks as you type)', () => {
    const dir = path.join(tmp(), 'redos');
    fs.cpSync(path.join(FIXTURES, 'kb-broken', 'redos'), dir, { recursive: true });
    const yaml = path.join(dir, 'entry.yaml');
    // Run against ^(\w+\s?)*$ this line would take hours.
    fs.writeFileSync(yaml, fs.readFileSync(yaml, 'utf8').replace('    next: glance-log\n', `    next: glance-log\n    examples: { match: ["${'a'.repeat(40)}!"] }\n`));
    assert.match(fs.readFileSync(yaml, 'utf8'), /examples: \{ match/);
    // A child with a kill timer: a check that hangs is killed, and that fails here.
    const r = spawnSync(process.execPath, [CLI, 'kb', 'check', dir], { encoding: 'utf8', timeout: 30000 });
    assert.strictEqual(r.signal, null, 'kb check hung on the example');
    assert.strictEqual(r.status, 1);
    assert.match(r.stdout, /may backtrack catastrophically/);
    assert.doesNotMatch(r.stdout, /example that should/);
  });
});

