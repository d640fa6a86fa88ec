import { CommanderError, type Command } from 'commander';
import * as fs from 'fs';
import * as path from 'path';
import { KnowledgeBase } from '../core/knowledge/knowledgeBase';
import { formatProblem, type LoadedEntry } from '../core/kb/types';
import { nearestNames } from '../core/util/nearest';

/** What every subcommand is given: where it writes, and the knowledge base. */
export interface CliContext {
  out: (s: string) => void;
  err: (s: string) => void;
  /** One JSON object, one line: the shape of every --json output. */
  outJson: (value: unknown) => void;
  /** The shipped KB plus the --kb folders; the problems of broken entries go to stderr. */
  openKb: (extra: string[]) => KnowledgeBase;
  /** The built-in KB's folder (kb check and kb build read it; the lab's scenarios are beside it). */
  builtinDir: string;
}

/** A subcommand: registers itself, its options and its action on the program. */
export interface CliCommand {
  register(program: Command, ctx: CliContext): void;
}

/** Where the shipped KB lives relative to dist/cli.js (and to out/src/cli/ in tests). */
function defaultPaths(): { bundleFile: string; builtinDir: string } {
  const root = fs.existsSync(path.join(__dirname, '..', 'kb')) ? path.join(__dirname, '..') : path.join(__dirname, '..', '..', '..');
  return { bundleFile: path.join(__dirname, 'kb.json'), builtinDir: path.join(root, 'kb') };
}

export function cliContext(out: (s: string) => void, err: (s: string) => void): CliContext {
  const paths = defaultPaths();
  return {
    out,
    err,
    outJson: (value) => out(JSON.stringify(value) + '\n'),
    openKb: (extra) => {
      const kb = KnowledgeBase.open({ ...paths, userDirs: extra });
      for (const p of kb.problems) err(`stacktales: ${formatProblem(p)}\n`);
      return kb;
    },
    builtinDir: paths.builtinDir,
  };
}

/** The entry with this id, or bad usage (exit 2) that names the nearest ids. */
export function entryOf(kb: KnowledgeBase, id: string): LoadedEntry {
  const e = kb.get(id);
  if (e) return e;
  const near = nearestNames(kb.entries.map((x) => x.entry.id), id);
  const hint = near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}? (stacktales list shows every entry)` : '; stacktales list shows the entries';
  throw new CommanderError(2, 'stacktales.unknownEntry', `unknown entry "${id}"${hint}`);
}
