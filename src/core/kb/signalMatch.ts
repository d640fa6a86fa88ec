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

/** One line against one log/output signal: the pattern, then its threshold if it has one. */
export function matchLine(signal: Pick<Signal, 'threshold'>, regex: RegExp, line: string): RegExpExecArray | undefined {
  const m = regex.exec(line);
  if (!m) return undefined;
  if (signal.threshold && !passesThreshold(signal.threshold, m.groups?.[signal.threshold.capture])) return undefined;
  return m;
}
