import type { Config } from "../config.ts";
import { openDatabase } from "../db/connect.ts";
import type { Database } from "../db/database.ts";
import type { Encoder } from "../embedding/encoder.ts";
import { loadAnyEncoder, type LoadedEncoder } from "../embedding/composed-encoder.ts";
import { bootstrapModel, queueMissingEmbeddings, servedModelDir } from "../services/model-bootstrap.ts";
import { ModelRegistry } from "../services/model-registry.ts";
import type { ModelRuntime } from "../services/model-runtime.ts";
import { processSecrets } from "../util/secret-redaction.ts";
import { lockDataDir, pgliteDir } from "./data-dir-lock.ts";

export interface OpenRuntime {
  db: Database;
  runtime: ModelRuntime;
  /** folder of the served model */
  modelDir: string;
  /** re-embedding jobs queued at open for tracks the served model has no vectors for (a model upgrade) */
  reembeddingQueued: number;
  close(): Promise<void>;
}

/**
 * Opens the database (real server when DATABASE_URL is set, else embedded PGlite under the data
 * folder, held with a lock file because only one process may open it) and loads the model.
 * `inMemory` gives a throw-away embedded database (evaluation, tests).
 */
export async function openRuntime(cfg: Config, opts: { inMemory?: boolean; threads?: number } = {}): Promise<OpenRuntime> {
  // The provider keys are this process's secrets too: an error body may quote the key it was sent
  // (some OpenAI-compatible servers and proxies do), and job errors are logged and stored.
  processSecrets.add(cfg.llm?.apiKey);
  processSecrets.add(cfg.openaiEmbeddings?.apiKey);
  const release = cfg.databaseUrl || opts.inMemory ? null : await lockDataDir(cfg.dataDir);
  let db: Database | null = null;
  const encoderOpts = { threads: opts.threads, openai: cfg.openaiEmbeddings };
  // The configured model is the one served unless another was activated (servedModelDir): load it
  // while the database opens and migrates instead of after (ONNX sessions are created off the main
  // thread, so the two overlap even on one core); a different active model is loaded afterwards.
  const speculative = settle(loadAnyEncoder(cfg.modelDir, encoderOpts));
  let encoder: LoadedEncoder | null = null;
  try {
    db = await openDatabase({ url: cfg.databaseUrl, dataDir: opts.inMemory ? undefined : pgliteDir(cfg.dataDir), vectorIndex: cfg.vectorIndex });
    const modelDir = await servedModelDir(db, cfg.modelDir, cfg.modelsDir);
    const early = await speculative;
    if (modelDir === cfg.modelDir && early.ok) encoder = early.value;
    else {
      if (early.ok) await early.value.close();
      encoder = await loadAnyEncoder(modelDir, encoderOpts);
    }
    const served = encoder;
    const runtime = await bootstrapModel(db, served, served.manifest);
    const reembeddingQueued = await queueMissingEmbeddings(db, runtime.model);
    const opened = db;
    return {
      db: opened,
      runtime,
      modelDir,
      reembeddingQueued,
      async close() {
        await served.close();
        await opened.close();
        await release?.();
      },
    };
  } catch (err) {
    // a model loaded while the database failed to open is closed too
    const early = await speculative;
    if (early.ok && early.value !== encoder) await early.value.close().catch(() => {});
    await encoder?.close().catch(() => {});
    await db?.close().catch(() => {});
    await release?.().catch(() => {});
    throw err;
  }
}

/** A promise that never rejects (so an unawaited failure is not an unhandled rejection). */
function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * The models this process can serve besides the one it loaded (models/ folders), sharing the
 * served runtime; `wrapEncoder` lets the server time every encoder for /metrics.
 */
export function createModelRegistry(cfg: Config, opened: Pick<OpenRuntime, "db" | "runtime" | "modelDir">, opts: { served?: ModelRuntime; wrapEncoder?: (e: Encoder) => Encoder; threads?: number } = {}): ModelRegistry {
  return new ModelRegistry(opened.db, {
    modelsDir: cfg.modelsDir,
    served: { ...(opts.served ?? opened.runtime), dir: opened.modelDir },
    openai: cfg.openaiEmbeddings,
    threads: opts.threads,
    wrapEncoder: opts.wrapEncoder,
  });
}
