import { Option } from 'commander';
import * as fs from 'fs';
import type { Lang } from '../../core/kb/types';
import type { SearchResult } from '../../core/search/searchEngine';
import type { CliCommand } from '../context';
import { kbOption, positiveInt } from '../options';

export const searchCommand: CliCommand = {
  register(program, { out, outJson, openKb }) {
    program
      .command('search')
      .description('find the entry for a symptom, a log line or command output ("-" reads standard input); says when no tale matches')
      .argument('<query...>', 'what you see; several words are joined')
      .addOption(new Option('--lang <lang>', 'language of titles and of the weighting').choices(['en', 'de']).default('en'))
      .option('--limit <n>', 'at most this many results', positiveInt, 5)
      .addOption(kbOption())
      .option('--json', 'print {"query": its first line, "results": [{"id", "title", "score", "match": "strong|weak|none"}], "queryBytes": n}')
      .action(async (words: string[], o: { lang: Lang; limit: number; kb: string[]; json?: boolean }) => {
        const { byStrength, isPastedText } = await import('../../core/search/searchEngine');
        const query = words.length === 1 && words[0] === '-' ? fs.readFileSync(0, 'utf8') : words.join(' ');
        const kb = openKb(o.kb);
        const results = kb.search.search(query, { lang: o.lang, limit: o.limit });
        if (o.json) {
          // The query as a line (a pasted log is not echoed whole); queryBytes says how much was read.
          const firstLine = query.split(/\r?\n/).find((l) => l.trim()) ?? '';
          outJson({ query: firstLine, results: results.map((r) => ({ id: r.id, title: r.title, score: r.score, match: r.strength })), queryBytes: Buffer.byteLength(query) });
          return;
        }
        const { matches, related } = byStrength(results);
        const show = (r: SearchResult, mark: string) => out(`${mark} ${r.id}  ${r.title}  (${r.score})\n   ${r.match?.kind === 'signal' ? 'signal' : 'symptom'}: ${r.match?.text ?? ''}\n`);
        if (isPastedText(query) && !matches.length) {
          const lines = query.split(/\r?\n/).filter((l) => l.trim()).length;
          out(`no tale matches: no signal of any tale in the pasted text (${lines} lines); its words alone say nothing\n`);
          return;
        }
        if (!matches.length) out(`no tale matches "${query.trim()}"\n`);
        matches.forEach((r, i) => show(r, `${i + 1}.`));
        if (related.length) out(`${matches.length ? '\n' : ''}related, weakly:\n`);
        related.forEach((r) => show(r, '  -'));
      });
  },
};
