/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence, so a chaos run's drop
 * schedule can be replayed with `CHAOS_SEED=<seed>`.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The seed of this run: `CHAOS_SEED` when set, else a fresh one (printed by the test). */
export function chaosSeed(): number {
  const given = process.env.CHAOS_SEED
  return given ? Number(given) : Math.floor(Math.random() * 2 ** 31)
}
