import * as path from 'path';

/** Tests run compiled from out/test/unit; the repository root is three levels up. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const KB_DIR = path.join(ROOT, 'kb');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
