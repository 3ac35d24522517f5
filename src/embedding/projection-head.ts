import * as ort from "onnxruntime-node";
import type { Projection } from "./model-manifest.ts";
import { openOnnxSession, requireIo, runRows } from "./onnx-session.ts";

/**
 * An ONNX projection head on top of a frozen backbone ([n, inWidth] → [n, outWidth]), as
 * `tunelens train --backbone` produces: the backbone's vectors are mapped into a space trained
 * for this catalogue without touching the backbone.
 */
export class ProjectionHead {
  private constructor(
    private readonly dir: string,
    private readonly session: ort.InferenceSession,
    private readonly spec: Projection,
    readonly inWidth: number,
    readonly outWidth: number,
  ) {}

  static async open(dir: string, spec: Projection, inWidth: number, outWidth: number, threads?: number): Promise<ProjectionHead> {
    const session = await openOnnxSession(dir, spec.onnx, threads);
    try {
      requireIo(dir, `projection ${spec.onnx}`, session, [spec.input], [spec.output]);
    } catch (err) {
      await session.release();
      throw err;
    }
    return new ProjectionHead(dir, session, spec, inWidth, outWidth);
  }

  /** Projects `rows` vectors packed back to back. */
  async apply(packed: Float32Array, rows: number): Promise<Float32Array> {
    const input = new ort.Tensor("float32", packed, [rows, this.inWidth]);
    return runRows(this.dir, `projection ${this.spec.onnx}`, this.session, { [this.spec.input]: input }, this.spec.output, rows, this.outWidth);
  }

  close(): Promise<void> {
    return this.session.release();
  }
}
