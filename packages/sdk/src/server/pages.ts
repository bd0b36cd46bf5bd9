/** A page of any REST list: its items and the cursor of the next page (`null` on the last one). */
export interface Page<Item> {
  items: Item[]
  next: string | null
}

/**
 * Every item of a REST list, fetching page after page while `next` is not `null`. `fetchPage` gets
 * the cursor (`undefined` for the first page) and passes it in the list's cursor parameter.
 *
 * @example
 * ```ts
 * for await (const user of eachItem((after) => api.users.list({ limit: 200, after }))) console.log(user.id)
 * for await (const event of eachItem((beforeSeq) => api.conversations.listMessages(id, { beforeSeq: beforeSeq === undefined ? undefined : Number(beforeSeq) }))) …
 * ```
 */
export async function* eachItem<Item>(fetchPage: (cursor: string | undefined) => Promise<Page<Item>>, options: { maxPages?: number } = {}): AsyncGenerator<Item, void, undefined> {
  let cursor: string | undefined
  const seen = new Set<string>()
  for (let page = 0; page < (options.maxPages ?? Number.POSITIVE_INFINITY); page += 1) {
    const { items, next } = await fetchPage(cursor)
    yield* items
    // A cursor that comes back twice would loop for ever: stop instead.
    if (next === null || seen.has(next)) return
    seen.add(next)
    cursor = next
  }
}
