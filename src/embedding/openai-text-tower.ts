import type { OpenAiFrontend, TextTowerSpec } from "./model-manifest.ts";
import { ProjectionHead } from "./projection-head.ts";
import type { TextTower, TowerOptions } from "./tower.ts";

/** Where the OpenAI-compatible embeddings endpoint is (OPENAI_BASE_URL / OPENAI_API_KEY). */
export interface OpenAiEndpoint {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
  maxRetries?: number;
}

/** Inputs per request (the API accepts up to 2,048; smaller requests fail and retry cheaper). */
const BATCH = 256;

/**
 * The text half of an encoder served by an OpenAI-compatible `/v1/embeddings` (OpenAI, vLLM,
 * Ollama, a local fixture server in tests). The audio tower must have been trained or projected
 * into the same space (e.g. a projection head trained with `tunelens train --backbone`).
 */
export async function loadOpenAiTextTower(
  dir: string,
  spec: TextTowerSpec,
  dimensions: number,
  endpoint: OpenAiEndpoint | null,
  opts: TowerOptions = {},
): Promise<TextTower> {
  const fe = spec.frontend as OpenAiFrontend;
  if (!endpoint) {
    throw new Error(`model ${dir}: its text tower uses the OpenAI embeddings API (${fe.model}); set OPENAI_BASE_URL and OPENAI_API_KEY`);
  }
  const backboneWidth = spec.projection ? (spec.outputDimensions ?? fe.dimensions ?? dimensions) : dimensions;
  const head = spec.projection ? await ProjectionHead.open(dir, spec.projection, backboneWidth, dimensions, opts.threads) : null;
  // loaded here, not at the top: only a model whose text tower is this one needs the openai package
  const { default: OpenAI } = await import("openai");
  const client = new OpenAI({ baseURL: endpoint.baseUrl, apiKey: endpoint.apiKey, timeout: endpoint.timeoutMs ?? 30_000, maxRetries: endpoint.maxRetries ?? 3 });

  return {
    width: dimensions,
    async embed(texts: string[]): Promise<Float32Array[]> {
      const result: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += BATCH) {
        const chunk = texts.slice(i, i + BATCH);
        const res = await client.embeddings.create({
          model: fe.model,
          input: chunk,
          encoding_format: "float",
          ...(fe.dimensions ? { dimensions: fe.dimensions } : {}),
        });
        // The API may answer out of order; `index` says which input each vector belongs to.
        const rows = [...res.data].sort((a, b) => a.index - b.index);
        if (rows.length !== chunk.length || rows.some((r) => r.embedding.length !== backboneWidth)) {
          throw new Error(`model ${dir}: embeddings API (${fe.model}) answered ${rows.length} vectors of ${rows[0]?.embedding.length ?? 0} for ${chunk.length} texts of ${backboneWidth}`);
        }
        const packed = new Float32Array(chunk.length * backboneWidth);
        rows.forEach((r, j) => packed.set(r.embedding, j * backboneWidth));
        const out = head ? await head.apply(packed, chunk.length) : packed;
        for (let j = 0; j < chunk.length; j++) result.push(out.slice(j * dimensions, (j + 1) * dimensions));
      }
      return result;
    },
    async close() {
      await head?.close();
    },
  };
}
