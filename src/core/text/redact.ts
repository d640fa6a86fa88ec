/**
 * Removes credentials from text before it is shown, logged, searched or put in a report.
 * The secret is replaced by "***"; what names it stays, so the line still says what it was.
 *
 * - URL credentials: scheme://user:secret@host, with "@" (and "/", ",") in the secret:
 *   it runs to the last "@" before the host. oslo.messaging's scheme://u:p@h1,u:p@h2/ too.
 * - "key = value" and "key: value" anywhere in a line (after a grep -Hn prefix too), for
 *   names of secrets (see secretName): config files, JSON and Python dicts, "\"-escaped
 *   JSON, environment variables, HTTP headers (Authorization keeps its scheme), query
 *   strings, and --flag value / --flag=value options.
 * - Cisco IOS / NX-OS: password, secret, key, community, md5 … with their type digit.
 * - Private keys (-----BEGIN … PRIVATE KEY----- … -----END …-----): every line between.
 * - Fernet tokens (gAAAAA…) wherever they stand.
 *
 * Every pass is linear in the text (no nested or overlapping quantifiers, and each scan
 * resumes where the last one stopped), so a megabyte line costs milliseconds.
 */
export function redactSecrets(text: string): string {
  return redactPem(text).split('\n').map(redactLine).join('\n');
}

/** Lines redacted together, so that a private key split over them is hidden too. */
export function redactLines(lines: readonly string[]): string[] {
  return redactSecrets(lines.join('\n')).split('\n');
}

const MASK = '***';

function redactLine(line: string): string {
  const prefix = GREP_PREFIX.exec(line)![0];
  const text = line.slice(prefix.length);
  return prefix + redactFernet(redactCisco(redactAssignments(redactUrls(text), SETTING_START.exec(text)![0].length)));
}

