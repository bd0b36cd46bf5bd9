/** Runs `work` over `items` with at most `limit` at once; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      signal?.throwIfAborted()
      const index = next++
      results[index] = await work(items[index]!, index)
    }
  })
  await Promise.all(lanes)
  return results
}
