import { WarblerError } from '@warbler/protocol'
import type { BotConfig } from '../../bots/bot-config.js'
import type { BotRecord, BotStore, BotUsageDelta, BotUsageTotals } from '../bot-store.js'
import { toBot } from '../rows/bot-rows.js'
import type { StoreDatabase } from '../kysely/store-database.js'

/** Bots, their usage and redaction state (tables of migration 006), on either engine. */
export class SqlBotStore implements BotStore {
  constructor(private readonly store: StoreDatabase) {}

  /** `config` is JSONB on PostgreSQL and TEXT on SQLite: both read back as JSON text. */
  private selectBots() {
    return this.store.db
      .selectFrom('bots')
      .select((eb) => ['app_id', 'id', eb.cast<string>('config', 'text').as('config'), 'api_key_ciphertext', 'created_at', 'updated_at'])
  }

  async create(record: BotRecord): Promise<void> {
    const result = await this.store.db
      .insertInto('bots')
      .values({
        app_id: record.appId,
        id: record.id,
        config: JSON.stringify(record.config),
        api_key_ciphertext: record.apiKeyCiphertext,
        created_at: record.createdAt,
        updated_at: record.updatedAt,
      })
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst()
    if (result.numInsertedOrUpdatedRows === 0n) throw new WarblerError('already_exists', `Bot ${record.id} already exists.`)
  }

  async get(appId: string, botId: string): Promise<BotRecord | undefined> {
    const row = await this.selectBots().where('app_id', '=', appId).where('id', '=', botId).executeTakeFirst()
    return row && toBot(row)
  }

  async list(appId: string): Promise<BotRecord[]> {
    const rows = await this.selectBots().where('app_id', '=', appId).orderBy(this.store.byteOrder('id')).execute()
    return rows.map(toBot)
  }

  async update(appId: string, botId: string, patch: { config: BotConfig; apiKeyCiphertext: string | null; updatedAt: number }): Promise<BotRecord | undefined> {
    const row = await this.store.db
      .updateTable('bots')
      .set({ config: JSON.stringify(patch.config), api_key_ciphertext: patch.apiKeyCiphertext, updated_at: patch.updatedAt })
      .where('app_id', '=', appId)
      .where('id', '=', botId)
      .returning((eb) => ['app_id', 'id', eb.cast<string>('config', 'text').as('config'), 'api_key_ciphertext', 'created_at', 'updated_at'])
      .executeTakeFirst()
    return row && toBot(row)
  }

  async delete(appId: string, botId: string): Promise<boolean> {
    return this.store.transaction(async (trx) => {
      const result = await trx.deleteFrom('bots').where('app_id', '=', appId).where('id', '=', botId).executeTakeFirst()
      await trx.deleteFrom('bot_redaction_state').where('app_id', '=', appId).where('bot_id', '=', botId).execute()
      return result.numDeletedRows > 0n
    })
  }

  async addUsage(delta: BotUsageDelta): Promise<void> {
    await this.store.db
      .insertInto('bot_usage')
      .values({
        app_id: delta.appId,
        bot_id: delta.botId,
        user_id: delta.userId,
        day: delta.day,
        input_tokens: delta.inputTokens,
        output_tokens: delta.outputTokens,
        handoffs: delta.handoffs ?? 0,
      })
      .onConflict((conflict) =>
        conflict.columns(['app_id', 'day', 'bot_id', 'user_id']).doUpdateSet((eb) => ({
          input_tokens: eb('bot_usage.input_tokens', '+', eb.ref('excluded.input_tokens')),
          output_tokens: eb('bot_usage.output_tokens', '+', eb.ref('excluded.output_tokens')),
          handoffs: eb('bot_usage.handoffs', '+', eb.ref('excluded.handoffs')),
        })),
      )
      .execute()
  }

  async usage(appId: string, filter: { fromDay: string; toDay: string; botId?: string; userId?: string }): Promise<BotUsageTotals> {
    let query = this.store.db
      .selectFrom('bot_usage')
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<number>('input_tokens'), eb.lit(0)).as('i'),
        eb.fn.coalesce(eb.fn.sum<number>('output_tokens'), eb.lit(0)).as('o'),
        eb.fn.coalesce(eb.fn.sum<number>('handoffs'), eb.lit(0)).as('h'),
      ])
      .where('app_id', '=', appId)
      .where('day', '>=', filter.fromDay)
      .where('day', '<=', filter.toDay)
    if (filter.botId !== undefined) query = query.where('bot_id', '=', filter.botId)
    if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId)
    const row = await query.executeTakeFirstOrThrow()
    // PostgreSQL's SUM of integers is NUMERIC (a string in `pg`); SQLite's is an integer.
    return { inputTokens: Number(row.i), outputTokens: Number(row.o), handoffs: Number(row.h) }
  }

  async getRedactionState(appId: string, botId: string, conversationId: string): Promise<unknown | undefined> {
    const row = await this.store.db
      .selectFrom('bot_redaction_state')
      .select((eb) => eb.cast<string>('state', 'text').as('state'))
      .where('app_id', '=', appId)
      .where('bot_id', '=', botId)
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst()
    return row ? JSON.parse(row.state) : undefined
  }

  async setRedactionState(appId: string, botId: string, conversationId: string, state: unknown): Promise<void> {
    await this.store.db
      .insertInto('bot_redaction_state')
      .values({ app_id: appId, bot_id: botId, conversation_id: conversationId, state: JSON.stringify(state) })
      .onConflict((conflict) => conflict.columns(['app_id', 'bot_id', 'conversation_id']).doUpdateSet((eb) => ({ state: eb.ref('excluded.state') })))
      .execute()
  }
}
