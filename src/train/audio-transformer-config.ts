/**
 * A small transformer over log-mel patches, the alternative audio tower of issue #15's
 * "audio architecture" lever: the window is cut into patches of `patchMels` bands × `patchFrames`
 * frames (AST-style), each patch is projected to `width`, a learned position is added, and
 * `layers` pre-LayerNorm blocks (multi-head self-attention, ReLU MLP) mix them. The tokens are
 * pooled like the CNN's (mean ⊕ max) so the projection and everything after it are shared.
 * LayerNorm instead of BatchNorm: no running statistics, and batch-independent at serving time.
 */
export interface AudioTransformerConfig {
  patchMels: number;
  patchFrames: number;
  layers: number;
  width: number;
  heads: number;
  /** hidden width of each block's MLP */
  mlp: number;
}

export const DEFAULT_AUDIO_TRANSFORMER: AudioTransformerConfig = { patchMels: 16, patchFrames: 8, layers: 2, width: 128, heads: 4, mlp: 256 };

export const LN_EPSILON = 1e-5;

export interface PatchGrid {
  /** patches along frequency and time; tokens = bands × steps, frequency-major */
  bands: number;
  steps: number;
  tokens: number;
  /** values per patch */
  size: number;
}

/** The patch grid of a window; the window must divide into whole patches. */
export function patchGrid(nMels: number, windowFrames: number, c: AudioTransformerConfig): PatchGrid {
  if (nMels % c.patchMels !== 0 || windowFrames % c.patchFrames !== 0) {
    throw new Error(`audio transformer: a ${nMels}×${windowFrames} window does not divide into ${c.patchMels}×${c.patchFrames} patches`);
  }
  if (c.width % c.heads !== 0) throw new Error(`audio transformer: width ${c.width} does not divide into ${c.heads} heads`);
  const bands = nMels / c.patchMels;
  const steps = windowFrames / c.patchFrames;
  return { bands, steps, tokens: bands * steps, size: c.patchMels * c.patchFrames };
}
