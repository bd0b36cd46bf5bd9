/** `conversationId` → `conversation_id`, at the type level. */
export type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S

/**
 * The row a table stores for a record whose columns are its fields in snake_case with the same
 * types (e.g. `files` for `FileRecord`), so the row type cannot drift from the record.
 */
export type SnakeCaseRow<T> = { [K in keyof T & string as SnakeCase<K>]: T[K] }
