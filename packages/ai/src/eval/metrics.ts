/** Collapses whitespace so a chunk's re-joined sentences compare with the source text. */
export function normalizeForMatch(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/**
 * Budgeted answer recall: walk the ranked chunk texts in order while the cumulative length stays
 * within `budgetChars` (a chunk that would exceed it ends the walk: bigger chunks earn nothing),
 * looking at the first `k`; true if any of them contains a gold answer.
 */
export function answerInBudget(texts: string[], answers: string[], k: number, budgetChars: number): boolean {
  let used = 0
  for (const text of texts.slice(0, k)) {
    used += text.length
    if (used > budgetChars) return false
    const normalized = normalizeForMatch(text)
    if (answers.some((answer) => normalized.includes(normalizeForMatch(answer)))) return true
  }
  return false
}

/** Reciprocal rank of the first chunk (of the first `k`) containing a gold answer; 0 if none. */
export function reciprocalRank(texts: string[], answers: string[], k: number): number {
  const index = texts.slice(0, k).findIndex((text) => {
    const normalized = normalizeForMatch(text)
    return answers.some((answer) => normalized.includes(normalizeForMatch(answer)))
  })
  return index === -1 ? 0 : 1 / (index + 1)
}

/** The p-th percentile (0..100) of a list of numbers, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}
