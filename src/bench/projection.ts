/** A cost measured at two catalog sizes, extrapolated by the power law through both points. */
export interface Projection {
  metric: string;
  measured: Array<{ tracks: number; value: number }>;
  /** exponent b of value ∝ tracks^b fitted through the two measurements */
  exponent: number;
  projected: Array<{ tracks: number; value: number }>;
}

/**
 * value(n) = v1 · (n / n1)^b with b = log(v2/v1) / log(n2/n1). Two points fix a power law exactly;
 * that is all a 10k→100k run supports, so the result is labelled a projection, not a measurement.
 * (HNSW search grows roughly with log n, builds with n log n, sizes linearly: b shows which.)
 */
export function projectPowerLaw(metric: string, a: { tracks: number; value: number }, b: { tracks: number; value: number }, targets: readonly number[]): Projection {
  if (!(a.tracks > 0 && b.tracks > a.tracks)) throw new Error(`projection of ${metric} needs two increasing catalog sizes`);
  const exponent = a.value > 0 && b.value > 0 ? Math.log(b.value / a.value) / Math.log(b.tracks / a.tracks) : 0;
  return {
    metric,
    measured: [a, b],
    exponent,
    projected: targets.map((tracks) => ({ tracks, value: b.value * (tracks / b.tracks) ** exponent })),
  };
}
