import * as ort from "onnxruntime-node";
import type { TextFrontend, TextTowerSpec } from "./model-manifest.ts";
import { openOnnxSession, requireIo, runRows } from "./onnx-session.ts";
import { ProjectionHead } from "./projection-head.ts";
import { createTextFrontend } from "./text-frontend.ts";
import type { TextTower, TowerOptions } from "./tower.ts";

/**
 * Our own text backbones (USE-lite ⊕ bag of words, as text-frontend.ts computes them) → ONNX
 * tower → optional projection head: lets a pretrained audio tower be paired with our text side.
 */
export async function loadFeatureTextTower(dir: string, spec: TextTowerSpec, dimensions: number, opts: TowerOptions = {}): Promise<TextTower> {
  const frontend = await createTextFrontend(spec.frontend as TextFrontend, dir);
  const backboneWidth = spec.projection ? (spec.outputDimensions ?? dimensions) : dimensions;
  const session = await openOnnxSession(dir, spec.onnx!, opts.threads);
  let head: ProjectionHead | null = null;
  try {
    requireIo(dir, "text tower", session, [spec.input!], [spec.output!]);
    if (spec.projection) head = await ProjectionHead.open(dir, spec.projection, backboneWidth, dimensions, opts.threads);
  } catch (err) {
    await session.release();
    throw err;
  }
  return {
    width: dimensions,
    async embed(texts: string[]): Promise<Float32Array[]> {
      if (!texts.length) return [];
      const features = await frontend.features(texts);
      const packed = new Float32Array(features.length * frontend.dimensions);
      features.forEach((f, i) => packed.set(f, i * frontend.dimensions));
      const input = new ort.Tensor("float32", packed, [features.length, frontend.dimensions]);
      let out = await runRows(dir, "text tower", session, { [spec.input!]: input }, spec.output!, features.length, backboneWidth);
      if (head) out = await head.apply(out, features.length);
      return texts.map((_, j) => out.slice(j * dimensions, (j + 1) * dimensions));
    },
    async close() {
      await Promise.all([session.release(), head?.close()]);
    },
  };
}
