/**
 * Message search in PostgreSQL matches whole pre-tokenized terms, the way SQLite FTS5's unicode61
 * tokenizer does: case-folded, split at anything that is not a letter, mark or digit. The tokens are
 * stored space-separated in `message_search.tokens`; a generated `text[]` column with a GIN index
 * answers "contains every term" (`terms @> $1`).
 */
export function searchTerms(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((term) => term.length > 0)
}

/** The `tokens` column value for pre-tokenized text, or null when nothing is left to index. */
export function searchTokensColumn(text: string | undefined): string | null {
  if (!text) return null
  const terms = searchTerms(text)
  return terms.length > 0 ? terms.join(' ') : null
}
