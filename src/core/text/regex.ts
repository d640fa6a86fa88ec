/** A fixed string as a regular expression (JavaScript, and POSIX ERE: the special characters are the same). */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
