import type { Selectable } from 'kysely'
import type { BotConfig } from '../../bots/bot-config.js'
import type { BotRecord } from '../bot-store.js'
import type { Database } from '../kysely/database.js'

/** A `bots` row, with `config` read as JSON text on both engines. */
export type BotRow = Selectable<Database['bots']>

/** Turns a `bots` row into the record the storage API returns. */
export const toBot = (row: BotRow): BotRecord => ({
  appId: row.app_id,
  id: row.id,
  config: JSON.parse(row.config) as BotConfig,
  apiKeyCiphertext: row.api_key_ciphertext,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})
