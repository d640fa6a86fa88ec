import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { KnowledgeBase, makeBundle } from '../../src/core/knowledge/knowledgeBase';
import { analyze, foldGerman } from '../../src/core/search/analyzers';
import { isPastedText, SearchEngine } from '../../src/core/search/searchEngine';
import { fitSamples, loadQueries, loadUnrelated } from '../../bench/searchQuality';
import { KB_DIR, ROOT } from './paths';

describe('symptom search', () => {
  const kb = KnowledgeBase.open({ builtinDir: KB_DIR });
  const top = (q: string, lang: 'en' | 'de' = 'en') => kb.search.search(q, { lang })[0]?.id;

  describe('ranks the expected entry first for every example in test/fixtures/search/queries.yaml', () => {
    for (const c of loadQueries(path.join(ROOT, 'test', 'fixtures', 'search', 'queries.yaml'))) {
      it(`[${c.lang}] ${c.q.slice(0, 80)}`, () => {
        const results = kb.search.search(c.q, { lang: c.lang });
        assert.strictEqual(results[0]?.id, c.expect, `got ${results.map((r) => r.id).join(', ')}`);
      });
    }
  });

  it('treats umlauts and their ae/oe/ue/ss spellings as the same word', () => {
    assert.strictEqual(foldGerman('Größe Übel Ärger'), 'groesse uebel aerger');
    assert.deepStrictEqual(analyze('gelöschte Zeilen', 'de'), analyze('geloeschte Zeilen', 'de'));
    const a = kb.search.search('Datenbank voller gelöschter Zeilen', { lang: 'de' });
    const b = kb.search.search('Datenbank voller geloeschter Zeilen', { lang: 'de' });
    assert.deepStrictEqual(a.map((r) => [r.id, r.score]), b.map((r) => [r.id, r.score]));
  });

  it('stems German and English words', () => {
    assert.deepStrictEqual(analyze('verschwinden verschwindende', 'de').length, 2);
    assert.strictEqual(analyze('verschwinden', 'de')[0], analyze('verschwindende', 'de')[0]);
    assert.strictEqual(analyze('disappearing', 'en')[0], analyze('disappears', 'en')[0]);
  });

  it('tolerates a small typo', () => {
    assert.strictEqual(top('dissapearing imgaes'), 'disappearing-images');
    assert.strictEqual(top('rabitmq down'), 'console-log-flood');
  });

  it('finds an entry while the last word is still being typed', () => {
    assert.strictEqual(top('spanning tr'), 'bpdu-guard-massacre');
  });

  it('says which signal a pasted log line matched', () => {
    const [r] = kb.search.search('2024-03-02 04:11:51.679 14200 INFO nova.virt.libvirt.imagecache [req-ee1a7ad5 - - - - -] Removing base or swap file: /var/lib/nova/instances/_base/be32a717ae7ea3aa039131689864a325fd634c92');
    assert.strictEqual(r.id, 'disappearing-images');
    assert.strictEqual(r.match?.kind, 'signal');
    assert.strictEqual(r.match?.signal, 'imagecache-removing-base');
  });

  it('applies thresholds: a fast API call is no signal, a slow one is', () => {
    const line = (t: string) => `2014-01-08 11:15:15.704 INFO nova.ec2.wsgi.server [req-1 a b] 117.103.103.29 "GET /services/Cloud?Action=RunInstances HTTP/1.1" status: 200 len: 931 time: ${t}`;
    assert.strictEqual(kb.search.search(line('138.5970151'))[0].match?.kind, 'signal');
    assert.notStrictEqual(kb.search.search(line('3.9426181'))[0]?.match?.kind, 'signal');
  });

  it('matches a pasted config line against config signals', () => {
    const [r] = kb.search.search('vlan_interface = vlan20');
    assert.strictEqual(r.id, 'double-vlan');
    assert.strictEqual(r.match?.signal, 'vlan-interface-is-vlan');
    assert.notStrictEqual(kb.search.search('vlan_interface = bond0')[0]?.match?.kind, 'signal');
  });

  it('shows the symptom that matched, in the chosen language', () => {
    const [r] = kb.search.search('Images verschwinden', { lang: 'de' });
    assert.strictEqual(r.title, kb.get('disappearing-images')!.entry.title.de);
    assert.strictEqual(r.match?.kind, 'symptom');
    assert.match(r.match!.text, /Images verschwinden/);
  });

  it('returns nothing for an empty query and respects the limit', () => {
    assert.deepStrictEqual(kb.search.search('   '), []);
    assert.strictEqual(kb.search.search('instance network compute', { limit: 2 }).length, 2);
  });

  it('answers the same from the prebuilt index as from a fresh one', () => {
    const bundle = JSON.parse(JSON.stringify(makeBundle(kb.entries, ROOT)));
    const prebuilt = new SearchEngine(kb.entries, bundle.indexes);
    for (const q of ['Images verschwinden', 'bond0 down', 'huge console.log', 'API langsam']) {
      assert.deepStrictEqual(prebuilt.search(q), kb.search.search(q));
    }
  });

  it('loads the bundle written by the build (dist/kb.json)', () => {
    const bundleFile = path.join(ROOT, 'dist', 'kb.json');
    assert.ok(fs.existsSync(bundleFile), 'dist/kb.json is missing: npm test builds it first (npm run build)');
    const fromBundle = KnowledgeBase.open({ bundleFile });
    assert.strictEqual(fromBundle.entries.length, 6);
    assert.strictEqual(fromBundle.search.search('Images verschwinden', { lang: 'de' })[0].id, 'disappearing-images');
  });
});

