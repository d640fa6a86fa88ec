import * as assert from 'assert';
import * as path from 'path';
import { loadKb } from '../../src/core/knowledge/loadKb';
import { renderEntryHtml } from '../../src/core/render/entryHtml';
import { FIXTURES, KB_DIR } from './paths';

describe('entry page rendering', () => {
  const { entries } = loadKb([{ dir: KB_DIR, origin: 'builtin' }]);

  it('renders every section of every entry in both languages', () => {
    for (const e of entries) {
      for (const lang of ['en', 'de'] as const) {
        const html = renderEntryHtml(e, lang);
        for (const id of ['prose', 'symptoms', 'signals', 'diagnostics', 'runbook', 'remedy', 'prevention', 'references']) {
          assert.ok(html.includes(`<section id="${id}">`), `${e.entry.id}/${lang}: section ${id}`);
        }
        const escaped = e.entry.title[lang].replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
        assert.ok(html.includes(`<h1 id="title">${escaped}</h1>`), `${e.entry.id}/${lang}: title`);
        assert.strictEqual((html.match(/class="copy"/g) ?? []).length >= e.entry.diagnostics.length, true);
      }
    }
  });

  it('shows where the examples of each signal and each release claim were seen (issue #14)', () => {
    const base = entries[0];
    const [first, ...rest] = base.entry.signals;
    const sourced = { ...first, examples: { match: [{ text: 'x', source: 'https://bugs.launchpad.net/nova/+bug/1078594' }, { text: 'y', source: 'openstack/nova:nova/virt/libvirt/imagecache.py@2013.1' }] } };
    const releases = [{ releases: 'Grizzly', en: 'claim', de: 'Aussage', sources: ['openstack/nova@0123456789ab'] }];
    const html = renderEntryHtml({ ...base, entry: { ...base.entry, signals: [sourced, ...rest], releases } as typeof base.entry }, 'de');
    assert.match(html, /Belegt in: <a href="https:\/\/bugs\.launchpad\.net\/nova\/\+bug\/1078594">[^<]+<\/a>, <code>openstack\/nova:nova\/virt\/libvirt\/imagecache\.py@2013\.1<\/code>/);
    assert.match(html, /Quellen: <code>openstack\/nova@0123456789ab<\/code>/);
  });

  it('marks mutating commands and names their backup step', () => {
    const html = renderEntryHtml(entries.find((e) => e.entry.id === 'deleted-rows-bloat')!, 'en');
    const archive = html.slice(html.indexOf('id="diag-archive-deleted-rows"'));
    assert.match(archive.slice(0, 600), /changes the system/);
    assert.match(archive.slice(0, 900), /Back up first with: <a href="#diag-backup-nova-db">/);
  });

  it('never passes raw HTML from prose through', () => {
    const { entries: user } = loadKb([{ dir: path.join(FIXTURES, 'kb-user'), origin: 'user' }]);
    const html = renderEntryHtml(user[0], 'en');
    assert.ok(!html.includes('<script>'), 'script tag escaped');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  });
});
