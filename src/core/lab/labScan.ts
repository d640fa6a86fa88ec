import { parse } from 'shell-quote';
import type { LabFiles } from './labFiles';

/**
 * What a lab host answers to a remote scan's script (src/core/grep/hostScript.ts): no shell
 * runs. The script's calls are read (`st_list PATTERN`, `st_file ID MODE PATH …`) and
 * answered in its framing; every file comes whole, which the framing allows for any file
 * (lab files are small), so the detectors decide on every line.
 */
export function answerScanScript(script: string, files: LabFiles): string {
  const out: string[] = [];
  const listed = (p: string) => out.push(`\x01L ${p}`);
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
    if (!st) out.push(`\x01S ${id} missing`);
    else if (st.isDirectory()) files.filesBelow(file).forEach(listed);
    else {
      const data = files.read(file)!;
      if (data.subarray(0, 65536).includes(0)) {
        out.push(`\x01S ${id} binary`);
        continue;
      }
      out.push(`\x01F ${id} ${data.length} whole`);
      const text = data.toString('utf8');
      (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n').forEach((l, i) => out.push(`${i + 1}:${l}`));
      out.push(`\x01E ${id} 0`);
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
