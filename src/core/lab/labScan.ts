import { parse } from 'shell-quote';
import { gunzipSync } from 'zlib';
import { encodeFrame, type Frame } from '../wire/frames';
import type { LabFiles } from './labFiles';

/**
 * What a lab host answers to a remote scan's script (src/core/grep/hostScript.ts): no shell
 * runs. The script's calls are read (`st_list PATTERN`, `st_file ID MODE PATH …`) and
 * answered in its framing; every file comes whole, which the framing allows for any file
 * (lab files are small), so the detectors decide on every line.
 */
export function answerScanScript(script: string, files: LabFiles): string {
  const out: string[] = [];
  const frame = (f: Frame) => out.push(encodeFrame(f));
  const listed = (path: string) => frame({ kind: 'listed', path, unreadable: false });
  for (const line of script.split('\n')) {
    // Only the calls (hostScript writes them one a line), not the functions' definitions.
    if (!/^st_(list '|file \d+ )/.test(line)) continue;
    const words = parse(line).filter((w): w is string => typeof w === 'string');
    if (words[0] === 'st_list') {
      files.glob(words[1]).forEach(listed);
      continue;
    }
    const [, id, , file] = words;
    const st = files.stat(file);
    if (!st) frame({ kind: 'skip', id: Number(id), reason: 'missing' });
    else if (st.isDirectory()) files.filesBelow(file).forEach(listed);
    else {
      const stored = files.read(file)!;
      // A rotated log logrotate compressed: the host script reads it through gzip -dc, and so does the lab.
      const data = stored[0] === 0x1f && stored[1] === 0x8b ? gunzipSync(stored) : stored;
      if (data.subarray(0, 65536).includes(0)) {
        frame({ kind: 'skip', id: Number(id), reason: 'binary' });
        continue;
      }
      frame({ kind: 'start', id: Number(id), size: data.length, whole: true });
      const text = data.toString('utf8');
      (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n').forEach((l, i) => frame({ kind: 'line', lineNo: i + 1, text: l }));
      frame({ kind: 'end', id: Number(id), exitCode: 0 });
    }
  }
  return out.map((l) => l + '\n').join('');
}

/** The log view's command (src/core/remote/follow.ts): `tail -c N [-F] -- PATH`, after its cut test. */
export function tailRequest(command: string): { bytes: number; follow: boolean; path: string } | undefined {
  const m = /tail -c (\d+)( -F)? -- (\S+)$/.exec(command);
  if (!m) return undefined;
  const [p] = parse(m[3]);
  return typeof p === 'string' ? { bytes: Number(m[1]), follow: !!m[2], path: p } : undefined;
}
