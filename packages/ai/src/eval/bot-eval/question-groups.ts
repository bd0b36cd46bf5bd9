import { toQueryTerms } from '../../knowledge/tokenize/tokenize.js'

/** A question to group, with whatever the caller wants back. */
export interface GroupableQuestion<T> {
  question: string
  value: T
}

/** Questions that ask much the same thing. */
export interface QuestionGroup<T> {
  /** The question most like the others of the group (its medoid). */
  representative: string
  /** The content words the group's questions share most. */
  terms: string[]
  members: GroupableQuestion<T>[]
}

function termsOf(question: string): Set<string> {
  return new Set(toQueryTerms(question).map((term) => term.term))
}

const LATIN_TERM = /^[a-z0-9]+$/

/** Whether two terms are the same word: equal, or one Latin word a prefix of the other ("pay", "payment"). */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true
  if (!LATIN_TERM.test(a) || !LATIN_TERM.test(b)) return false
  const [short, long] = a.length <= b.length ? [a, b] : [b, a]
  return short.length >= 3 && long.startsWith(short)
}

/** Shared words over the smaller question's words (the overlap coefficient): a short question inside a long one counts. */
function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return a.size === b.size ? 1 : 0
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let shared = 0
  for (const term of small) if (large.has(term) || [...large].some((other) => sameWord(term, other))) shared++
  return shared / small.size
}

/**
 * Groups questions lexically (no model needed, so it works offline): each question becomes its
 * search terms (stemmed words; CJK bigrams), and two questions are linked when their terms
 * share at least `threshold` of the shorter one's words (the overlap coefficient; a Latin word and its longer forms count as one, "pay" and "payment"). Groups are the connected questions; the largest
 * come first, then by their first question. Deterministic for a given input order.
 *
 * @example
 * ```ts
 * groupQuestions([{ question: 'How do I get a refund?', value: 1 }, { question: 'refund how?', value: 2 }])
 * // one group of two, representative 'How do I get a refund?'
 * ```
 */
export function groupQuestions<T>(questions: readonly GroupableQuestion<T>[], threshold = 0.5): QuestionGroup<T>[] {
  const terms = questions.map((entry) => termsOf(entry.question))
  const parent = questions.map((_, index) => index)
  const find = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index]!]!
    return index
  }
  for (let i = 0; i < questions.length; i++) {
    for (let j = i + 1; j < questions.length; j++) {
      if (similarity(terms[i]!, terms[j]!) >= threshold) parent[find(j)] = find(i)
    }
  }
  const byRoot = new Map<number, number[]>()
  for (let index = 0; index < questions.length; index++) {
    const root = find(index)
    byRoot.set(root, [...(byRoot.get(root) ?? []), index])
  }
  const groups = [...byRoot.values()].map((indexes) => {
    let best = indexes[0]!
    let bestScore = -1
    for (const candidate of indexes) {
      const score = indexes.reduce((sum, other) => sum + (other === candidate ? 0 : similarity(terms[candidate]!, terms[other]!)), 0)
      if (score > bestScore) [best, bestScore] = [candidate, score]
    }
    const counts = new Map<string, number>()
    for (const index of indexes) for (const term of terms[index]!) counts.set(term, (counts.get(term) ?? 0) + 1)
    const shared = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([term]) => term)
    return { first: indexes[0]!, group: { representative: questions[best]!.question, terms: shared, members: indexes.map((index) => questions[index]!) } }
  })
  return groups.sort((a, b) => b.group.members.length - a.group.members.length || a.first - b.first).map((entry) => entry.group)
}
