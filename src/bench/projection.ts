/** A cost measured at two catalog sizes, extrapolated through both points. */
export interface Projection {
  metric: string;
  /**
   * power: value ∝ tracks^b (sizes grow linearly, builds with n log n, exact scans linearly);
   * log: value = a + c · ln(tracks) (an HNSW search visits O(log n) graph layers, so its latency
   * grows with the logarithm of the catalog while the index stays in memory)
   */
  model: "power" | "log";
  measured: Array<{ tracks: number; value: number }>;
  /** power: the exponent b; log: the value added per tenfold catalog growth */
  exponent: number;
  projected: Array<{ tracks: number; value: number }>;
}

type Point = { tracks: number; value: number };

function checkSizes(metric: string, a: Point, b: Point): void {
  if (!(a.tracks > 0 && b.tracks > a.tracks)) throw new Error(`projection of ${metric} needs two increasing catalog sizes`);
}

/**
 * value(n) = v1 · (n / n1)^b with b = log(v2/v1) / log(n2/n1). Two points fix a power law exactly;
 * that is all a 10k→100k run supports, so the result is labelled a projection, not a measurement.
 */
export function projectPowerLaw(metric: string, a: Point, b: Point, targets: readonly number[]): Projection {
  checkSizes(metric, a, b);
  const exponent = a.value > 0 && b.value > 0 ? Math.log(b.value / a.value) / Math.log(b.tracks / a.tracks) : 0;
  return {
    metric,
    model: "power",
    measured: [a, b],
    exponent,
    projected: targets.map((tracks) => ({ tracks, value: b.value * (tracks / b.tracks) ** exponent })),
  };
}

/** value(n) = v2 + c · log10(n / n2), c fitted through both points (the value added per 10×). */
export function projectLogarithmic(metric: string, a: Point, b: Point, targets: readonly number[]): Projection {
  checkSizes(metric, a, b);
  const perDecade = (b.value - a.value) / Math.log10(b.tracks / a.tracks);
  return {
    metric,
    model: "log",
    measured: [a, b],
    exponent: perDecade,
    projected: targets.map((tracks) => ({ tracks, value: b.value + perDecade * Math.log10(tracks / b.tracks) })),
  };
}
