import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { hostAllowed, refusedAddressReason } from "./address-policy.ts";

export interface SafeFetchPolicy {
  /**
   * hosts that may be fetched, redirects included (".example.org" admits subdomains); "any" admits
   * every host name (a URL a user gives to search by audio): addresses are still checked
   */
  allowedHosts: readonly string[] | "any";
  /** admit loopback/private/link-local addresses (tests, intranet catalogs) */
  allowPrivateAddresses: boolean;
  /** whole request, redirects included */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects?: number;
  /** the Accept header (default: HTML, then JSON) */
  accept?: string;
  /** what the refusal of a host outside allowedHosts calls the list */
  allowlistName?: string;
}

export interface FetchedPage {
  url: string;
  status: number;
  contentType: string;
  /** the body as UTF-8 text */
  body: string;
  /** the body as received (binary content: audio) */
  bytes: Buffer;
}

/** The request was refused by policy (host, address, scheme, size): retrying will not help. */
export class FetchRefusedError extends Error {}
export class FetchTimeoutError extends Error {}

/**
 * GET for URLs built from catalog data, guarded like a server that fetches for strangers: only
 * http(s) to allowed hosts; every address DNS returns is checked, and the socket connects to
 * the checked address itself (the check runs inside `lookup`, so a second resolution cannot
 * swap in 127.0.0.1); redirects are followed by hand and each hop checked again; the body is cut
 * off at `maxBytes` and the whole exchange at `timeoutMs`.
 */
export async function safeFetch(url: string, policy: SafeFetchPolicy): Promise<FetchedPage> {
  const deadline = AbortSignal.timeout(policy.timeoutMs);
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    checkUrl(current, policy);
    const res = await getOnce(current, policy, deadline);
    if ([301, 302, 303, 307, 308].includes(res.status) && res.location) {
      if (hop >= (policy.maxRedirects ?? 3)) throw new FetchRefusedError(`too many redirects fetching ${url}`);
      current = new URL(res.location, current);
      continue;
    }
    return { url: current.toString(), status: res.status, contentType: res.contentType, body: res.bytes.toString("utf8"), bytes: res.bytes };
  }
}

function checkUrl(u: URL, policy: SafeFetchPolicy): void {
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new FetchRefusedError(`refused ${u.protocol} URL (only http and https)`);
  if (u.username || u.password) throw new FetchRefusedError("refused a URL with credentials");
  if (policy.allowedHosts !== "any" && !hostAllowed(u.hostname, policy.allowedHosts)) {
    throw new FetchRefusedError(`refused host ${u.hostname}: not in the ${policy.allowlistName ?? "metadata host"} allowlist`);
  }
  const literal = u.hostname.replace(/^\[|\]$/g, "");
  if (isIP(literal) && !policy.allowPrivateAddresses) {
    const reason = refusedAddressReason(literal);
    if (reason) throw new FetchRefusedError(`refused ${u.hostname}: ${reason}`);
  }
}

/** DNS lookup that fails when any resolved address is not allowed. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 4);
      const list = addresses as unknown as LookupAddress[];
      if (!allowPrivate) {
        for (const a of list) {
          const reason = refusedAddressReason(a.address);
          if (reason) return callback(new FetchRefusedError(`refused ${hostname}: resolves to ${reason}`), "", 4);
        }
      }
      if (!list.length) return callback(new Error(`no address for ${hostname}`), "", 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

interface RawResponse {
  status: number;
  location: string | undefined;
  contentType: string;
  bytes: Buffer;
}

function getOnce(u: URL, policy: SafeFetchPolicy, deadline: AbortSignal): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    if (deadline.aborted) return reject(new FetchTimeoutError(`timed out after ${policy.timeoutMs} ms fetching ${u}`));
    const lib = u.protocol === "https:" ? https : http;
    const req = lib.get(u, { lookup: guardedLookup(policy.allowPrivateAddresses), headers: { accept: policy.accept ?? "text/html, application/json;q=0.9", "user-agent": "tunelens-metadata/0.1" } }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.resume();
        return resolve({ status, location: res.headers.location, contentType: "", bytes: Buffer.alloc(0) });
      }
      const declared = Number(res.headers["content-length"] ?? 0);
      if (declared > policy.maxBytes) {
        req.destroy();
        return reject(new FetchRefusedError(`refused ${u}: ${declared} bytes is over the ${policy.maxBytes}-byte limit`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > policy.maxBytes) {
          req.destroy();
          reject(new FetchRefusedError(`refused ${u}: the body is over the ${policy.maxBytes}-byte limit`));
          return;
        }
        chunks.push(c);
      });
      res.on("end", () => resolve({ status, location: undefined, contentType: String(res.headers["content-type"] ?? ""), bytes: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    const onAbort = () => {
      req.destroy();
      reject(new FetchTimeoutError(`timed out after ${policy.timeoutMs} ms fetching ${u}`));
    };
    deadline.addEventListener("abort", onAbort, { once: true });
    req.on("close", () => deadline.removeEventListener("abort", onAbort));
    req.on("error", (err) => reject(err instanceof FetchRefusedError ? err : (err as Error & { cause?: unknown }).cause instanceof FetchRefusedError ? (err as { cause: Error }).cause : err));
  });
}
