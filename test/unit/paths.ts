import * as fs from 'fs';
import * as path from 'path';

/** Tests run compiled from out/test/unit; the repository root is three levels up. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const KB_DIR = path.join(ROOT, 'kb');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

/** The built-in entries, by their folders under kb/entries: a test iterates these, never a list of ids. */
export const BUILTIN_IDS: readonly string[] = fs
  .readdirSync(path.join(KB_DIR, 'entries'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(KB_DIR, 'entries', d.name, 'entry.yaml')))
  .map((d) => d.name)
  .sort();
