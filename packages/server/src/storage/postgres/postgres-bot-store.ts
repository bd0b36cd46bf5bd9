import { WarblerError } from '@warbler/protocol'
import type { BotConfig } from '../../bots/bot-config.js'
import type { BotRecord, BotStore, BotUsageDelta, BotUsageTotals } from '../bot-store.js'
import { inTransaction, type PgPool } from './postgres-driver.js'

interface BotRow {
  app_id: string
  id: string
  config: BotConfig
  api_key_ciphertext: string | null
  created_at: number
  updated_at: number
}

const toRecord = (row: BotRow): BotRecord => ({
  appId: row.app_id,
  id: row.id,
  config: row.config,
  apiKeyCiphertext: row.api_key_ciphertext,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

/** Bots in PostgreSQL (tables of migration 006), shared by every node. */
export class PostgresBotStore implements BotStore {
  constructor(private readonly pool: PgPool) {}

  async create(record: BotRecord): Promise<void> {
    const { rowCount } = await this.pool.query(
      'INSERT INTO bots (app_id, id, config, api_key_ciphertext, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
      [record.appId, record.id, JSON.stringify(record.config), record.apiKeyCiphertext, record.createdAt, record.updatedAt],
    )
    if (rowCount === 0) throw new WarblerError('already_exists', `Bot ${record.id} already exists.`)
  }

  async get(appId: string, botId: string): Promise<BotRecord | undefined> {
    const { rows } = await this.pool.query<BotRow>('SELECT * FROM bots WHERE app_id = $1 AND id = $2', [appId, botId])
    return rows[0] && toRecord(rows[0])
  }

  async list(appId: string): Promise<BotRecord[]> {
    const { rows } = await this.pool.query<BotRow>('SELECT * FROM bots WHERE app_id = $1 ORDER BY id COLLATE "C"', [appId])
    return rows.map(toRecord)
  }

  async update(appId: string, botId: string, patch: { config: BotConfig; apiKeyCiphertext: string | null; updatedAt: number }): Promise<BotRecord | undefined> {
    const { rows } = await this.pool.query<BotRow>(
      'UPDATE bots SET config = $1, api_key_ciphertext = $2, updated_at = $3 WHERE app_id = $4 AND id = $5 RETURNING *',
      [JSON.stringify(patch.config), patch.apiKeyCiphertext, patch.updatedAt, appId, botId],
    )
    return rows[0] && toRecord(rows[0])
  }

  async delete(appId: string, botId: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query('DELETE FROM bots WHERE app_id = $1 AND id = $2', [appId, botId])
      await client.query('DELETE FROM bot_redaction_state WHERE app_id = $1 AND bot_id = $2', [appId, botId])
      return (rowCount ?? 0) > 0
    })
  }

  async addUsage(delta: BotUsageDelta): Promise<void> {
    await this.pool.query(
      `INSERT INTO bot_usage (app_id, bot_id, user_id, day, input_tokens, output_tokens, handoffs) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (app_id, day, bot_id, user_id) DO UPDATE SET input_tokens = bot_usage.input_tokens + excluded.input_tokens,
         output_tokens = bot_usage.output_tokens + excluded.output_tokens, handoffs = bot_usage.handoffs + excluded.handoffs`,
      [delta.appId, delta.botId, delta.userId, delta.day, delta.inputTokens, delta.outputTokens, delta.handoffs ?? 0],
    )
  }

  async usage(appId: string, filter: { fromDay: string; toDay: string; botId?: string; userId?: string }): Promise<BotUsageTotals> {
    const { rows } = await this.pool.query<{ i: number; o: number; h: number }>(
      `SELECT COALESCE(SUM(input_tokens), 0)::bigint AS i, COALESCE(SUM(output_tokens), 0)::bigint AS o, COALESCE(SUM(handoffs), 0)::bigint AS h
       FROM bot_usage WHERE app_id = $1 AND day >= $2 AND day <= $3 AND ($4::text IS NULL OR bot_id = $4) AND ($5::text IS NULL OR user_id = $5)`,
      [appId, filter.fromDay, filter.toDay, filter.botId ?? null, filter.userId ?? null],
    )
    const row = rows[0]!
    return { inputTokens: row.i, outputTokens: row.o, handoffs: row.h }
  }

  async getRedactionState(appId: string, botId: string, conversationId: string): Promise<unknown | undefined> {
    const { rows } = await this.pool.query<{ state: unknown }>('SELECT state FROM bot_redaction_state WHERE app_id = $1 AND bot_id = $2 AND conversation_id = $3', [
      appId,
      botId,
      conversationId,
    ])
    return rows[0]?.state
  }

  async setRedactionState(appId: string, botId: string, conversationId: string, state: unknown): Promise<void> {
    await this.pool.query(
      `INSERT INTO bot_redaction_state (app_id, bot_id, conversation_id, state) VALUES ($1, $2, $3, $4)
       ON CONFLICT (app_id, bot_id, conversation_id) DO UPDATE SET state = excluded.state`,
      [appId, botId, conversationId, JSON.stringify(state)],
    )
  }
}
