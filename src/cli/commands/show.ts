import { Option } from 'commander';
import type { Lang } from '../../core/kb/types';
import { entryOf, type CliCommand } from '../context';
import { kbOption } from '../options';

export const showCommand: CliCommand = {
  register(program, { out, openKb }) {
    program
      .command('show')
      .description('print an entry')
      .argument('<id>')
      .addOption(new Option('--lang <lang>').choices(['en', 'de']).default('en'))
      .addOption(kbOption())
      .action((id: string, o: { lang: Lang; kb: string[] }) => {
        const e = entryOf(openKb(o.kb), id);
        out(`# ${e.entry.title[o.lang]}\n\n${e.entry.summary[o.lang]}\n\n${e.prose[o.lang]}`);
      });
  },
};
