/**
 * One versioned schema step. Versions only grow; a released migration is never edited. Versions
 * 1–6 spell out SQL per engine; new steps are written once with {@link import('./written-once.js').writtenOnce}.
 */
export interface Migration {
  version: number
  name: string
  /** SQL for each dialect the step supports. */
  sqlite: string
  postgres?: string
}
