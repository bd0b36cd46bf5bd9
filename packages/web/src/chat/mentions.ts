/** A member the composer can mention: the user id goes into `mentions`, the name into the text. */
export interface Mentionable {
  id: string
  name: string
}

/**
 * The `@word` being typed at the caret, if any: where its `@` is and the text after it. An `@`
 * counts at the start or after white space (so an e-mail address does not open the list).
 */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | undefined {
  const match = /(^|\s)@([^\s@]{0,32})$/u.exec(text.slice(0, caret))
  if (!match) return undefined
  return { start: match.index + match[1]!.length, query: match[2]! }
}

/** Members whose name (or id) matches what was typed after `@`: prefix matches of a word first, then anywhere in the name. */
export function matchMembers(members: readonly Mentionable[], query: string, limit = 8): Mentionable[] {
  const needle = query.toLocaleLowerCase()
  const rank = (member: Mentionable): number => {
    const name = member.name.toLocaleLowerCase()
    const id = member.id.toLocaleLowerCase()
    if (name.startsWith(needle) || id.startsWith(needle)) return 0
    if (name.split(/\s+/u).some((word) => word.startsWith(needle))) return 1
    if (name.includes(needle)) return 2
    return -1
  }
  return members
    .map((member) => ({ member, rank: rank(member) }))
    .filter((entry) => entry.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.member.name.localeCompare(b.member.name))
    .slice(0, limit)
    .map((entry) => entry.member)
}

/** Replaces the `@query` at `start` with `@Name ` and gives the new text and caret. */
export function insertMention(text: string, caret: number, start: number, member: Mentionable): { text: string; caret: number } {
  const inserted = `@${member.name} `
  return { text: text.slice(0, start) + inserted + text.slice(caret).replace(/^ /u, ''), caret: start + inserted.length }
}

/** The ids of the picked members whose `@Name` is still in the text (deleted mentions are not sent). */
export function mentionsIn(text: string, picked: readonly Mentionable[]): string[] {
  const ids = new Set<string>()
  for (const member of picked) if (text.includes(`@${member.name}`)) ids.add(member.id)
  return [...ids]
}
