/**
 * Keeps credentials out of everything the server writes (logs, error messages, metric labels).
 *
 * Two nets, because either alone leaks: headers that carry credentials are dropped by name, and
 * every written line is scrubbed of token-shaped strings and of the secrets this process knows
 * (the admin token, keys it issued), wherever they appear — an error message quoting a header, a
 * client that pastes its key into a query string or an operation name.
 *
 * In util/ because the server's logger, the runtime (which registers the LLM and embedding API
 * keys) and the job worker (which scrubs failed jobs' messages before storing them) share the one
 * process-wide redactor, and runtime/ and jobs/ sit below server/.
 */

/** Request/response headers that carry credentials; never logged, whatever the level. */
export const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"] as const;

export const REDACTED = "[redacted]";

/** Our API keys: `tl_<8 hex>_<base64url secret>` (api-key.service.ts). */
const API_KEY_SHAPE = /tl_[0-9a-f]{8}_[A-Za-z0-9_-]{16,}/g;
/** Any bearer/basic credential written out as text, e.g. a header echoed in an error message. */
const AUTH_SCHEME_SHAPE = /\b(Bearer|Basic)(\s+|%20)[^\s"',;\\]+/gi;
/** Signed audio URLs carry a signature that grants playback until it expires. */
const SIGNED_URL_PARAM = /([?&](?:sig|signature|token)=)[^&\s"']+/gi;

export class SecretRedactor {
  private readonly known = new Set<string>();

  /** Remember a secret this process issued or was given (admin token, a new API key). */
  add(secret: string | null | undefined): void {
    // Short strings would match innocent text; every secret we issue is far longer.
    if (secret && secret.length >= 12) this.known.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.known) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out
      .replace(API_KEY_SHAPE, REDACTED)
      .replace(AUTH_SCHEME_SHAPE, (_m, scheme: string, space: string) => `${scheme}${space}${REDACTED}`)
      .replace(SIGNED_URL_PARAM, (_m, name: string) => `${name}${REDACTED}`);
  }
}

/** pino `redact` paths for the credential headers of a serialised request and response. */
export function credentialHeaderPaths(): string[] {
  return CREDENTIAL_HEADERS.flatMap((h) => [`req.headers["${h}"]`, `res.headers["${h}"]`, `headers["${h}"]`]);
}

/** A URL as it may be logged: path only (query strings can carry signatures or pasted keys). */
export function loggablePath(url: string | undefined): string {
  if (!url) return "";
  const q = url.indexOf("?");
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}

/**
 * The process's redactor: logging is process-wide (one pino destination), so the secrets it must
 * never write are too. The server adds its admin token at start; the key service adds each key it issues.
 */
export const processSecrets = new SecretRedactor();
