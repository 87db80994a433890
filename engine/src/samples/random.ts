/** A reproducible source of numbers in [0, 1): every sample is a pure function of its seed. */
export type Random = () => number;

/** A small LCG (Park–Miller): reproducible, no dependency. */
export function prng(seed: number): Random {
  let state = (Math.abs(Math.floor(seed)) % 2147483646) + 1;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

/** An integer in [low, high] (both inclusive). */
export const randomInt = (random: Random, low: number, high: number): number =>
  low + Math.floor(random() * (high - low + 1));

export const pick = <T>(list: readonly T[], random: Random): T => list[Math.floor(random() * list.length)];

/** A seed for a faker instance or a child generator, drawn from `random`. */
export const childSeed = (random: Random): number => Math.floor(random() * 2147483646) + 1;
