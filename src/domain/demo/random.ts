/**
 * A seeded pseudo-random number generator for the demo generator (no
 * Math.random anywhere: the same seed gives the same organisation).
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded through
 * a string hash so that independent streams can be derived from one seed
 * (`rng(seed, "seller", 17)`); each salesperson gets their own stream, so the
 * generator can produce one salesperson at a time and stay deterministic.
 */

/** 32-bit string hash (cyrb53-style mixing, two lanes). */
function hashParts(parts: readonly (string | number)[]): [number, number, number, number] {
  const s = parts.join("\u0001");
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0, (h1 ^ 0x9e3779b9) >>> 0, (h2 ^ 0x85ebca6b) >>> 0];
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...parts: (string | number)[]) {
    [this.a, this.b, this.c, this.d] = hashParts(parts);
    for (let i = 0; i < 15; i++) this.next32();
  }

  next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.next32() / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.next() * total;
    for (const [v, w] of items) {
      x -= w;
      if (x < 0) return v;
    }
    return items[items.length - 1][0];
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and shape σ (lumpy, right-skewed amounts). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Gamma with an integer shape k and the given mean (a sum of k exponentials): less skewed than one. */
  gamma(shape: number, mean: number): number {
    let x = 0;
    for (let i = 0; i < shape; i++) x += this.exponential(mean / shape);
    return x;
  }

  /** Poisson count (Knuth for small means, a rounded normal for large ones). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

const hex = (n: number, digits: number) => n.toString(16).padStart(digits, "0");

/**
 * The ids of one demo organisation: RFC 9562 version-8 UUIDs whose first 48
 * bits count the ids drawn (in drawing order), so the writer's COPY appends
 * each table's rows at the right edge of its primary-key and foreign-key
 * btrees instead of inserting at random pages (issue 14). The other 74 bits
 * are the seller's stream's draws — four, as a version-4 UUID would take, so
 * every other figure drawn after an id stays the same — XOR a hash of the
 * organisation's slug: two demo organisations (another slug, or another seed)
 * do not share ids even though their counters do.
 *
 * Layout: counter (48) · version 8 (4) · 12 bits of draw 2 · variant 0b10 (2)
 * · 14 + 16 bits of draw 3 · draw 4. Draw 1 and the high half of draw 2 are
 * covered by the counter.
 */
export class DemoIds {
  private count: number;
  private readonly salt: readonly number[];

  /** `start`: the counter of the first id (the rows' ids follow the people's). */
  constructor(slug: string, start = 0) {
    this.salt = hashParts(["demo ids", slug]);
    this.count = start;
  }

  next(rng: Pick<Rng, "next32">): string {
    const n = this.count++;
    rng.next32();
    const b = (rng.next32() ^ this.salt[1]) >>> 0;
    const c = (rng.next32() ^ this.salt[2]) >>> 0;
    const d = (rng.next32() ^ this.salt[3]) >>> 0;
    const counter = hex(n, 12);
    const variant = ((c >>> 16) & 0x3fff) | 0x8000;
    return `${counter.slice(0, 8)}-${counter.slice(8)}-8${hex(b & 0xfff, 3)}-${hex(variant, 4)}-${hex(c & 0xffff, 4)}${hex(d, 8)}`;
  }
}

/** Inverse of the standard normal CDF (Acklam's rational approximation), for rank-based quantiles. */
export function probit(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - lo) return -probit(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * Yes/no outcomes that keep pace with their probabilities: each call adds p to
 * a running credit and says yes when the credit passes 1 (error diffusion,
 * starting at a random credit). Any run of n calls says yes Σp ± 1 times, so a
 * salesperson's conversions over a quarter are what their true rates give,
 * not a coin's luck; one call still says yes with probability p.
 */
export class Pacer {
  private credit: number;
  constructor(rng: Rng) {
    this.credit = rng.next();
  }
  chance(p: number): boolean {
    this.credit += p;
    if (this.credit < 1) return false;
    this.credit -= 1;
    return true;
  }
}

/**
 * Evenly spread numbers in [0, 1): the golden-ratio sequence from a random
 * start. Any few consecutive values cover [0, 1) about evenly, so a handful of
 * draws through it (a quarter's won deal sizes) has the distribution's mean
 * without its luck.
 */
export class Spread {
  private x: number;
  constructor(rng: Rng) {
    this.x = rng.next();
  }
  next(): number {
    this.x = (this.x + 0.6180339887498949) % 1;
    return this.x;
  }
}

/** The item whose cumulative weight covers the fraction u (0 ≤ u < 1) of the total. */
export function weightedAt<T>(items: readonly (readonly [T, number])[], u: number): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let x = u * total;
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1][0];
}
