/**
 * Reciprocal rank fusion: each list contributes `1 / (k + rank)` (rank from 1) to an item's score,
 * so items ranked well by several retrievers rise without comparing their raw scores.
 *
 * @example
 * ```ts
 * reciprocalRankFusion([['a', 'b'], ['b', 'c']], (id) => id) // [{ item: 'b', score: 0.0325... }, ...]
 * ```
 */
export function reciprocalRankFusion<Item>(lists: Item[][], key: (item: Item) => string, k = 60): { item: Item; score: number }[] {
  const fused = new Map<string, { item: Item; score: number }>()
  for (const list of lists) {
    list.forEach((item, index) => {
      const id = key(item)
      const entry = fused.get(id) ?? { item, score: 0 }
      entry.score += 1 / (k + index + 1)
      fused.set(id, entry)
    })
  }
  return [...fused.values()].sort((a, b) => b.score - a.score)
}
