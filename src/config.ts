import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The package root (where models/ ships), independent of the caller's working directory. */
export const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DEFAULT_MODEL_DIR = path.join(PACKAGE_ROOT, "models", "tunelens-default");

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  TUNELENS_DATA_DIR: z.string().default("data"),
  TUNELENS_MODEL_DIR: z.string().default(DEFAULT_MODEL_DIR),
  TUNELENS_ADMIN_TOKEN: z.string().min(16).optional(),
  TUNELENS_MAX_FILE_MB: z.coerce.number().positive().default(512),
  TUNELENS_MAX_AUDIO_SECONDS: z.coerce.number().positive().default(900),
  NODE_ENV: z.string().default("development"),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  modelDir: string;
  adminToken: string | undefined;
  maxFileBytes: number;
  maxAudioSeconds: number;
  development: boolean;
}

/** Reads configuration from the environment (see the README's configuration table). */
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
    dataDir: path.resolve(e.TUNELENS_DATA_DIR),
    modelDir: path.resolve(e.TUNELENS_MODEL_DIR),
    adminToken: e.TUNELENS_ADMIN_TOKEN,
    maxFileBytes: Math.round(e.TUNELENS_MAX_FILE_MB * 1024 * 1024),
    maxAudioSeconds: e.TUNELENS_MAX_AUDIO_SECONDS,
    development: e.NODE_ENV !== "production",
  };
}
