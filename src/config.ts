import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DEFAULT_HNSW_EF_SEARCH, DEFAULT_HNSW_EF_SEARCH_SINGLE, type VectorIndexSettings } from "./db/database.ts";
import type { AudioQuerySettings } from "./services/audio-query.service.ts";
import { parseHybridFusion, type HybridFusion } from "./services/hybrid-fusion.ts";

/** The package root (where models/ ships), independent of the caller's working directory. */
export const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DEFAULT_MODEL_DIR = path.join(PACKAGE_ROOT, "models", "tunelens-default");

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  DATABASE_READ_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  TUNELENS_VECTOR_INDEX: z.enum(["vector", "halfvec", ""], { error: "must be vector or halfvec" }).default("vector").transform((v) => v || "vector"),
  TUNELENS_HNSW_EF_SEARCH: z.coerce.number().int().min(1).max(1000).or(z.literal("").transform(() => DEFAULT_HNSW_EF_SEARCH)).default(DEFAULT_HNSW_EF_SEARCH),
  TUNELENS_HNSW_EF_SEARCH_SINGLE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .or(z.literal("").transform(() => DEFAULT_HNSW_EF_SEARCH_SINGLE))
    .default(DEFAULT_HNSW_EF_SEARCH_SINGLE),
  TUNELENS_CATALOG_INDEX_MIN_TRACKS: z
    .string()
    .trim()
    .default("")
    .refine((v) => /^\d*$/.test(v), "must be a positive integer (0 or empty: off)")
    .transform((v) => (Number(v) > 0 ? Number(v) : null)),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent", ""]).optional().transform((v) => v || undefined),
  TUNELENS_DATA_DIR: z.string().default("data"),
  TUNELENS_MODEL_DIR: z.string().default(DEFAULT_MODEL_DIR),
  TUNELENS_MODELS_DIR: z.string().default(path.join(PACKAGE_ROOT, "models")),
  TUNELENS_ADMIN_TOKEN: z.string().min(16).optional(),
  TUNELENS_LIBRARY_ROOTS: z.string().default(""),
  TUNELENS_ANONYMOUS_SEARCH: z.enum(["true", "false", "1", "0", ""]).optional(),
  TUNELENS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  TUNELENS_MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(8),
  TUNELENS_MAX_QUERY_COST: z.coerce.number().int().positive().default(5000),
  TUNELENS_MAX_FILE_MB: z.coerce.number().positive().default(512),
  TUNELENS_MAX_AUDIO_SECONDS: z.coerce.number().positive().default(900),
  NODE_ENV: z.string().default("development"),
  TUNELENS_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  TUNELENS_JOB_LEASE_SECONDS: z.coerce.number().positive().max(3600).default(30),
  TUNELENS_JOB_BACKOFF_SECONDS: z.coerce.number().positive().max(600).default(2),
  TUNELENS_IN_PROCESS_WORKER: z.enum(["auto", "on", "off"]).default("auto"),
  OPENAI_BASE_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  OPENAI_API_KEY: z.string().optional().or(z.literal("").transform(() => undefined)),
  TUNELENS_LLM_MODEL: z.string().min(1).default("gpt-4o-mini"),
  TUNELENS_LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  TUNELENS_LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  TUNELENS_LLM_REQUESTS_PER_MINUTE: z.coerce.number().positive().default(60),
  TUNELENS_METADATA_URLS: z.string().default(""),
  TUNELENS_METADATA_ALLOWED_HOSTS: z.string().default(""),
  TUNELENS_METADATA_ALLOW_PRIVATE: z.enum(["true", "false", "1", "0", ""]).default("false").transform((v) => v === "true" || v === "1"),
  TUNELENS_METADATA_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  TUNELENS_METADATA_MAX_KB: z.coerce.number().int().positive().default(1024),
  TUNELENS_IMPUTE_K: z.coerce.number().int().min(1).max(100).default(10),
  TUNELENS_IMPUTE_AUDIO_WEIGHT: z.coerce.number().min(0).max(1).default(0.6),
  // seconds an ingest must leave a catalog alone before its imputation sweep runs; "off": never
  TUNELENS_IMPUTE_AFTER_INGEST_SECONDS: z.union([z.literal("off"), z.coerce.number().min(0).max(86_400)]).default(30),
  TUNELENS_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().positive().default(30),
  TUNELENS_EXPLORER: z.enum(["true", "false", "1", "0", ""]).optional(),
  TUNELENS_METRICS_PUBLIC: z.enum(["true", "false", "1", "0", ""]).optional(),
  TUNELENS_AUDIO_QUERY_MAX_MB: z.coerce.number().positive().max(512).default(20),
  TUNELENS_AUDIO_QUERY_MAX_SECONDS: z.coerce.number().positive().max(3600).default(300),
  TUNELENS_AUDIO_URL_ALLOWED_HOSTS: z.string().default("*"),
  TUNELENS_AUDIO_URL_ALLOW_PRIVATE: z.enum(["true", "false", "1", "0", ""]).default("false").transform((v) => v === "true" || v === "1"),
  TUNELENS_AUDIO_URL_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  TUNELENS_HYBRID_FUSION: z.string().default("rrf"),
  TUNELENS_QUERY_CONSTRAINTS: z.enum(["true", "false", "1", "0", "on", "off", ""]).default("true").transform((v) => !["false", "0", "off"].includes(v)),
});

