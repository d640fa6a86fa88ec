import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KnowledgeBase } from '../../src/core/knowledge/knowledgeBase';
import { loadKb, readEntryFolder } from '../../src/core/knowledge/loadKb';
import { BUILTIN_IDS, FIXTURES, KB_DIR } from './paths';

describe('KB loading', () => {
  const builtin = loadKb([{ dir: KB_DIR, origin: 'builtin' }]);

  it('loads every entry folder of kb/entries under its folder name, with no problems', () => {
    assert.deepStrictEqual(builtin.problems, []);
    assert.ok(BUILTIN_IDS.length >= 6, BUILTIN_IDS.join(','));
    assert.deepStrictEqual(builtin.entries.map((e) => e.entry.id).sort(), BUILTIN_IDS);
  });

  it('gives every entry prose in both languages, symptoms in both, and its tale', () => {
    for (const { entry, prose } of builtin.entries) {
      assert.ok(prose.en.length > 500 && prose.de.length > 500, `${entry.id}: prose too short`);
      assert.ok(entry.symptoms.en.length >= 5 && entry.symptoms.de.length >= 5, `${entry.id}: symptoms`);
      assert.match(entry.tale.source, /Operations Guide/);
      assert.ok(entry.references.some((r) => r.kind === 'tale'), `${entry.id}: names its tale`);
    }
  });

  it('marks every command that changes something as such, with a backup step that does not (effect: change)', () => {
    const changing = /\b(crudini --set|apt-get install|ebtables -I|truncate|nova-manage db (archive|purge)|DELETE FROM|openstack image save)\b/;
    for (const { entry } of builtin.entries) {
      for (const d of entry.diagnostics) {
        if (changing.test(d.command)) assert.strictEqual(d.effect, 'change', `${entry.id}/${d.id} changes the system`);
        if (d.effect === 'change') {
          const backup = entry.diagnostics.find((b) => b.id === d.backup);
          assert.ok(backup && backup.effect !== 'change', `${entry.id}/${d.id} has a backup that changes nothing`);
        }
      }
    }
  });

  it('marks every command that writes a file as writing (issue #13: effect write-new, not read)', () => {
    for (const { entry } of builtin.entries) {
      for (const d of entry.diagnostics) {
        if (/(^|[^2])>\s*\/(root|tmp|var)|\btee\b|\bcp -a\b|mysqldump|tar -c/.test(d.command)) assert.notStrictEqual(d.effect, 'read', `${entry.id}/${d.id} writes`);
      }
    }
  });

  it('cites the references the seed names', () => {
    const refs = builtin.entries.flatMap((e) => e.entry.references.map((r) => `${e.entry.id} ${r.url ?? ''} ${r.title}`)).join('\n');
    assert.match(refs, /dhcp-renewal-stall .*997978/);
    assert.match(refs, /dhcp-renewal-stall .*msg11696/);
    assert.match(refs, /disappearing-images .*1029674/);
    assert.match(refs, /console-log-flood .*832507/);
  });

  it('says which release has which option where names changed', () => {
    const text = (id: string) => JSON.stringify(builtin.entries.find((e) => e.entry.id === id)!.entry.releases);
    assert.match(text('double-vlan'), /vlan_interface/);
    assert.match(text('double-vlan'), /physical_interface_mappings/);
    assert.match(text('disappearing-images'), /\[image_cache\]/);
    assert.match(text('disappearing-images'), /Ussuri/);
    assert.match(text('deleted-rows-bloat'), /archive_deleted_rows/);
    assert.match(text('deleted-rows-bloat'), /db purge/);
    assert.match(text('console-log-flood'), /virtlogd/);
  });
});

