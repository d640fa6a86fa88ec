/**
 * The frames a remote scan's host script (scan/hostScript.ts) writes and the scan reads; the
 * lab (lab/labScan.ts) answers in them too. One line each:
 *   `N:text`                           a line (N its 1-based number in the file), or a candidate line
 *   `\x01F <id> <size> whole|grep`     file <id> starts
 *   `\x01E <id> <exit>`                file <id> ends (grep's exit: 0 or 1 is fine)
 *   `\x01S <id> <reason>`              file <id> was not read (missing, permission denied, binary, …)
 *   `\x01L <path>` / `\x01P <path>`    a file found by a glob or in a folder / an unreadable folder
 *   `\x01N`                            a name with a control character, refused unprinted
 * Content lines always start with a digit, so a log line can never pass for a control frame,
 * and no path in a frame holds a control character, so no name can end a frame or start one.
 */

/** Control frames start with this byte; content lines never do. */
export const CONTROL = '\x01';

/**
 * The line every part of a split log but the last ends in: grep always reports it, and its
 * number minus one is the part's line count, which keeps line numbers whole-file.
 */
export const SENTINEL = `${CONTROL}stacktales-end`;

export type Frame =
  | { kind: 'start'; id: number; size: number; whole: boolean }
  | { kind: 'end'; id: number; exitCode: number }
  | { kind: 'skip'; id: number; reason: string }
  | { kind: 'listed'; path: string; unreadable: boolean }
  | { kind: 'refused' }
  | { kind: 'line'; lineNo: number; text: string };

/** One frame as its line (without the line break). */
export function encodeFrame(f: Frame): string {
  switch (f.kind) {
    case 'start':
      return `${CONTROL}F ${f.id} ${f.size} ${f.whole ? 'whole' : 'grep'}`;
    case 'end':
      return `${CONTROL}E ${f.id} ${f.exitCode}`;
    case 'skip':
      return `${CONTROL}S ${f.id} ${f.reason}`;
    case 'listed':
      return `${CONTROL}${f.unreadable ? 'P' : 'L'} ${f.path}`;
    case 'refused':
      return `${CONTROL}N`;
    case 'line':
      return `${f.lineNo}:${f.text}`;
  }
}

/** The shell function that writes a control frame in the host script: `ctl F "$id" …`. */
export const SHELL_CTL = String.raw`ctl() { printf '\001%s\n' "$*"; }`;

/** What a host script's frames say, one call per event. */
export interface FrameHandlers {
  /** File `id` starts; `whole`: every line follows, else candidate lines only. */
  start(id: number, size: number, whole: boolean): void;
  /** A line of the current file, numbered in the whole file. */
  line(id: number, lineNo: number, text: string): void;
  end(id: number, exitCode: number): void;
  skip(id: number, reason: string): void;
  /** A file found by a glob or in a folder; `unreadable`: a folder that could not be read. */
  listed(path: string, unreadable: boolean): void;
  /** A name with a control character was found and not read. */
  refused(): void;
  /** A line that is no frame this reader knows (a broken or hostile host): ignored, and said. */
  malformed(line: string): void;
}

const CONTROL_CHARACTER = /[\x00-\x1f\x7f]/;
const count = (s: string | undefined) => (s !== undefined && /^\d{1,15}$/.test(s) ? Number(s) : undefined);

/** One line as a frame, or undefined for a line that is no well-formed frame. */
export function decodeFrame(line: string): Frame | undefined {
  if (line.startsWith(CONTROL)) {
    if (line === `${CONTROL}N`) return { kind: 'refused' };
    const space = line.indexOf(' ');
    if (space < 0) return undefined;
    const kind = line.slice(1, space);
    const rest = line.slice(space + 1);
    if (kind === 'L' || kind === 'P') return rest && !CONTROL_CHARACTER.test(rest) ? { kind: 'listed', path: rest, unreadable: kind === 'P' } : undefined;
    const [idText, ...args] = rest.split(' ');
    const id = count(idText);
    if (id === undefined) return undefined;
    if (kind === 'F') {
      const size = count(args[0]);
      return size !== undefined && (args[1] === 'whole' || args[1] === 'grep') && args.length === 2 ? { kind: 'start', id, size, whole: args[1] === 'whole' } : undefined;
    }
    if (kind === 'E') {
      const exitCode = count(args[0]);
      return exitCode !== undefined && args.length === 1 ? { kind: 'end', id, exitCode } : undefined;
    }
    if (kind === 'S') return { kind: 'skip', id, reason: args.join(' ').replace(/[\x00-\x1f\x7f]/g, '?') };
    return undefined;
  }
  const colon = line.indexOf(':');
  const lineNo = count(line.slice(0, colon));
  return colon > 0 && lineNo !== undefined ? { kind: 'line', lineNo, text: line.slice(colon + 1) } : undefined;
}

/**
 * Turns the lines of a host script's output into events. Line numbers of split logs are
 * made whole-file again: a part's sentinel says how many lines the part had.
 */
export function frameReader(h: FrameHandlers): (line: string) => void {
  let current = -1;
  let offset = 0;
  return (line) => {
    const f = decodeFrame(line);
    if (!f) return h.malformed(line);
    switch (f.kind) {
      case 'listed':
        return h.listed(f.path, f.unreadable);
      case 'refused':
        return h.refused();
      case 'start':
        current = f.id;
        offset = 0;
        return h.start(f.id, f.size, f.whole);
      case 'end':
        h.end(f.id, f.exitCode);
        current = -1;
        return;
      case 'skip':
        return h.skip(f.id, f.reason);
      case 'line':
        if (current < 0) return h.malformed(line);
        if (f.text === SENTINEL) offset += f.lineNo - 1;
        else h.line(current, f.lineNo + offset, f.text);
    }
  };
}
