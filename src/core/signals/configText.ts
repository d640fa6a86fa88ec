import { lookup, parseIni, type IniFile } from '../text/ini';
import type { ConfigFile, ConfigText, ConfigValue } from './kind';

export interface ConfigTextOptions {
  /** Read as one INI file (named like a config file, or INI by content). */
  asIni: boolean;
  /**
   * The text shows every line of the option it could hold (a file, or a diagnostic that greps
   * for the option), so an absent key means "not set" and its default applies. Pasted lines: no.
   */
  complete: boolean;
  /** The text already parsed as INI, when the caller has it. */
  ini?: IniFile;
}

/** A configuration as a text shows it: one INI file, or the `grep -n`/`-Hn` lines of one or more files. */
export function configTextOf(text: string, o: ConfigTextOptions): ConfigText {
  if (o.asIni) return { files: [iniFile(o.ini ?? parseIni(text))] };
  return { files: grepFiles(text, o.complete) };
}

function iniFile(ini: IniFile): ConfigFile {
  return {
    complete: true,
    lookup: (section, key) => lookup(ini, section, key),
    lineForAbsent: (section) => ini.sectionLines.get(section) || 1,
  };
}

/** `[path:][N:]key = value` and `[path:][N:][section]`: what grep -n / -Hn prints of an INI file, or a pasted line. */
const LINE = /^(?:([^\s:=[]+):(?=\d+:))?(?:(\d+):)?\s*(?:\[\s*([^\]]+?)\s*\]|([A-Za-z0-9_.-]+)\s*=\s*(.*))\s*$/;

interface Group {
  /** Section headers seen (grep for "^\[" shows them); without any, the section is unknown. */
  sawHeaders: boolean;
  values: Map<string, (ConfigValue & { section?: string })[]>;
  headerLines: Map<string, number>;
  current?: string;
}

function grepFiles(text: string, complete: boolean): ConfigFile[] {
  const groups = new Map<string, Group>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const m = LINE.exec(raw);
    if (!m) return;
    const [, path = '', , header, key, value] = m;
    let g = groups.get(path);
    if (!g) groups.set(path, (g = { sawHeaders: false, values: new Map(), headerLines: new Map() }));
    if (header !== undefined) {
      g.sawHeaders = true;
      g.headerLines.set(header, i + 1);
      g.current = header;
      return;
    }
    const v = value.trim();
    const start = raw.length - value.length + (value.length - value.trimStart().length);
    const section = g.sawHeaders ? g.current : undefined;
    if (!g.values.has(key)) g.values.set(key, []);
    g.values.get(key)!.push({ value: v, line: i + 1, start, end: start + v.length, section });
  });
  return [...groups.values()].map((g) => ({
    complete,
    lookup(section, key) {
      const all = g.values.get(key)?.filter((v) => !g.sawHeaders || (v.section ?? 'DEFAULT') === section);
      return all?.[all.length - 1];
    },
    lineForAbsent: (section) => g.headerLines.get(section) ?? 1,
  }));
}
