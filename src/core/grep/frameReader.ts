import { SENTINEL } from './hostScript';

/** What a host script's frames (see hostScript.ts) say, one call per event. */
export interface FrameHandlers {
  /** File `id` starts; `whole`: every line follows, else candidate lines only. */
  start(id: number, size: number, whole: boolean): void;
  /** A line of the current file, numbered in the whole file. */
  line(id: number, lineNo: number, text: string): void;
  end(id: number, exitCode: number): void;
  skip(id: number, reason: string): void;
  /** A file found by a glob or in a folder; `unreadable`: a folder that could not be read. */
  listed(path: string, unreadable: boolean): void;
}

/**
 * Turns the lines of a host script's output into events. Line numbers of split logs are
 * made whole-file again: a part's sentinel says how many lines the part had.
 */
export function frameReader(h: FrameHandlers): (line: string) => void {
  let current = -1;
  let offset = 0;
  return (line) => {
    if (line.charCodeAt(0) === 1) {
      const space = line.indexOf(' ');
      const kind = line.slice(1, space);
      const rest = line.slice(space + 1);
      if (kind === 'L' || kind === 'P') return h.listed(rest, kind === 'P');
      const [id, ...args] = rest.split(' ');
      if (kind === 'F') {
        current = Number(id);
        offset = 0;
        h.start(current, Number(args[0]), args[1] === 'whole');
      } else if (kind === 'E') {
        h.end(Number(id), Number(args[0]));
        current = -1;
      } else if (kind === 'S') h.skip(Number(id), args.join(' '));
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || current < 0) return;
    const n = Number(line.slice(0, colon));
    const text = line.slice(colon + 1);
    if (text === SENTINEL) offset += n - 1;
    else h.line(current, n + offset, text);
  };
}
