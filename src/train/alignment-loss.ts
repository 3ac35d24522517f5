import * as tf from "@tensorflow/tfjs";

/**
 * Alignment regularisation (issue #6): pulls each clip's audio embedding toward the centroids of
 * its labels' clusters (src/labels/label-clustering.ts) and away from the other centroids, so
 * that a mood word scores tracks by the cluster it belongs to even when the word itself never
 * appeared in a caption. Cross-entropy of softmax(scale · audio·centroidsᵀ) against the clip's
 * labels spread evenly over their clusters; clips without labels do not count.
 *
 * `audio` [n, d] and `centroids` [k, d] are expected unit-length (cosine logits); `targets`
 * [n, k] marks each clip's clusters with 1. Returns 0 when no clip has a label.
 */
export function alignmentLoss(audio: tf.Tensor2D, centroids: tf.Tensor2D, targets: tf.Tensor2D, logScale: tf.Scalar | tf.Tensor | number): tf.Scalar {
  return tf.tidy(() => {
    const scale = typeof logScale === "number" ? Math.exp(logScale) : tf.exp(logScale);
    const logits = tf.mul(tf.matMul(audio, centroids, false, true), scale) as tf.Tensor2D;
    const counts = tf.sum(targets, 1, true);
    const labelled = tf.cast(tf.greater(counts, 0), "float32");
    const spread = tf.div(targets, tf.maximum(counts, 1));
    const perClip = tf.neg(tf.sum(tf.mul(spread, tf.logSoftmax(logits, 1)), 1, true));
    const n = tf.sum(labelled);
    return tf.div(tf.sum(tf.mul(perClip, labelled)), tf.maximum(n, 1)) as tf.Scalar;
  });
}

/** Fixed softmax sharpness over centroids: cosines span [-1, 1], so ×10 (CLIP's starting scale) separates them. */
export const ALIGNMENT_LOG_SCALE = Math.log(10);

/** What the trainer needs to add the alignment term: centroids and each clip's cluster indices. */
export interface AlignmentTargets {
  /** unit vectors of the label clusters, in the shared space */
  centroids: Float32Array[];
  /** cluster indices of a training clip (by TrainItem.key); empty = the clip does not count */
  clustersOf(key: string): readonly number[];
}

/** The [n, k] target matrix of a batch of clips. */
export function alignmentTargetMatrix(keys: readonly string[], alignment: AlignmentTargets): tf.Tensor2D {
  const k = alignment.centroids.length;
  const data = new Float32Array(keys.length * k);
  keys.forEach((key, i) => {
    for (const c of alignment.clustersOf(key)) if (c >= 0 && c < k) data[i * k + c] = 1;
  });
  return tf.tensor2d(data, [keys.length, k]);
}
