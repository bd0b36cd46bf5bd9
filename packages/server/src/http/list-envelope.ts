import { z } from 'zod'

/**
 * The release that removes the deprecated list keys (`users`, `bots`, `documents`, `deliveries`,
 * `members`, `hasMore`, …) kept beside `items`/`next` for one minor version; see docs/decisions.md.
 */
export const LEGACY_LIST_KEYS_REMOVED_IN = '0.3.0'

/** The answer of every REST list: the page's `items` and the cursor of the next page (`null` at the end). */
export interface ListPage<T> {
  items: T[]
  next: string | null
}

/**
 * Answers a list as `{ items, next }`, plus the deprecated key it used to be answered under (the
 * same array, not a copy), so clients that read the old key keep working until
 * {@link LEGACY_LIST_KEYS_REMOVED_IN}.
 *
 * @example
 * ```ts
 * listPage(bots, null, 'bots') // { items: bots, next: null, bots }
 * ```
 */
export function listPage<T, K extends string>(items: T[], next: string | number | null, legacyKey?: K): ListPage<T> & Record<K, T[]> {
  const page = { items, next: next === null ? null : String(next) } as ListPage<T> & Record<K, T[]>
  if (legacyKey) (page as Record<string, unknown>)[legacyKey] = items
  return page
}

/** The `next` field's schema: an opaque cursor to pass back, or `null` on the last page. */
export const NextCursor = z
  .string()
  .nullable()
  .describe('The cursor of the next page: pass it back to get that page (its query parameter is named in the operation), or `null` on the last page.')

/**
 * The response schema of a list answered by {@link listPage}: `items` and `next`, and the legacy key
 * marked `deprecated` in the API document. `extra` adds fields a list answers beside (e.g. `hasMore`).
 */
export function listSchema<Item extends z.ZodType>(item: Item, options: { legacyKey?: string; extra?: Record<string, z.ZodType> } = {}) {
  const legacy = options.legacyKey
    ? { [options.legacyKey]: z.array(item).optional().meta({ deprecated: true, description: `Deprecated: the same array as \`items\`; removed in ${LEGACY_LIST_KEYS_REMOVED_IN}.` }) }
    : {}
  return z.object({ items: z.array(item), next: NextCursor, ...legacy, ...options.extra })
}
