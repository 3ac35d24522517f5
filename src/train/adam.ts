import * as tf from "@tensorflow/tfjs";

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** decoupled weight decay (AdamW); skipped for 1-d tensors (biases, BatchNorm, scales) */
  weightDecay?: number;
}

/**
 * Adam with its whole state (moments + step count) in plain tensors we own, so a checkpoint can
 * save and restore it exactly; tfjs's built-in optimizer keeps bias-correction powers privately.
 */
export class Adam {
  readonly m = new Map<string, tf.Variable>();
  readonly v = new Map<string, tf.Variable>();
  step = 0;
  lr: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;

  constructor(vars: Map<string, tf.Variable>, options: AdamOptions) {
    this.lr = options.lr;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    for (const [name, variable] of vars) {
      this.m.set(name, tf.tidy(() => tf.variable(tf.zerosLike(variable), false)));
      this.v.set(name, tf.tidy(() => tf.variable(tf.zerosLike(variable), false)));
    }
  }

  apply(vars: Map<string, tf.Variable>, grads: Record<string, tf.Tensor>): void {
    this.step += 1;
    const c1 = 1 - this.beta1 ** this.step;
    const c2 = 1 - this.beta2 ** this.step;
    tf.tidy(() => {
      for (const [name, variable] of vars) {
        const g = grads[name];
        if (!g) continue;
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1)));
        v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2)));
        const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), this.epsilon));
        let next = tf.sub(variable, tf.mul(update, this.lr));
        if (this.weightDecay > 0 && variable.rank > 1) {
          next = tf.sub(next, tf.mul(variable, this.lr * this.weightDecay));
        }
        variable.assign(next);
      }
    });
  }

  dispose(): void {
    for (const t of this.m.values()) t.dispose();
    for (const t of this.v.values()) t.dispose();
  }
}
