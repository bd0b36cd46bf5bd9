/** A variant to assign, with its relative weight. */
export interface WeightedVariant {
  id: string
  weight: number
}

/** FNV-1a (32-bit) of a string: a fast, stable hash (the same on every node and every release). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash >>> 0
}

/**
 * The variant a user gets, sticky: the same (bot, user) always lands in the same bucket, and
 * buckets are split in proportion to the weights. Changing weights moves only the users whose
 * bucket crosses a boundary. Undefined when no variant has a positive weight.
 *
 * @example
 * ```ts
 * assignVariant('helper', 'alice', [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }]) // 'a' or 'b', always the same
 * ```
 */
export function assignVariant(botId: string, userId: string, variants: readonly WeightedVariant[]): string | undefined {
  const total = variants.reduce((sum, variant) => sum + Math.max(0, variant.weight), 0)
  if (total <= 0) return undefined
  // A second mixing round spreads consecutive ids ("user-1", "user-2") evenly over the buckets.
  const bucket = (fnv1a(`${fnv1a(`${botId}\u0000${userId}`)}:${userId}`) / 0x1_0000_0000) * total
  let edge = 0
  for (const variant of variants) {
    edge += Math.max(0, variant.weight)
    if (bucket < edge) return variant.id
  }
  return variants.filter((variant) => variant.weight > 0).at(-1)?.id
}
