import { Option } from 'commander';
import * as fs from 'fs';
import type { Lang } from '../../core/kb/types';
import type { CliCommand } from '../context';
import { kbOption, positiveInt } from '../options';

export const searchCommand: CliCommand = {
  register(program, { out, outJson, openKb }) {
    program
      .command('search')
      .description('find the entry for a symptom, a log line or command output ("-" reads standard input)')
      .argument('<query...>', 'what you see; several words are joined')
      .addOption(new Option('--lang <lang>', 'language of titles and of the weighting').choices(['en', 'de']).default('en'))
      .option('--limit <n>', 'at most this many results', positiveInt, 5)
      .addOption(kbOption())
      .option('--json', 'print one JSON object')
      .action((words: string[], o: { lang: Lang; limit: number; kb: string[]; json?: boolean }) => {
        const query = words.length === 1 && words[0] === '-' ? fs.readFileSync(0, 'utf8') : words.join(' ');
        const kb = openKb(o.kb);
        const results = kb.search.search(query, { lang: o.lang, limit: o.limit });
        if (o.json) {
          outJson({ query, results: results.map((r) => ({ id: r.id, title: r.title, score: r.score })) });
          return;
        }
        if (!results.length) out('no entry matches\n');
        results.forEach((r, i) => out(`${i + 1}. ${r.id}  ${r.title}  (${r.score})\n   ${r.match?.kind === 'signal' ? 'signal' : 'symptom'}: ${r.match?.text ?? ''}\n`));
      });
  },
};
