/** Folds width, case, whitespace and punctuation so "¥99/月" and "¥ 99 / 月" compare equal. */
export function foldForMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}]+/gu, '')
}

/**
 * Whether an answer contains any of the expected strings (folded by {@link foldForMatch}); false
 * when nothing is expected or every expectation folds to nothing.
 *
 * @example
 * ```ts
 * answerMatches('The Pro plan costs ¥99 a month [1].', ['¥99', '99 yuan']) // true
 * ```
 */
export function answerMatches(answer: string, expected: readonly string[] | undefined): boolean {
  if (!expected || expected.length === 0) return false
  const folded = foldForMatch(answer)
  return expected.some((candidate) => {
    const needle = foldForMatch(candidate)
    return needle !== '' && folded.includes(needle)
  })
}

/** Whether the answer cited any expected document; null when none is expected (the item does not count). */
export function citationHits(citedDocumentIds: readonly string[], expectedDocumentIds: readonly string[] | undefined): boolean | null {
  if (!expectedDocumentIds || expectedDocumentIds.length === 0) return null
  const cited = new Set(citedDocumentIds)
  return expectedDocumentIds.some((id) => cited.has(id))
}
