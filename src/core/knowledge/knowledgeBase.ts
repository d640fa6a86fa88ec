import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { buildIndexes, SearchEngine, type SerializedIndexes } from '../search/searchEngine';
import { loadKb } from './loadKb';
import type { KbProblem, LoadedEntry } from '../kb/types';

/** The built-in KB as shipped: entries, prose and prebuilt search indexes in one JSON file. */
export interface KbBundle {
  format: 1;
  digest: string;
  entries: LoadedEntry[];
  indexes: SerializedIndexes;
}

export function digestOf(entries: readonly LoadedEntry[]): string {
  const h = createHash('sha256');
  for (const e of entries) h.update(JSON.stringify([e.entry, e.prose]));
  return h.digest('hex').slice(0, 16);
}

/** Built at build time by `stacktales kb build`; the folder path is kept relative so the bundle can move. */
export function makeBundle(entries: readonly LoadedEntry[], relativeTo: string): KbBundle {
  return {
    format: 1,
    digest: digestOf(entries),
    entries: entries.map((e) => ({ ...e, dir: path.relative(relativeTo, e.dir) })),
    indexes: buildIndexes(entries),
  };
}

export interface KbSources {
  /** dist/kb.json; preferred when present. */
  bundleFile?: string;
  /** The kb/ folder, read when there is no bundle (development, tests). */
  builtinDir?: string;
  /** Folders of the user's own entries (setting stacktales.kb.paths, CLI --kb). */
  userDirs?: string[];
}

/** Entries, their search engine and the problems met while loading them. Immutable: reload makes a new one. */
export class KnowledgeBase {
  readonly search: SearchEngine;
  private readonly byId: Map<string, LoadedEntry>;

  private constructor(readonly entries: readonly LoadedEntry[], readonly problems: readonly KbProblem[], indexes?: SerializedIndexes) {
    this.search = new SearchEngine(entries, indexes);
    this.byId = new Map(entries.map((e) => [e.entry.id, e]));
  }

  get(id: string): LoadedEntry | undefined {
    return this.byId.get(id);
  }

  static open(src: KbSources): KnowledgeBase {
    let builtin: LoadedEntry[] = [];
    let indexes: SerializedIndexes | undefined;
    const problems: KbProblem[] = [];
    if (src.bundleFile && fs.existsSync(src.bundleFile)) {
      const bundle = JSON.parse(fs.readFileSync(src.bundleFile, 'utf8')) as KbBundle;
      const base = path.dirname(src.bundleFile);
      builtin = bundle.entries.map((e) => ({ ...e, dir: path.resolve(base, e.dir) }));
      indexes = bundle.indexes;
    } else if (src.builtinDir) {
      const r = loadKb([{ dir: src.builtinDir, origin: 'builtin' }]);
      builtin = r.entries;
      problems.push(...r.problems);
    }
    const user = loadKb((src.userDirs ?? []).map((dir) => ({ dir, origin: 'user' as const })), builtin.map((e) => e.entry.id));
    problems.push(...user.problems);
    // The prebuilt index only covers the built-in entries; user entries need a fresh one (small, fast).
    const all = [...builtin, ...user.entries];
    return new KnowledgeBase(all, problems, user.entries.length ? undefined : indexes);
  }
}
