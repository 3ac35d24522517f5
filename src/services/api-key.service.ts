import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../db/database.ts";
import { ApiKeyRepository, type ApiKeyRecord } from "../db/repositories/api-key.repository.ts";
import { checkCatalogNames } from "./catalog-scope.ts";
import { InvalidInputError } from "./errors.ts";
import { isScope, type Scope } from "./scopes.ts";

export interface AuthenticatedKey {
  id: string;
  scopes: ReadonlySet<Scope>;
  /** null = every catalog */
  catalogs: readonly string[] | null;
  rateLimitPerMinute: number | null;
  endUserRateLimitPerMinute: number | null;
}

/** What a key may do beyond its scopes (issue #19). */
export interface KeyLimits {
  /** only these catalogs (search, play, count, ingest into); absent/null = every catalog */
  catalogs?: readonly string[] | null;
  /** requests per minute for this key; absent = the server's limit */
  rateLimitPerMinute?: number | null;
  /** lets the key name its end user (x-tunelens-end-user), each limited to this many per minute */
  endUserRateLimitPerMinute?: number | null;
}

const MAX_RATE = 1_000_000;

function checkRate(name: string, v: number | null | undefined): number | null {
  if (v == null) return null;
  if (!Number.isInteger(v) || v < 1 || v > MAX_RATE) throw new InvalidInputError(`${name} must be a whole number from 1 to ${MAX_RATE}`);
  return v;
}

const KEY_RE = /^tl_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;
/** How long a verified key is trusted without asking the database again (revocation delay). */
const CACHE_MS = 30_000;

function hashSecret(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/**
 * API keys: `tl_<prefix>_<secret>`, shown once at creation, stored as a SHA-256 hash.
 * Verification results are cached briefly so a search costs no extra SQL statement.
 */
export class ApiKeyService {
  private readonly repo: ApiKeyRepository;
  private readonly cache = new Map<string, { key: AuthenticatedKey | null; at: number }>();

  constructor(db: Database) {
    this.repo = new ApiKeyRepository(db);
  }

  async create(name: string, scopes: string[], limits: KeyLimits = {}): Promise<{ key: string; record: ApiKeyRecord }> {
    if (!name.trim() || name.length > 200) throw new InvalidInputError("a key needs a name of 1-200 characters");
    const bad = scopes.filter((s) => !isScope(s));
    if (scopes.length === 0 || bad.length) {
      throw new InvalidInputError(`scopes must be some of search, ingest, experiments:admin, catalog:admin${bad.length ? `; unknown: ${bad.join(", ")}` : ""}`);
    }
    const catalogs = limits.catalogs?.length ? checkCatalogNames(limits.catalogs) : null;
    // Experiments span every tenant's traffic (reports aggregate all exposures): a tenant's key
    // must not administer or read them.
    if (catalogs && scopes.includes("experiments:admin")) {
      throw new InvalidInputError("a catalog-scoped key cannot have the experiments:admin scope (experiments and their reports span every catalog)");
    }
    const rateLimitPerMinute = checkRate("rateLimitPerMinute", limits.rateLimitPerMinute);
    const endUserRateLimitPerMinute = checkRate("endUserRateLimitPerMinute", limits.endUserRateLimitPerMinute);
    const prefix = randomBytes(4).toString("hex");
    const key = `tl_${prefix}_${randomBytes(32).toString("base64url")}`;
    const record = await this.repo.insert({
      name: name.trim(), prefix, secretHash: hashSecret(key), scopes: [...new Set(scopes)], catalogs, rateLimitPerMinute, endUserRateLimitPerMinute,
    });
    return { key, record };
  }

  /** The key's scopes, or null when the token is not a live key. */
  async authenticate(token: string): Promise<AuthenticatedKey | null> {
    if (!KEY_RE.test(token)) return null;
    const hash = hashSecret(token);
    const cached = this.cache.get(hash);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.key;
    const record = await this.repo.findActiveByHash(hash);
    const key = record
      ? {
          id: record.id,
          scopes: new Set(record.scopes.filter(isScope)),
          catalogs: record.catalogs,
          rateLimitPerMinute: record.rateLimitPerMinute,
          endUserRateLimitPerMinute: record.endUserRateLimitPerMinute,
        }
      : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { key, at: Date.now() });
    if (record) await this.repo.touch(record.id);
    return key;
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.repo.list();
  }

  /**
   * Raises or lowers a live key's limits without a new secret (a frontend keeps its key). This
   * process applies them to the next request; other server processes within CACHE_MS.
   */
  async setLimits(idOrPrefix: string, limits: Omit<KeyLimits, "catalogs">): Promise<ApiKeyRecord[]> {
    const rateLimitPerMinute = checkRate("rateLimitPerMinute", limits.rateLimitPerMinute) ?? undefined;
    const endUserRateLimitPerMinute = checkRate("endUserRateLimitPerMinute", limits.endUserRateLimitPerMinute) ?? undefined;
    if (rateLimitPerMinute === undefined && endUserRateLimitPerMinute === undefined) {
      throw new InvalidInputError("give rateLimitPerMinute or endUserRateLimitPerMinute");
    }
    const changed = await this.repo.setLimits(idOrPrefix, { rateLimitPerMinute, endUserRateLimitPerMinute });
    this.cache.clear();
    return changed;
  }

  async revoke(idOrPrefix: string): Promise<number> {
    const n = await this.repo.revoke(idOrPrefix);
    this.cache.clear();
    return n;
  }
}
