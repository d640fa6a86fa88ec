import * as fs from 'fs';
import * as path from 'path';
import { gzipSync } from 'zlib';
import picomatch from 'picomatch';

/**
 * A lab host's files: its scenario's files/ folder seen as the host's root, read-only.
 * Paths are host paths (/etc/nova/nova.conf); none leads out of the folder. Files the scenario
 * says logrotate compressed (host.gzip) are there as name.gz, compressed, as on its real hosts.
 */
export class LabFiles {
  private readonly gzipped: Set<string>;

  constructor(private readonly root: string | undefined, gzipped: readonly string[] = []) {
    this.gzipped = new Set(gzipped.map((p) => path.posix.normalize(p)));
  }

  /** The real path of a host path, or undefined when the host has no such file or folder. */
  real(hostPath: string): string | undefined {
    if (!this.root || !hostPath.startsWith('/')) return undefined;
    const normal = path.posix.normalize(hostPath);
    if (this.gzipped.has(normal)) return undefined;
    const plain = normal.endsWith('.gz') && this.gzipped.has(normal.slice(0, -3)) ? normal.slice(0, -3) : normal;
    const p = path.join(this.root, plain);
    if (p !== this.root && !p.startsWith(this.root + path.sep)) return undefined;
    return fs.existsSync(p) ? p : undefined;
  }

  stat(hostPath: string): fs.Stats | undefined {
    const p = this.real(hostPath);
    return p ? fs.statSync(p) : undefined;
  }

  /** Names in a folder. */
  list(hostPath: string): string[] {
    const p = this.real(hostPath);
    return p && fs.statSync(p).isDirectory() ? fs.readdirSync(p).map((n) => (this.gzipped.has(path.posix.join(path.posix.normalize(hostPath), n)) ? `${n}.gz` : n)).sort() : [];
  }

  read(hostPath: string): Buffer | undefined {
    const p = this.real(hostPath);
    if (!p || !fs.statSync(p).isFile()) return undefined;
    // gzip's own header without a name or time (as gzip -n writes it), so the bytes are the same each time.
    return p.endsWith('.gz') || !hostPath.endsWith('.gz') ? fs.readFileSync(p) : gzipSync(fs.readFileSync(p), { level: 9 });
  }

  /** Every file below a host folder, as host paths. */
  filesBelow(hostPath: string): string[] {
    const st = this.stat(hostPath);
    if (!st) return [];
    if (st.isFile()) return [hostPath];
    return this.list(hostPath).flatMap((n) => this.filesBelow(path.posix.join(hostPath, n)));
  }

  /** What a shell glob names on the host: the files it matches, and the files below the folders it matches. */
  glob(pattern: string): string[] {
    if (!/[*?[]/.test(pattern)) return this.stat(pattern) ? [pattern] : [];
    const isMatch = picomatch(pattern, { dot: false });
    // The folder part before the first glob character bounds the walk.
    const base = pattern.slice(0, pattern.slice(0, pattern.search(/[*?[]/)).lastIndexOf('/') + 1) || '/';
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const n of this.list(dir)) {
        const p = path.posix.join(dir, n);
        if (isMatch(p)) out.push(...this.filesBelow(p));
        else if (this.stat(p)?.isDirectory()) walk(p);
      }
    };
    walk(base);
    return out;
  }
}
