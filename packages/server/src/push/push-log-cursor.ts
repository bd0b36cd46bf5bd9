import { z } from 'zod'

/** Where the push delivery log's next page starts: before this creation time, and at that time before this job id. */
export interface PushLogCursor {
  createdAt: number
  /** Absent for a creation time alone (the cursor earlier versions answered). */
  id?: string
}

/**
 * The `before` query parameter of `GET …/push/deliveries`: the previous page's `next`, which is
 * `<createdAt>.<job id>` of its last row, or a creation time alone as earlier versions answered.
 * Anything else is `validation_failed`.
 */
export const PushLogCursorParam = z
  .string()
  .regex(/^\d{1,15}(\.[A-Za-z0-9_-]{1,64})?$/, 'must be the `next` of the previous page')
  .transform((value): PushLogCursor => {
    const [createdAt, id] = value.split('.')
    return { createdAt: Number(createdAt), ...(id ? { id } : {}) }
  })
  .describe('The `next` of the previous page (an opaque cursor; a creation time in epoch ms is accepted too).')
