/** Seeded uniform numbers in (0, 1) for tests (a linear congruential generator). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}

/** A standard normal draw from uniform numbers (Box-Muller). */
export const gauss = (u: () => number): number =>
  Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
