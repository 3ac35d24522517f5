/**
 * How well a track's tempo matches an asked-for tempo, in [0, 1]. Tempo is compared on a log
 * scale (a 4 bpm miss matters more at 70 bpm than at 170), with a Gaussian kernel of
 * TEMPO_SIGMA_OCTAVES; half and double time earn partial credit, because beat trackers
 * (ours included) often lock onto the wrong metrical level, and a 64 bpm estimate of a 128 bpm
 * track is weak evidence for 128, not against it.
 */

/** ≈ 4 % of the tempo: 128 vs 124 bpm → 0.75, vs 120 → 0.30, vs 110 → 0. */
export const TEMPO_SIGMA_OCTAVES = 0.06;
/** credit factor for a track estimated at half or double the asked tempo */
export const OCTAVE_ERROR_CREDIT = 0.5;

/** Beyond 3σ (≈ 13 % off) a tempo is simply different: exactly no credit, not a vanishing tail. */
function kernel(octaves: number): number {
  if (octaves > 3 * TEMPO_SIGMA_OCTAVES) return 0;
  return Math.exp(-0.5 * (octaves / TEMPO_SIGMA_OCTAVES) ** 2);
}

export function tempoAgreement(wantedBpm: number, trackBpm: number | null): number {
  if (trackBpm == null || !(trackBpm > 0) || !(wantedBpm > 0)) return 0;
  const d = Math.abs(Math.log2(trackBpm / wantedBpm));
  return Math.max(kernel(d), OCTAVE_ERROR_CREDIT * kernel(Math.abs(d - 1)));
}