describe('KB validation of broken entries', () => {
  const broken = loadKb([{ dir: path.join(FIXTURES, 'kb-broken'), origin: 'user' }]);
  const problem = (folder: string) => broken.problems.filter((p) => p.file.includes(`${path.sep}${folder}${path.sep}`));

  it('still loads the good entry next to the broken ones', () => {
    assert.deepStrictEqual(broken.entries.map((e) => e.entry.id), ['good-entry']);
  });

  it('reports a schema error at the line of the offending key', () => {
    const ps = problem('bad-schema');
    assert.ok(ps.some((p) => p.line === 1 && /missing required property "summary"/.test(p.message)), JSON.stringify(ps));
    assert.ok(ps.some((p) => p.line === 13 && /unknown property "colour"/.test(p.message)), JSON.stringify(ps));
  });

  it('reports a pattern that does not compile, at its line', () => {
    const [p] = problem('bad-regex');
    assert.strictEqual(p.line, 12);
    assert.match(p.message, /does not compile/);
  });

  it('rejects a regex with catastrophic backtracking', () => {
    const [p] = problem('redos');
    assert.strictEqual(p.line, 12);
    assert.match(p.message, /backtrack/);
  });

  it('reports a signal that refers to a diagnostic that does not exist', () => {
    const [p] = problem('dangling-ref');
    assert.strictEqual(p.line, 15);
    assert.match(p.message, /"no-such-diagnostic" does not exist/);
  });

  it('reports YAML syntax errors with their line, a missing de.md and a folder/id mismatch', () => {
    assert.strictEqual(problem('yaml-syntax')[0].line, 5);
    assert.match(problem('no-german')[0].message, /missing de\.md/);
    assert.match(problem('wrong-folder')[0].message, /differs from its folder name/);
  });
});

describe('runbook graph checks', () => {
  const copyEntry = (mutate: (yaml: string) => string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stacktales-kb-'));
    const target = path.join(dir, 'good-entry');
    fs.cpSync(path.join(FIXTURES, 'kb-broken', 'good-entry'), target, { recursive: true });
    const file = path.join(target, 'entry.yaml');
    fs.writeFileSync(file, mutate(fs.readFileSync(file, 'utf8')));
    return readEntryFolder(target, 'user');
  };

  it('finds a step that never reaches a conclusion', () => {
    const r = copyEntry((y) => y.replace('next: { confirmed: "@confirmed", ruled-out: "@ruled-out" }', 'next: { confirmed: look, ruled-out: look }'));
    assert.strictEqual(r.entry, undefined);
    assert.ok(r.problems.some((p) => /never reaches a conclusion/.test(p.message)), JSON.stringify(r.problems));
  });

  it('finds a step that leads nowhere and an unknown signal', () => {
    const r = copyEntry((y) => y.replace('ruled-out: "@ruled-out"', 'ruled-out: gone').replace('signals: [upload-stuck]', 'signals: [nope]'));
    const messages = r.problems.map((p) => p.message).join('\n');
    assert.match(messages, /leads to unknown step "gone"/);
    assert.match(messages, /unknown signal "nope"/);
  });

  it('accepts the unmodified entry', () => {
    const r = copyEntry((y) => y);
    assert.deepStrictEqual(r.problems, []);
    assert.ok(r.entry);
  });
});

describe('KnowledgeBase with user folders', () => {
  it('adds user entries, keeps built-ins first and reports duplicates', () => {
    const dup = fs.mkdtempSync(path.join(os.tmpdir(), 'stacktales-dup-'));
    fs.cpSync(path.join(KB_DIR, 'entries', 'double-vlan'), path.join(dup, 'double-vlan'), { recursive: true });
    const kb = KnowledgeBase.open({ builtinDir: KB_DIR, userDirs: [path.join(FIXTURES, 'kb-user'), dup] });
    assert.strictEqual(kb.entries.length, 7);
    assert.strictEqual(kb.get('glance-upload-stall')?.origin, 'user');
    assert.strictEqual(kb.get('double-vlan')?.origin, 'builtin');
    assert.ok(kb.problems.some((p) => /duplicate entry id "double-vlan"/.test(p.message)));
    assert.strictEqual(kb.search.search('glance upload hangs')[0].id, 'glance-upload-stall');
  });

  it('reports a KB folder that does not exist without failing', () => {
    const kb = KnowledgeBase.open({ builtinDir: KB_DIR, userDirs: ['/nonexistent/stacktales'] });
    assert.strictEqual(kb.entries.length, 6);
    assert.match(kb.problems[0].message, /cannot read KB folder/);
  });
});