/** Every environment variable the service reads (docs/configuration.md has a row for each; test/config-docs.test.ts). */
export const ENVIRONMENT_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

/** Settings of the LLM description source; null in Config when no base URL or key is set. */
export interface LlmConfig {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  requestsPerMinute: number;
}

/** Settings of the web metadata source (URL templates fetched per track). */
export interface MetadataFetchConfig {
  urlTemplates: string[];
  allowedHosts: string[];
  allowPrivateAddresses: boolean;
  timeoutMs: number;
  maxBytes: number;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** read replica for searches and track reads (a read-only pool); unset → the primary */
  databaseReadUrl: string | undefined;
  /** HNSW index storage and least ef_search; the database handle carries it to the repositories */
  vectorIndex: VectorIndexSettings;
  /** a catalog with this many tracks gets per-catalog HNSW indexes after an ingest; null: off */
  catalogIndexMinTracks: number | null;
  /** pino level (LOG_LEVEL); unset: the command's own default (info for serve and worker) */
  logLevel: string | undefined;
  dataDir: string;
  modelDir: string;
  /** every `<folder>/model.json` here is a model `tunelens models` can embed, activate and serve */
  modelsDir: string;
  /** OpenAI-compatible embeddings endpoint for text towers of kind "openai" (OPENAI_BASE_URL/KEY) */
  openaiEmbeddings: { baseUrl: string; apiKey: string; timeoutMs: number; maxRetries: number } | null;
  adminToken: string | undefined;
  /** may callers without a key search? (default: yes in development, no in production) */
  anonymousSearch: boolean;
  /** folders API keys may ingest from (the admin token may ingest any path) */
  libraryRoots: string[];
  rateLimitPerMinute: number;
  queryLimits: { maxDepth: number; maxCost: number };
  maxFileBytes: number;
  maxAudioSeconds: number;
  development: boolean;
  workerConcurrency: number;
  jobLeaseSeconds: number;
  /** first retry delay of a failed job, doubled per attempt */
  jobBackoffSeconds: number;
  /** run the job worker inside `serve` (auto: only with the embedded database) */
  inProcessWorker: "auto" | "on" | "off";
  llm: LlmConfig | null;
  metadata: MetadataFetchConfig;
  /** afterIngestSeconds: debounce of the per-catalog imputation sweep after ingest (null: off) */
  imputation: { k: number; audioWeight: number; afterIngestSeconds: number | null };
  /** text searches honour a tempo / key stated in the text unless a request says otherwise */
  queryConstraints: boolean;
  /** failed authentications per client address and minute before 429 (wrong keys cost a lookup) */
  authFailuresPerMinute: number;
  /** serve the GraphQL explorer at /explorer (default: development only) */
  explorer: boolean;
  /** /metrics readable without the admin token (default: development only) */
  publicMetrics: boolean;
  /** searchByAudio: clip size and length limits, and how a clip's URL may be fetched */
  audioQuery: AudioQuerySettings;
  /** how HYBRID fuses keyword and vector relevance (TUNELENS_HYBRID_FUSION: rrf, rrf:<k>, weighted:<w>) */
  hybridFusion: HybridFusion;
}

