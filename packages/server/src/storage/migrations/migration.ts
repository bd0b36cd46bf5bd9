/** One versioned schema step. Versions only grow; a released migration is never edited. */
export interface Migration {
  version: number
  name: string
  /** SQL for each dialect the step supports. */
  sqlite: string
  postgres?: string
}
