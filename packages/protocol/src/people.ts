import { z } from 'zod'
import { UserId } from './ids.js'

/**
 * One entry of the people directory a chat user may search (`GET /api/v1/apps/{appId}/people`):
 * what the chat app shows about another user of the same app, and nothing more.
 */
export const Person = z.object({
  id: UserId,
  name: z.string(),
  avatarUrl: z.string().nullable(),
  isBot: z.boolean(),
})
/** One entry of the people directory. */
export type Person = z.infer<typeof Person>

/**
 * The people directory query: `q` matches names and ids (any case); `ids` (comma-separated, up to
 * 100) looks up known users instead; `limit` 1–50, 20 by default.
 */
export const PeopleQuery = z.object({
  q: z.string().trim().max(64).optional(),
  ids: z
    .string()
    .max(100 * 129)
    .transform((value) => [...new Set(value.split(',').map((id) => id.trim()).filter(Boolean))])
    .pipe(z.array(UserId).max(100))
    .optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
})
/** The people directory query, as parsed. */
export type PeopleQuery = z.infer<typeof PeopleQuery>

/**
 * The people directory's answer, by name: the list envelope `{ items, next }` (one page: `next` is
 * always `null`), with the deprecated `people` key beside it until 0.3.0 (docs/decisions.md).
 */
export const PeopleResponse = z.object({
  items: z.array(Person),
  next: z.null(),
  people: z.array(Person).optional().meta({ deprecated: true, description: 'Deprecated: the same array as `items`; removed in 0.3.0.' }),
})
/** The people directory's answer. */
export type PeopleResponse = z.infer<typeof PeopleResponse>
