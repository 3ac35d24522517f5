import path from "node:path";
import * as ort from "onnxruntime-node";

/**
 * Opening and checking ONNX sessions for the pretrained towers: every failure names the model
 * folder and the file, so a wrong manifest is found at load, not at the first request.
 */
export async function openOnnxSession(dir: string, file: string, threads = 1): Promise<ort.InferenceSession> {
  const full = path.join(dir, file);
  try {
    return await ort.InferenceSession.create(full, {
      executionProviders: ["cpu"],
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
    });
  } catch (err) {
    throw new Error(`model ${dir}: cannot open ONNX file ${full}: ${(err as Error).message}`, { cause: err });
  }
}

/** Fails unless the session has these inputs and outputs (as the manifest names them). */
export function requireIo(dir: string, what: string, session: ort.InferenceSession, inputs: string[], outputs: string[]): void {
  for (const name of inputs) {
    if (!session.inputNames.includes(name)) {
      throw new Error(`model ${dir}: ${what} has no input '${name}' (has ${session.inputNames.join(", ")})`);
    }
  }
  for (const name of outputs) {
    if (!session.outputNames.includes(name)) {
      throw new Error(`model ${dir}: ${what} has no output '${name}' (has ${session.outputNames.join(", ")})`);
    }
  }
}

/** The fixed size of an input's axis `axis`, or null when it is symbolic/unknown. */
export function fixedDim(session: ort.InferenceSession, input: string, axis: number): number | null {
  const meta = session.inputMetadata.find((m) => m.name === input);
  if (!meta?.isTensor) return null;
  const d = meta.shape[axis];
  return typeof d === "number" && d > 0 ? d : null;
}

/**
 * Runs a session and returns output `output` as rows of `width`: [n, width], or [n, 1, width]
 * style shapes whose trailing axis is `width` and whose element count is n·width.
 */
export async function runRows(
  dir: string,
  what: string,
  session: ort.InferenceSession,
  feeds: Record<string, ort.Tensor>,
  output: string,
  rows: number,
  width: number,
): Promise<Float32Array> {
  let out: ort.Tensor;
  try {
    out = (await session.run(feeds))[output];
  } catch (err) {
    throw new Error(`model ${dir}: ${what} failed: ${(err as Error).message}`, { cause: err });
  }
  if (out.dims[0] !== rows || out.dims[out.dims.length - 1] !== width || out.size !== rows * width || out.type !== "float32") {
    throw new Error(`model ${dir}: ${what} returned ${out.type} [${out.dims.join(", ")}], expected float32 [${rows}, ${width}]`);
  }
  return out.data as Float32Array;
}
