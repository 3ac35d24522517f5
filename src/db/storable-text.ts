/**
 * PostgreSQL cannot store a NUL character in `text` or `jsonb` (`\u0000` is refused) nor a lone
 * UTF-16 surrogate (it is not valid UTF-8). Strings from outside are checked with this before
 * they reach a statement, so they are refused as bad input instead of failing a statement (or,
 * in a batched write, the whole batch: issue #16).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored as text, or null when it can. */
export function unstorableText(text: string): string | null {
  if (text.includes("\0")) return "contains a NUL character (\\u0000)";
  if (LONE_SURROGATE.test(text)) return "contains invalid Unicode (a lone surrogate)";
  return null;
}
