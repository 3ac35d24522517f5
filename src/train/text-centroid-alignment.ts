import * as tf from "@tensorflow/tfjs";
import type { AlignmentTargets } from "./alignment-loss.ts";
import { textForward, type DualEncoderParams } from "./model.ts";

/**
 * Alignment targets whose centroids come from the text tower being trained: each label cluster
 * is a set of text-feature rows (its words), its centroid the normalised mean of their
 * embeddings. `refresh` recomputes them with the current weights (the pipeline calls it before
 * training and after every epoch), so audio is pulled toward where the words are now, not where
 * a previous model put them.
 */
export class TextCentroidAlignment implements AlignmentTargets {
  centroids: Float32Array[] = [];

  constructor(
    /** text-feature rows of each cluster's words */
    private readonly clusterRows: readonly (readonly number[])[],
    /** cluster indices of each training clip, by TrainItem.key */
    private readonly byKey: ReadonlyMap<string, readonly number[]>,
  ) {}

  clustersOf(key: string): readonly number[] {
    return this.byKey.get(key) ?? [];
  }

  refresh(params: DualEncoderParams, text: readonly Float32Array[]): void {
    this.centroids = this.clusterRows.map((rows) =>
      tf.tidy(() => {
        const x = tf.tensor2d(rows.map((r) => Array.from(text[r])));
        const mean = tf.mean(textForward(params, x), 0);
        return tf.div(mean, tf.maximum(tf.norm(mean), 1e-8)).dataSync() as Float32Array;
      }),
    );
  }
}