/** grep -Hn's "file:12:" (or, for context lines, "file-12-"): not searched for keys. */
const GREP_PREFIX = /^(?:[^\s:=]*[:-]\d+[:-])?/;
/** Indentation, a comment sign and "export ": a "key = value" after them is a setting, its value the rest of the line. */
const SETTING_START = /^[ \t]*(?:[#;][ \t]*)?(?:export[ \t]+)?/;

// --- Names of secrets ---------------------------------------------------------------------

/** In a name, these make it a secret: OS_PASSWORD, rabbit_password, X-Auth-Token, csrftoken. */
const SECRET_IN_NAME = /password|passwd|passphrase|secret|token/;
/** Whole words of a name that make it a secret (adminPass, db_pass, wpa_psk); not "pwd" (PWD=/root). */
const SECRET_WORDS = new Set(['pass', 'psk']);
/**
 * "…_key(s)" holds key material after these words; other keys are names or public
 * (key_name, sort_key, routing_key, public_key).
 */
const KEY_KINDS = new Set(['fernet', 'fixed', 'api', 'auth', 'private', 'encryption', 'encrypt', 'crypt', 'enc', 'hmac', 'signing', 'master', 'shared', 'access', 'session']);
/**
 * A name ending in one of these is a setting about a secret, not the secret: password_length,
 * password_expires_days, password_regex, token_cache_time, rbd_secret_uuid (an id),
 * key_repository (a path), --password-prompt (takes no value).
 */
const ABOUT_A_SECRET = new Set(['length', 'age', 'count', 'days', 'regex', 'description', 'algorithm', 'rounds', 'expiration', 'expires', 'ttl', 'time', 'timeout', 'interval', 'size', 'file', 'path', 'dir', 'directory', 'repository', 'format', 'provider', 'driver', 'backend', 'type', 'policy', 'url', 'uri', 'endpoint', 'uuid', 'prompt', 'strategy', 'method', 'methods', 'enabled']);
/** Headers whose value is "<scheme> <credential>": the scheme stays. */
const AUTH_HEADERS = new Set(['authorization', 'proxy-authorization']);

/** Every name of a secret holds one of these (a quick test first: most names are not). */
const MAYBE_SECRET = /pass|secret|token|psk|key|authorization/;

function secretName(name: string): boolean {
  const lower = name.toLowerCase();
  if (!MAYBE_SECRET.test(lower)) return false;
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[-_.]+/);
  const last = words[words.length - 1];
  if (ABOUT_A_SECRET.has(last)) return false;
  if (SECRET_IN_NAME.test(lower) || words.some((w) => SECRET_WORDS.has(w)) || AUTH_HEADERS.has(lower)) return true;
  return (last === 'key' || last === 'keys') && words.length > 1 && KEY_KINDS.has(words[words.length - 2]);
}

// --- key = value ----------------------------------------------------------------------------

/**
 * A name (or --flag) and what assigns to it: "=" or ":", with the quote that closes a JSON,
 * Python or "\"-escaped key before it; after a --flag, blanks do too.
 */
const ASSIGNMENT = /(?<![\w.-])(--)?([A-Za-z][\w.-]*)(\\?["']?[ \t]*[=:][ \t]*|[ \t]+)/g;
/** A value that is an object or a list: the secrets are inside it ("password": {"user": …}). */
const STRUCTURE = /[{[](?:["'{[\]}\s]|$)/y;
const SCHEME_WORD = /[A-Za-z][\w-]*[ \t]+/y;
const BLANK = /\s/g;
const QUERY_VALUE_END = /[&#\s"']/g;
const JSON_VALUE_END = /[\s,}\]]/g;

function redactAssignments(line: string, settingStart: number): string {
  let out = '';
  let done = 0;
  ASSIGNMENT.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = ASSIGNMENT.exec(line)); ) {
    const [all, flag, name, assign] = m;
    if (!(flag || /[=:]/.test(assign)) || !secretName(name)) continue;
    const before = line[m.index - 1];
    const quotedKey = /^\\?["']/.test(assign);
    const span = valueSpan(line, m.index + all.length, {
      setting: m.index === settingStart && !flag,
      opener: !quotedKey && (before === '"' || before === "'") ? before : undefined,
      end: before === '?' || before === '&' ? QUERY_VALUE_END : quotedKey ? JSON_VALUE_END : BLANK,
      scheme: AUTH_HEADERS.has(name.toLowerCase()),
    });
    if (!span) continue;
    out += line.slice(done, span[0]) + MASK;
    done = ASSIGNMENT.lastIndex = span[1];
  }
  return out + line.slice(done);
}

interface ValueContext {
  /** The key starts the line (a setting): the value is the rest of it. */
  setting: boolean;
  /** The quote the key stands in (-H "X-Auth-Token: …"): the value ends there. */
  opener?: string;
  /** Otherwise, what ends an unquoted value. */
  end: RegExp;
  /** Keep an HTTP authentication scheme (Bearer, Basic). */
  scheme: boolean;
}

/** The part of the value at v to mask, or nothing (no value, a structure, or already masked). */
function valueSpan(line: string, v: number, c: ValueContext): [number, number] | undefined {
  STRUCTURE.lastIndex = v;
  if (STRUCTURE.test(line)) return undefined;
  let s: number;
  let e: number;
  if (line.startsWith('\\"', v)) {
    s = skipScheme(line, v + 2, c);
    e = line.indexOf('\\"', s);
  } else if (line[v] === '"' || line[v] === "'") {
    s = skipScheme(line, v + 1, c);
    e = closingQuote(line, s, line[v]);
  } else {
    s = skipScheme(line, v, c);
    e = c.setting ? line.trimEnd().length : c.opener ? line.indexOf(c.opener, s) : search(c.end, line, s);
  }
  if (e < 0) e = line.length;
  return e > s && !KEPT_VALUE.test(line.slice(s, e)) ? [s, e] : undefined;
}

/** Values that stay: already masked (oslo.config logs "****"), and MySQL's "(using password: YES)". */
const KEPT_VALUE = /^(?:\*+|(?:YES|NO)\W*)$/;

/** The index of the quote that closes a string opened before `from` (backslash escapes skipped), or -1. */
function closingQuote(line: string, from: number, quote: string): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === quote) return i;
  }
  return -1;
}

/** After "Bearer " or "Basic " when the value is an Authorization header's. */
function skipScheme(line: string, at: number, c: ValueContext): number {
  SCHEME_WORD.lastIndex = at;
  return c.scheme && SCHEME_WORD.test(line) ? SCHEME_WORD.lastIndex : at;
}

function search(re: RegExp, line: string, from: number): number {
  re.lastIndex = from;
  return re.exec(line)?.index ?? -1;
}

// --- URLs -----------------------------------------------------------------------------------

const URL_SCHEME = /\b[a-z][a-z0-9+.-]{0,30}:\/\//gi;
const AUTHORITY = /[^\s"<>/]*/y;
/** The "@" after a "/" in a password (never further than a password is long). */
const AT_AFTER_SLASH = /[^\s"<>@]{0,256}@/y;

function redactUrls(line: string): string {
  let out = '';
  let done = 0;
  URL_SCHEME.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = URL_SCHEME.exec(line)); ) {
    const start = m.index + m[0].length;
    let end = authorityEnd(line, start);
    const first = line.slice(start, end);
    const colon = first.indexOf(':');
    // user:pa/ss@host: a "/" in the password (not a port) ends the authority too early.
    if (line[end] === '/' && colon > 0 && !first.includes('@') && !/^\d*$/.test(first.slice(colon + 1))) {
      AT_AFTER_SLASH.lastIndex = end;
      if (AT_AFTER_SLASH.test(line)) end = authorityEnd(line, AT_AFTER_SLASH.lastIndex);
    }
    URL_SCHEME.lastIndex = end;
    const authority = line.slice(start, end);
    const redacted = redactAuthority(authority);
    if (redacted === authority) continue;
    out += line.slice(done, start) + redacted;
    done = end;
  }
  return out + line.slice(done);
}

function authorityEnd(line: string, from: number): number {
  AUTHORITY.lastIndex = from;
  return from + AUTHORITY.exec(line)![0].length;
}

/**
 * user:secret@host[:port], or several joined by ",". A host holds neither "@" nor ",", so each
 * entry runs to the first "," after an "@", and its credentials to the last "@" before that.
 */
function redactAuthority(a: string): string {
  let out = '';
  let start = 0;
  for (let at: number; start < a.length && (at = a.indexOf('@', start)) >= 0; ) {
    const comma = a.indexOf(',', at);
    const end = comma < 0 ? a.length : comma + 1;
    const host = a.lastIndexOf('@', end - 1);
    const colon = a.slice(start, host).indexOf(':');
    out += (colon < 0 ? a.slice(start, host) : a.slice(start, start + colon + 1) + MASK) + a.slice(host, end);
    start = end;
  }
  return out + a.slice(start);
}

// --- Cisco ----------------------------------------------------------------------------------

/**
 * Cisco lines on which a secret may follow its word without a type digit (enable password
 * cisco, snmp-server community public): these commands, and indented sub-mode commands.
 */
const CISCO_COMMAND = /(?:[ \t]+(?:password|secret|key|key-string)|[ \t]*(?:no[ \t]+)?(?:username|enable|snmp-server|tacacs-server|radius-server|neighbor|ntp|ip|ppp|wpa-psk|server))(?![\w-])/y;
/** A word naming a secret, its type digit (0 clear, 5/8/9 hashed, 7 reversible), and the secret. */
const CISCO_SECRET = /(?<![\w-])((?:authentication-key|message-digest-key)[ \t]+\d+[ \t]+md5|authentication-key|password|secret|key-string|key|community|md5|sha|priv(?:[ \t]+(?:aes-128|aes|3des|des))?)([ \t]+)(?:([0-9])([ \t]+))?(\S+)/gi;

function redactCisco(line: string): string {
  CISCO_COMMAND.lastIndex = 0;
  const command = CISCO_COMMAND.test(line);
  return line.replace(CISCO_SECRET, (all, word: string, gap: string, type: string | undefined, gap2: string | undefined, value: string) => {
    if (/^[=:*]/.test(value)) return all;
    // Without a type digit only on a Cisco command line, and "key 1" / "key chain" are a key's number and a chain.
    if (!type && (!command || (word.toLowerCase() === 'key' && /^(?:\d+|chain)$/i.test(value)))) return all;
    return `${word}${gap}${type ? type + gap2 : ''}${MASK}`;
  });
}

// --- Private keys, Fernet tokens --------------------------------------------------------------

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{0,40})-----/g;
const PEM_END = /-----END [A-Z0-9 ]{0,40}-----/g;

/** Masks every line between BEGIN … PRIVATE KEY and its END (or the end of the text): line numbers stay. */
function redactPem(text: string): string {
  let out = '';
  let done = 0;
  PEM_BEGIN.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = PEM_BEGIN.exec(text)); ) {
    if (!m[1].includes('PRIVATE KEY')) continue;
    const body = m.index + m[0].length;
    PEM_END.lastIndex = body;
    const end = PEM_END.exec(text);
    const bodyEnd = end ? end.index : text.length;
    out += text.slice(done, body) + text.slice(body, bodyEnd).replace(/[^\r\n]+/g, MASK);
    done = bodyEnd;
    PEM_BEGIN.lastIndex = end ? end.index + end[0].length : text.length;
  }
  return out + text.slice(done);
}

const FERNET_TOKEN = /(?<![\w-])gAAAAA[\w-]{40,}={0,2}/g;

function redactFernet(line: string): string {
  return line.replace(FERNET_TOKEN, MASK);
}
