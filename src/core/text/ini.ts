/**
 * oslo.config's INI dialect, with the line of every value: [sections], "key = value" or
 * "key: value", "#" and ";" comments, repeated keys (MultiStrOpt keeps them all), and
 * continuation lines (indented lines extend the previous value). Section and key names
 * are kept as written ("DEFAULT" included). Generic INI libraries lose line numbers,
 * repeated keys and continuations, which is why this one is written here.
 */
export interface IniValue {
  value: string;
  /** 1-based line of the key. */
  line: number;
  /** 0-based column range of the value on its first line. */
  start: number;
  end: number;
}

export interface IniFile {
  /** section → key → every occurrence, in file order. */
  sections: Map<string, Map<string, IniValue[]>>;
  /** 1-based line of each section header (DEFAULT is 0 when it has no header). */
  sectionLines: Map<string, number>;
  /** Lines that are neither blank, comment, header nor key=value: a sign the text is not INI. */
  strayLines: number;
  keyLines: number;
  headerLines: number;
}

const HEADER = /^\[\s*([^\]]+?)\s*\]\s*(?:[#;].*)?$/;
const KEY = /^([^=:\s#;[][^=:]*?)\s*[=:]\s?(.*)$/;

export function parseIni(text: string): IniFile {
  const sections = new Map<string, Map<string, IniValue[]>>();
  const sectionLines = new Map<string, number>([['DEFAULT', 0]]);
  let section = 'DEFAULT';
  let last: IniValue | undefined;
  let strayLines = 0;
  let keyLines = 0;
  let headerLines = 0;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      if (!trimmed) last = undefined;
      continue;
    }
    if (/^\s/.test(raw) && last) {
      last.value += '\n' + trimmed;
      continue;
    }
    const h = HEADER.exec(trimmed);
    if (h) {
      section = h[1];
      headerLines++;
      if (!sectionLines.has(section) || section === 'DEFAULT') sectionLines.set(section, i + 1);
      last = undefined;
      continue;
    }
    const kv = KEY.exec(raw);
    if (!kv) {
      strayLines++;
      last = undefined;
      continue;
    }
    keyLines++;
    const key = kv[1].trim();
    const value = kv[2].trim();
    const start = raw.length - kv[2].length + (kv[2].length - kv[2].trimStart().length);
    last = { value, line: i + 1, start, end: start + value.length };
    if (!sections.has(section)) sections.set(section, new Map());
    const keys = sections.get(section)!;
    if (!keys.has(key)) keys.set(key, []);
    keys.get(key)!.push(last);
  }
  return { sections, sectionLines, strayLines, keyLines, headerLines };
}

/** The value oslo.config would use: the last occurrence wins for single-valued options. */
export function lookup(ini: IniFile, section: string, key: string): IniValue | undefined {
  const values = ini.sections.get(section)?.get(key);
  return values?.[values.length - 1];
}

/** Enough key=value lines under headers, and few stray ones: this text is an INI file. */
export function looksLikeIni(ini: IniFile): boolean {
  return ini.keyLines >= 1 && ini.headerLines >= 1 && ini.strayLines <= ini.keyLines / 4;
}
