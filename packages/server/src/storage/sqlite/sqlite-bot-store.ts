import { WarblerError } from '@warbler/protocol'
import type { BotConfig } from '../../bots/bot-config.js'
import type { BotRecord, BotStore, BotUsageDelta, BotUsageTotals } from '../bot-store.js'
import type { SqliteDatabase } from './sqlite-driver.js'

interface BotRow {
  app_id: string
  id: string
  config: string
  api_key_ciphertext: string | null
  created_at: number
  updated_at: number
}

function toRecord(row: BotRow): BotRecord {
  return {
    appId: row.app_id,
    id: row.id,
    config: JSON.parse(row.config) as BotConfig,
    apiKeyCiphertext: row.api_key_ciphertext,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** Bots in SQLite (tables of migration 006). */
export class SqliteBotStore implements BotStore {
  constructor(private readonly db: SqliteDatabase) {}

  async create(record: BotRecord): Promise<void> {
    const { changes } = this.db
      .prepare('INSERT INTO bots (app_id, id, config, api_key_ciphertext, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(record.appId, record.id, JSON.stringify(record.config), record.apiKeyCiphertext, record.createdAt, record.updatedAt) as { changes: number }
    if (changes === 0) throw new WarblerError('already_exists', `Bot ${record.id} already exists.`)
  }

  async get(appId: string, botId: string): Promise<BotRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM bots WHERE app_id = ? AND id = ?').get(appId, botId) as BotRow | undefined
    return row ? toRecord(row) : undefined
  }

  async list(appId: string): Promise<BotRecord[]> {
    return (this.db.prepare('SELECT * FROM bots WHERE app_id = ? ORDER BY id').all(appId) as BotRow[]).map(toRecord)
  }

  async update(appId: string, botId: string, patch: { config: BotConfig; apiKeyCiphertext: string | null; updatedAt: number }): Promise<BotRecord | undefined> {
    const row = this.db
      .prepare('UPDATE bots SET config = ?, api_key_ciphertext = ?, updated_at = ? WHERE app_id = ? AND id = ? RETURNING *')
      .get(JSON.stringify(patch.config), patch.apiKeyCiphertext, patch.updatedAt, appId, botId) as BotRow | undefined
    return row ? toRecord(row) : undefined
  }

  async delete(appId: string, botId: string): Promise<boolean> {
    const { changes } = this.db.prepare('DELETE FROM bots WHERE app_id = ? AND id = ?').run(appId, botId) as { changes: number }
    this.db.prepare('DELETE FROM bot_redaction_state WHERE app_id = ? AND bot_id = ?').run(appId, botId)
    return changes > 0
  }

  async addUsage(delta: BotUsageDelta): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO bot_usage (app_id, bot_id, user_id, day, input_tokens, output_tokens, handoffs) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (app_id, day, bot_id, user_id) DO UPDATE SET input_tokens = input_tokens + excluded.input_tokens,
           output_tokens = output_tokens + excluded.output_tokens, handoffs = handoffs + excluded.handoffs`,
      )
      .run(delta.appId, delta.botId, delta.userId, delta.day, delta.inputTokens, delta.outputTokens, delta.handoffs ?? 0)
  }

  async usage(appId: string, filter: { fromDay: string; toDay: string; botId?: string; userId?: string }): Promise<BotUsageTotals> {
    const row = this.db
      .prepare(
        `SELECT COALESCE(SUM(input_tokens), 0) AS i, COALESCE(SUM(output_tokens), 0) AS o, COALESCE(SUM(handoffs), 0) AS h FROM bot_usage
         WHERE app_id = ? AND day >= ? AND day <= ? AND (? IS NULL OR bot_id = ?) AND (? IS NULL OR user_id = ?)`,
      )
      .get(appId, filter.fromDay, filter.toDay, filter.botId ?? null, filter.botId ?? null, filter.userId ?? null, filter.userId ?? null) as { i: number; o: number; h: number }
    return { inputTokens: row.i, outputTokens: row.o, handoffs: row.h }
  }

  async getRedactionState(appId: string, botId: string, conversationId: string): Promise<unknown | undefined> {
    const row = this.db
      .prepare('SELECT state FROM bot_redaction_state WHERE app_id = ? AND bot_id = ? AND conversation_id = ?')
      .get(appId, botId, conversationId) as { state: string } | undefined
    return row ? JSON.parse(row.state) : undefined
  }

  async setRedactionState(appId: string, botId: string, conversationId: string, state: unknown): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO bot_redaction_state (app_id, bot_id, conversation_id, state) VALUES (?, ?, ?, ?)
         ON CONFLICT (app_id, bot_id, conversation_id) DO UPDATE SET state = excluded.state`,
      )
      .run(appId, botId, conversationId, JSON.stringify(state))
  }
}
