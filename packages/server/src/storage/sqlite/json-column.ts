/** Serialises a JSON column value; `undefined` becomes SQL NULL. */
export function toJsonColumn(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value)
}

/** Parses a JSON column value; SQL NULL becomes `undefined`. */
export function fromJsonColumn<T>(value: string | null | undefined): T | undefined {
  return value === null || value === undefined ? undefined : (JSON.parse(value) as T)
}
