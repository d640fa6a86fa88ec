const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

const ISO = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,6}))?/;
const SYSLOG = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\d{1,2}) (\d\d):(\d\d):(\d\d)/;

/**
 * Seconds of a log line's leading timestamp (oslo.log "2012-12-19 12:10:59.112", ISO 8601,
 * or syslog "Aug 30 02:14:07", which has no year: windows only compare nearby lines).
 * undefined when the line does not start with one.
 */
export function lineTime(line: string): number | undefined {
  let m = ISO.exec(line);
  if (m) return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000 + (m[7] ? Number(`0.${m[7]}`) : 0);
  m = SYSLOG.exec(line);
  if (m) return Date.UTC(2000, MONTHS[m[1]], +m[2], +m[3], +m[4], +m[5]) / 1000;
  return undefined;
}
