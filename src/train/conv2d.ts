import * as tf from "@tensorflow/tfjs";

/*
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, and its Conv2DBackpropInput is a
 * naive loop ~5-10× slower than the XNNPACK forward convolution. For stride-1 "same" 3×3 convs
 * both gradients are themselves forward convolutions, so we route them through XNNPACK too.
 */

/**
 * dW[i, j, ci, co] = Σ_{b,h,w} x_pad[b, h+i, w+j, ci] · dy[b, h, w, co]: a "valid" convolution
 * of x_pad (channels as batch, batch as channels) with dy (pixels as the kernel).
 */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number): tf.Tensor4D {
  return tf.tidy(() => {
    const ph = (kh - 1) / 2;
    const pw = (kw - 1) / 2;
    const xp = tf.pad(x, [[0, 0], [ph, ph], [pw, pw], [0, 0]]);
    const input = tf.transpose(xp, [3, 1, 2, 0]) as tf.Tensor4D; // [Cin, H+2p, W+2p, B]
    const kernel = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [H, W, B, Cout]
    return tf.transpose(tf.conv2d(input, kernel, 1, "valid"), [1, 2, 0, 3]) as tf.Tensor4D;
  });
}

/** dx of a stride-1 "same" conv: dy convolved with the 180°-rotated, in/out-swapped filter. */
export function conv2dInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(dy, flipped, 1, "same");
  });
}

/**
 * Stride-1, "same"-padded NHWC conv2d (odd kernel sizes) whose backward pass runs on XNNPACK.
 * `inputNeedsGrad: false` (the first layer, fed with data) skips the input gradient entirely.
 */
export function conv2dSame(x: tf.Tensor4D, filter: tf.Tensor4D, inputNeedsGrad = true): tf.Tensor4D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xt, wt, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([xt, wt]);
    return {
      value: tf.conv2d(xt, wt, 1, "same"),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        const d = dy as tf.Tensor4D;
        return [
          inputNeedsGrad ? conv2dInputGrad(d, ws) : tf.zerosLike(xs),
          conv2dFilterGrad(xs, d, ws.shape[0], ws.shape[1]),
        ];
      },
    };
  });
  return f(x, filter) as tf.Tensor4D;
}
