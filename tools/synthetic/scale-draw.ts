/** The seeded draws of the national-scale set: one stream of numbers, so a seed gives one set. */
import { random } from './generate';

export interface Draw {
  rnd: () => number;
  /** A whole number from 0 to n - 1. */
  int: (n: number) => number;
  /** A whole number from lo to hi, both included. */
  between: (lo: number, hi: number) => number;
}

export function drawFrom(seed: number): Draw {
  const rnd = random(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  return { rnd, int, between: (lo, hi) => lo + int(hi - lo + 1) };
}

/** Index of the first cumulative weight above r: a weighted pick in O(log n). */
export function pickCumulative(cumulative: Float64Array, r: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  const target = r * (cumulative[hi] ?? 0);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] ?? 0) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function cumulativeOf(weights: number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}
