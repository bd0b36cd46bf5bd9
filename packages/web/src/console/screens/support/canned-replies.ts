import type { CannedReply } from './support-types.js'

/** The `/shortcut` being typed at the end of a draft: where it starts and what follows the slash. */
export interface ShortcutQuery {
  start: number
  query: string
}

/**
 * The shortcut being typed: a `/` at the start of the draft or after a space or line break, then
 * letters, digits, `-` or `_` up to the caret. `https://x` is not a shortcut.
 */
export function shortcutAt(draft: string, caret: number = draft.length): ShortcutQuery | undefined {
  const before = draft.slice(0, caret)
  const match = /(^|\s)\/([\p{L}\p{N}_-]*)$/u.exec(before)
  if (!match) return undefined
  return { start: before.length - match[2]!.length - 1, query: match[2]! }
}

/** Canned replies whose shortcut starts with the query (then those that contain it), at most `limit`. */
export function matchCanned(replies: readonly CannedReply[], query: string, limit = 6): CannedReply[] {
  const needle = query.toLowerCase()
  const starts = replies.filter((reply) => reply.shortcut.toLowerCase().startsWith(needle))
  const contains = replies.filter((reply) => !starts.includes(reply) && (reply.shortcut.toLowerCase().includes(needle) || (needle.length >= 2 && reply.text.toLowerCase().includes(needle))))
  return [...starts, ...contains].slice(0, limit)
}

/** The draft with the `/shortcut` replaced by the reply's text, and where the caret goes. */
export function insertCanned(draft: string, at: ShortcutQuery, reply: CannedReply, caret: number = draft.length): { text: string; caret: number } {
  const text = `${draft.slice(0, at.start)}${reply.text}${draft.slice(caret)}`
  return { text, caret: at.start + reply.text.length }
}
