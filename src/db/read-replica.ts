import type { Database, VectorIndexSettings } from "./database.ts";
import { PgDatabase } from "./pg-database.ts";

/**
 * A pool on a read replica (`DATABASE_READ_URL`) for searches and track reads. Every session is
 * opened with `default_transaction_read_only=on`, so a write routed here by mistake fails loudly
 * instead of succeeding on a server that happens to accept it (e.g. the primary in a test). No
 * migrations run through it: the primary owns the schema and the replica follows.
 */
export async function openReadReplica(url: string, vectorIndex?: VectorIndexSettings): Promise<Database> {
  const u = new URL(url);
  const options = [u.searchParams.get("options"), "-c default_transaction_read_only=on"].filter(Boolean).join(" ");
  u.searchParams.set("options", options);
  return PgDatabase.open(u.toString(), { vectorIndex });
}
