/**
 * Removes credentials from text before it is shown, logged or put in a report:
 * passwords in URLs (transport_url, [database] connection: scheme://user:secret@host, and
 * oslo.messaging's multi-host form scheme://u:p@h1,u:p@h2/), and the values of keys that
 * name a secret (password, secret, token, key).
 */
const URL = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;
const CREDENTIAL_IN_URL = /(\/\/|,)([^\s:/@,]+):([^\s@]*)@/g;
const SECRET_ASSIGNMENT = /^(\s*[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api_key|private_key|auth_key|passphrase)[A-Za-z0-9_.-]*\s*[=:]\s*)(\S.*)$/gim;

export function redactSecrets(text: string): string {
  return text.replace(URL, (url) => url.replace(CREDENTIAL_IN_URL, '$1$2:***@')).replace(SECRET_ASSIGNMENT, '$1***');
}
