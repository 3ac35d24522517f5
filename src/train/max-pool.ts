import * as tf from "@tensorflow/tfjs";

/**
 * 2×2 / stride-2 "valid" max-pool (NHWC) with a gradient built from broadcast ops: the WASM
 * backend's MaxPoolGrad is a naive loop and was the single most expensive kernel of a training
 * step (broadcasting over a rank-5 view was slower still). The gradient goes to every position equal to its window's max; exact ties only occur at
 * ReLU zeros, whose own gradient is zero, so this matches tfjs's one-winner rule in practice.
 */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
    const y = tf.maxPool(xi, 2, 2, "valid");
    save([xi, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [xs, ys] = saved as [tf.Tensor4D, tf.Tensor4D];
        const [b, h, w, c] = xs.shape;
        const [, ho, wo] = ys.shape;
        // Nearest-neighbour 2× upsampling puts each window's max and upstream gradient on its four
        // cells; odd trailing rows/columns are dropped by "valid" pooling and get no gradient.
        const size: [number, number] = [2 * ho, 2 * wo];
        const even = h === 2 * ho && w === 2 * wo ? xs : tf.slice(xs, [0, 0, 0, 0], [b, 2 * ho, 2 * wo, c]);
        const mask = tf.cast(tf.equal(even, tf.image.resizeNearestNeighbor(ys, size)), "float32");
        const spread = tf.mul(mask, tf.image.resizeNearestNeighbor(dy, size));
        return even === xs ? spread : tf.pad(spread, [[0, 0], [0, h - 2 * ho], [0, w - 2 * wo], [0, 0]]);
      },
    };
  });
  return f(x) as tf.Tensor4D;
}
