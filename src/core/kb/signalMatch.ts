import type { Signal, Threshold } from './types';

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** Reads "138.59", "5905580032" or a du -h style "5.5G" as a number. */
export function parseQuantity(text: string, unit: Threshold['unit']): number {
  if (unit === 'bytes') {
    const m = /^(\d+(?:\.\d+)?)([KMGT]?)i?B?$/i.exec(text.trim());
    return m ? Number(m[1]) * UNITS[m[2].toUpperCase()] : NaN;
  }
  return Number(text);
}

export function passesThreshold(t: Threshold, captured: string | undefined): boolean {
  if (captured === undefined) return false;
  const v = parseQuantity(captured, t.unit);
  if (Number.isNaN(v)) return false;
  return (t.above === undefined || v > t.above) && (t.below === undefined || v < t.below);
}

/** "key = value" as a config file prints it, or grep -n / -Hn of one ("path:12:key = value"). */
export function configLine(line: string): { key: string; value: string } | undefined {
  const m = /^(?:[^\s:=]+:)?(?:\d+:)?\s*([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(line);
  return m ? { key: m[1], value: m[2].trim() } : undefined;
}

/** One line against one log/output signal: the pattern, then its threshold if it has one. */
export function matchLine(signal: Pick<Signal, 'threshold'>, regex: RegExp, line: string): RegExpExecArray | undefined {
  const m = regex.exec(line);
  if (!m) return undefined;
  if (signal.threshold && !passesThreshold(signal.threshold, m.groups?.[signal.threshold.capture])) return undefined;
  return m;
}