describe('says when no tale matches (issue #16)', () => {
  const kb = KnowledgeBase.open({ builtinDir: KB_DIR });
  const samples = fitSamples(kb.search, loadQueries(path.join(ROOT, 'test', 'fixtures', 'search', 'queries.yaml')), loadUnrelated(path.join(ROOT, 'test', 'fixtures', 'search')));

  it('calls no unrelated question, healthy log line or healthy log tail a match (test/fixtures/search/unrelated.yaml, healthy/)', () => {
    const unrelated = samples.filter((s) => !s.relevant);
    assert.ok(unrelated.length >= 50, 'the calibration examples are read');
    assert.deepStrictEqual(unrelated.filter((s) => s.strength === 'strong').map((s) => `${s.name.slice(0, 60)} → ${s.top} (${s.share.toFixed(2)})`), []);
  });

  it('calls most relevant queries a match (at most one in seven only related), and every signal a pasted line fits', () => {
    const relevant = samples.filter((s) => s.relevant);
    const weak = relevant.filter((s) => s.strength !== 'strong');
    assert.ok(weak.length <= relevant.length / 7, `not strong: ${weak.map((s) => `${s.name} (${s.share.toFixed(2)})`).join('; ')}`);
    assert.ok(relevant.filter((s) => s.signal).every((s) => s.strength === 'strong'));
  });

  it('lists the nearest entries of an unrelated question as related, weakly', () => {
    const r = kb.search.search('race between ip allocations and dhcp agent notifications');
    assert.ok(r.length > 0 && r.every((x) => x.strength !== 'strong'), JSON.stringify(r));
    assert.strictEqual(r[0].id, 'dhcp-renewal-stall');
    assert.strictEqual(r[0].strength, 'weak');
  });

  it('does not rank pasted text on its words when no signal fits it; a signal still does', () => {
    const tail = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'search', 'healthy', 'nova-compute.log'), 'utf8');
    assert.ok(isPastedText(tail) && !isPastedText('one line\n'));
    const r = kb.search.search(tail);
    assert.ok(r.length > 0, 'words still give results, for --json');
    assert.deepStrictEqual([...new Set(r.map((x) => x.strength))], ['none']);
    const withSignal = kb.search.search(`${tail}Feb 15 01:40:18 SW-1 Ebra: %ETH-4-ERRDISABLE: bpduguard error detected on Port-Channel35.\n`);
    assert.deepStrictEqual([withSignal[0].id, withSignal[0].strength, withSignal[0].match?.kind], ['bpdu-guard-massacre', 'strong', 'signal']);
    assert.ok(withSignal.slice(1).every((x) => x.strength === 'none'));
  });
});

describe('matched symptom', () => {
  const kb = KnowledgeBase.open({ builtinDir: KB_DIR });
  it('prefers the phrase matching more distinct words over one repeating a word, across languages', () => {
    const [r] = kb.search.search('Images verschwinden', { lang: 'en' });
    assert.strictEqual(r.id, 'disappearing-images');
    assert.match(r.match!.text, /Images verschwinden/);
  });
});