/**
 * Reads configuration from the environment (docs/configuration.md). This file is the only one in
 * src/ that reads `process.env` (lint enforces it): everything else receives a Config, or the part
 * of it it needs, from whoever built it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    vectorIndex: { storage: e.TUNELENS_VECTOR_INDEX, efSearch: e.TUNELENS_HNSW_EF_SEARCH, singleSignalEfSearch: e.TUNELENS_HNSW_EF_SEARCH_SINGLE },
    catalogIndexMinTracks: e.TUNELENS_CATALOG_INDEX_MIN_TRACKS,
    logLevel: e.LOG_LEVEL,
    dataDir: path.resolve(e.TUNELENS_DATA_DIR),
    modelDir: path.resolve(e.TUNELENS_MODEL_DIR),
    modelsDir: path.resolve(e.TUNELENS_MODELS_DIR),
    openaiEmbeddings:
      e.OPENAI_BASE_URL && e.OPENAI_API_KEY
        ? { baseUrl: e.OPENAI_BASE_URL, apiKey: e.OPENAI_API_KEY, timeoutMs: e.TUNELENS_LLM_TIMEOUT_MS, maxRetries: e.TUNELENS_LLM_MAX_RETRIES }
        : null,
    adminToken: e.TUNELENS_ADMIN_TOKEN,
    libraryRoots: e.TUNELENS_LIBRARY_ROOTS.split(":").map((r) => r.trim()).filter(Boolean).map((r) => path.resolve(r)),
    anonymousSearch: e.TUNELENS_ANONYMOUS_SEARCH ? ["true", "1"].includes(e.TUNELENS_ANONYMOUS_SEARCH) : e.NODE_ENV !== "production",
    rateLimitPerMinute: e.TUNELENS_RATE_LIMIT_PER_MINUTE,
    queryLimits: { maxDepth: e.TUNELENS_MAX_QUERY_DEPTH, maxCost: e.TUNELENS_MAX_QUERY_COST },
    maxFileBytes: Math.round(e.TUNELENS_MAX_FILE_MB * 1024 * 1024),
    maxAudioSeconds: e.TUNELENS_MAX_AUDIO_SECONDS,
    development: e.NODE_ENV !== "production",
    workerConcurrency: e.TUNELENS_WORKER_CONCURRENCY,
    jobLeaseSeconds: e.TUNELENS_JOB_LEASE_SECONDS,
    jobBackoffSeconds: e.TUNELENS_JOB_BACKOFF_SECONDS,
    inProcessWorker: e.TUNELENS_IN_PROCESS_WORKER,
    llm:
      e.OPENAI_BASE_URL && e.OPENAI_API_KEY
        ? {
            baseUrl: e.OPENAI_BASE_URL,
            apiKey: e.OPENAI_API_KEY,
            model: e.TUNELENS_LLM_MODEL,
            timeoutMs: e.TUNELENS_LLM_TIMEOUT_MS,
            maxRetries: e.TUNELENS_LLM_MAX_RETRIES,
            requestsPerMinute: e.TUNELENS_LLM_REQUESTS_PER_MINUTE,
          }
        : null,
    metadata: {
      urlTemplates: splitList(e.TUNELENS_METADATA_URLS),
      allowedHosts: splitList(e.TUNELENS_METADATA_ALLOWED_HOSTS).map((h) => h.toLowerCase()),
      allowPrivateAddresses: e.TUNELENS_METADATA_ALLOW_PRIVATE,
      timeoutMs: e.TUNELENS_METADATA_TIMEOUT_MS,
      maxBytes: e.TUNELENS_METADATA_MAX_KB * 1024,
    },
    imputation: {
      k: e.TUNELENS_IMPUTE_K,
      audioWeight: e.TUNELENS_IMPUTE_AUDIO_WEIGHT,
      afterIngestSeconds: e.TUNELENS_IMPUTE_AFTER_INGEST_SECONDS === "off" ? null : e.TUNELENS_IMPUTE_AFTER_INGEST_SECONDS,
    },
    queryConstraints: e.TUNELENS_QUERY_CONSTRAINTS,
    authFailuresPerMinute: e.TUNELENS_AUTH_FAILURES_PER_MINUTE,
    explorer: e.TUNELENS_EXPLORER ? ["true", "1"].includes(e.TUNELENS_EXPLORER) : e.NODE_ENV !== "production",
    publicMetrics: e.TUNELENS_METRICS_PUBLIC ? ["true", "1"].includes(e.TUNELENS_METRICS_PUBLIC) : e.NODE_ENV !== "production",
    audioQuery: {
      maxBytes: Math.round(e.TUNELENS_AUDIO_QUERY_MAX_MB * 1024 * 1024),
      maxSeconds: e.TUNELENS_AUDIO_QUERY_MAX_SECONDS,
      fetch: {
        // "*" (the default): any host name, still only at public addresses
        allowedHosts: e.TUNELENS_AUDIO_URL_ALLOWED_HOSTS.trim() === "*" ? "any" : splitList(e.TUNELENS_AUDIO_URL_ALLOWED_HOSTS).map((h) => h.toLowerCase()),
        allowPrivateAddresses: e.TUNELENS_AUDIO_URL_ALLOW_PRIVATE,
        timeoutMs: e.TUNELENS_AUDIO_URL_TIMEOUT_MS,
      },
    },
    hybridFusion: parseConfigFusion(e.TUNELENS_HYBRID_FUSION),
  };
}

/** The process environment with some variables set by the caller (CLI flags, a bench's server). */
export function loadConfigOverriding(overrides: Record<string, string>): Config {
  return loadConfig({ ...process.env, ...overrides });
}

function parseConfigFusion(text: string): HybridFusion {
  try {
    return parseHybridFusion(text);
  } catch (err) {
    throw new Error(`invalid configuration: TUNELENS_HYBRID_FUSION: ${(err as Error).message}`);
  }
}

/** Comma- or whitespace-separated list. */
function splitList(value: string): string[] {
  return value.split(/[\s,]+/).map((v) => v.trim()).filter(Boolean);
}
