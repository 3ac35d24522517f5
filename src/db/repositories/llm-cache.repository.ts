import type { Queryable } from "../database.ts";

/** LLM answers by prompt hash (see sql/003_jobs.sql). */
export class LlmCacheRepository {
  constructor(private readonly db: Queryable) {}

  async get(promptHash: string): Promise<unknown | null> {
    const rows = await this.db.query<{ response: unknown }>(`SELECT response FROM llm_cache WHERE prompt_hash = $1`, [promptHash]);
    return rows[0]?.response ?? null;
  }

  async put(promptHash: string, model: string, promptVersion: string, response: unknown): Promise<void> {
    await this.db.query(
      `INSERT INTO llm_cache (prompt_hash, model, prompt_version, response) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (prompt_hash) DO NOTHING`,
      [promptHash, model, promptVersion, JSON.stringify(response)],
    );
  }
}
