/**
 * PostgreSQL text cannot hold NUL, which separates the two user ids of a direct key
 * (see `directKeyOf` in `stores/conversation-store.ts`). The key is stored as a JSON array instead and turned back on read, so
 * `ConversationRecord.directKey` is the same on every backend.
 */
export function directKeyToColumn(key: string): string {
  return JSON.stringify(key.split('\u0000'))
}

/** Reverses {@link directKeyToColumn}. */
export function directKeyFromColumn(column: string): string {
  return (JSON.parse(column) as string[]).join('\u0000')
}
