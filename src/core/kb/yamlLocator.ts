import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';

export type Path = (string | number)[];

/** A parsed YAML file that can answer "which line is this value on?". */
export class LocatedYaml {
  private readonly lines = new LineCounter();
  readonly doc: Document;

  constructor(text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
  }

  get data(): unknown {
    return this.doc.toJS({ maxAliasCount: 50 });
  }

  /** Syntax errors with their 1-based lines. */
  get errors(): { line: number; message: string }[] {
    return [...this.doc.errors, ...this.doc.warnings].map((e) => ({
      line: this.lines.linePos(e.pos[0]).line,
      message: e.message.split('\n')[0],
    }));
  }

  /** Line of the node at path; falls back to the nearest ancestor that exists. With key=true, the line of the key. */
  lineOf(path: Path, key = false): number {
    for (let n = path.length; n >= 0; n--) {
      const sub = path.slice(0, n);
      const node = this.doc.getIn(sub, true) as { range?: [number, number, number] } | undefined;
      if (key && n === path.length && n > 0) {
        const parent = this.doc.getIn(sub.slice(0, -1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === sub[sub.length - 1]);
          const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
          if (range) return this.lines.linePos(range[0]).line;
        }
      }
      if (n === 0) return 1;
      if (node && node.range) return this.lines.linePos(node.range[0]).line;
    }
    return 1;
  }
}

/** "/signals/2/pattern" → ["signals", 2, "pattern"] (ajv's instancePath is a JSON pointer). */
export function pointerToPath(pointer: string): Path {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
