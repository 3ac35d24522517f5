import * as tf from "@tensorflow/tfjs";

/**
 * Multi-positive InfoNCE over a similarity matrix. `positives[i][j] = 1` marks pair (i, j) as a
 * positive; each row's target distribution spreads evenly over its positives (SemiSupCon). With
 * the identity mask this is exactly CLIP's cross-entropy. Symmetric: rows (a→b) and columns
 * (b→a) are averaged. Every row and column needs at least one positive.
 */
export function multiPositiveInfoNce(
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  positives: tf.Tensor2D,
  logScale: tf.Scalar | tf.Tensor,
): tf.Scalar {
  return tf.tidy(() => {
    const logits = tf.mul(tf.matMul(a, b, false, true), tf.exp(logScale)) as tf.Tensor2D;
    const rowTargets = tf.div(positives, tf.sum(positives, 1, true));
    const colTargets = tf.div(positives, tf.sum(positives, 0, true));
    const rowLoss = tf.neg(tf.sum(tf.mul(rowTargets, tf.logSoftmax(logits, 1)), 1));
    // Column j is a softmax over rows i; transposing makes it a row softmax again.
    const colLoss = tf.neg(tf.sum(tf.mul(tf.transpose(colTargets), tf.logSoftmax(tf.transpose(logits), 1)), 1));
    return tf.mul(tf.add(tf.mean(rowLoss), tf.mean(colLoss)), 0.5) as tf.Scalar;
  });
}

/** CLIP's symmetric InfoNCE: pair i of `a` and `b` is the only positive of row/column i. */
export function infoNce(a: tf.Tensor2D, b: tf.Tensor2D, logScale: tf.Scalar | tf.Tensor): tf.Scalar {
  return tf.tidy(() => multiPositiveInfoNce(a, b, tf.eye(a.shape[0], b.shape[0]) as tf.Tensor2D, logScale));
}

/** Positive mask [n, m] from a predicate (same item, same caption, shared label, ...). */
export function positiveMask(n: number, m: number, positive: (i: number, j: number) => boolean): tf.Tensor2D {
  const data = new Float32Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) data[i * m + j] = positive(i, j) ? 1 : 0;
  return tf.tensor2d(data, [n, m]);
}
