import { appendFileSync } from "node:fs";

const out = process.env.TUNELENS_MODULE_TRACE;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (out) appendFileSync(out, `${resolved.url}\n`);
  return resolved;
}
