import * as fs from 'fs';
import * as path from 'path';
import { checkEntry } from './checkEntry';
import { provenanceGaps } from './provenance';
import { describeSchemaError, entryValidator } from '../kb/schema';
import { LANGS, type Entry, type KbProblem, type LoadedEntry, type Text } from '../kb/types';
import { LocatedYaml, pointerToPath } from '../kb/yamlLocator';
import { errnoWords, FileError, readTextFile, TEXT_FILE_LIMITS } from '../util/files';

export interface KbLoadResult {
  entries: LoadedEntry[];
  /** What kept an entry from loading. */
  problems: KbProblem[];
  /** Where a loaded entry's knowledge lacks its evidence (knowledge/provenance.ts). */
  gaps: KbProblem[];
}

/** The folders below dir that hold an entry.yaml; dir itself if it is one. */
export function entryFolders(dir: string): string[] {
  if (fs.existsSync(path.join(dir, 'entry.yaml'))) return [dir];
  const nested = path.join(dir, 'entries');
  const base = fs.existsSync(nested) && fs.statSync(nested).isDirectory() ? nested : dir;
  return fs
    .readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(base, d.name, 'entry.yaml')))
    .map((d) => path.join(base, d.name))
    .sort();
}

/**
 * Reads, validates and checks one entry folder. A broken entry gives problems and no entry.
 * `unsaved`: the text of entry.yaml as an editor holds it, checked instead of the file's.
 */
export function readEntryFolder(dir: string, origin: LoadedEntry['origin'], unsaved?: string): { entry?: LoadedEntry; problems: KbProblem[]; gaps?: KbProblem[] } {
  const file = path.join(dir, 'entry.yaml');
  const problems: KbProblem[] = [];
  let text: string;
  try {
    text = unsaved ?? readTextFile(file, TEXT_FILE_LIMITS.entry);
  } catch (e) {
    return { problems: [{ file, line: 0, message: `cannot read: ${errnoWords(e).replace(`${file}: `, '')}` }] };
  }
  const yaml = new LocatedYaml(text);
  if (yaml.errors.length) {
    return { problems: yaml.errors.map((e) => ({ file, line: e.line, message: `YAML: ${e.message}` })) };
  }
  let data: unknown;
  try {
    data = yaml.data;
  } catch (e) {
    // yaml refuses aliases that expand past its limit (an alias bomb): this entry only.
    return { problems: [{ file, line: 1, message: `YAML: ${(e as Error).message.split('\n')[0]}` }] };
  }
  const validate = entryValidator();
  if (!validate(data)) {
    const errors = validate.errors ?? [];
    // if/then and oneOf wrap the specific error in a generic one; keep the specific ones.
    const specific = errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'oneOf');
    for (const e of specific.length ? specific : errors) {
      const d = describeSchemaError(e);
      problems.push({ file, line: yaml.lineOf(pointerToPath(d.pointer), d.key !== undefined), message: `schema: ${d.message}` });
    }
    return { problems: dedupe(problems) };
  }
  const entry = data as Entry;
  for (const issue of checkEntry(entry, path.basename(dir))) {
    problems.push({ file, line: yaml.lineOf(issue.path), message: issue.message });
  }
  const prose = {} as Text;
  for (const lang of LANGS) {
    const md = path.join(dir, `${lang}.md`);
    try {
      prose[lang] = readTextFile(md, TEXT_FILE_LIMITS.entry);
      if (!prose[lang].trim()) problems.push({ file: md, line: 1, message: 'prose is empty' });
    } catch (e) {
      const missing = (e as FileError).message.endsWith('no such file');
      problems.push({ file: md, line: 0, message: missing ? `missing ${lang}.md (every entry has its prose in English and German)` : `cannot read: ${(e as Error).message.replace(`${md}: `, '')}` });
    }
  }
  if (problems.length) return { problems };
  const gaps = provenanceGaps(entry).map((g) => ({ file, line: yaml.lineOf(g.path), message: g.message }));
  return { entry: { entry, prose, dir, origin }, problems, gaps };
}

/**
 * Loads every entry below the given folders. Broken entries are reported and skipped;
 * an id that was already loaded (built-in first, then user folders in order) is reported
 * and the later copy skipped, so one bad entry never hides the others.
 */
export function loadKb(dirs: { dir: string; origin: LoadedEntry['origin'] }[], already: Iterable<string> = []): KbLoadResult {
  const entries: LoadedEntry[] = [];
  const problems: KbProblem[] = [];
  const gaps: KbProblem[] = [];
  const seen = new Map<string, string>([...already].map((id) => [id, 'the built-in KB']));
  for (const { dir, origin } of dirs) {
    let folders: string[];
    try {
      folders = entryFolders(dir);
    } catch (e) {
      problems.push({ file: dir, line: 0, message: `cannot read KB folder: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such folder' : errnoWords(e)}` });
      continue;
    }
    for (const folder of folders) {
      let r: ReturnType<typeof readEntryFolder>;
      try {
        r = readEntryFolder(folder, origin);
      } catch (e) {
        // Whatever goes wrong in one entry stays with that entry: the others load.
        problems.push({ file: path.join(folder, 'entry.yaml'), line: 0, message: `cannot load: ${(e as Error).message.split('\n')[0]}` });
        continue;
      }
      problems.push(...r.problems);
      gaps.push(...(r.gaps ?? []));
      if (!r.entry) continue;
      const id = r.entry.entry.id;
      const first = seen.get(id);
      if (first) {
        problems.push({ file: path.join(folder, 'entry.yaml'), line: 1, message: `duplicate entry id "${id}" (already loaded from ${first}); skipped` });
        continue;
      }
      seen.set(id, folder);
      entries.push(r.entry);
    }
  }
  return { entries, problems, gaps };
}

function dedupe(problems: KbProblem[]): KbProblem[] {
  const keys = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.line}:${p.message}`;
    return keys.has(k) ? false : (keys.add(k), true);
  });
}
