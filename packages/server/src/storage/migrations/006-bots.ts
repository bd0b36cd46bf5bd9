import type { Migration } from './migration.js'

/**
 * Bots (settings as JSON, the provider key only as AES-256-GCM ciphertext), their usage counters
 * per app, bot, user and day, and the redaction state of each bot in each conversation.
 * Written with IF NOT EXISTS so the same SQL can prepare a side SQLite file (see `knowledge/`).
 */
export const botsSchema: Migration = {
  version: 6,
  name: 'bots',
  sqlite: `
    CREATE TABLE IF NOT EXISTS bots (
      app_id TEXT NOT NULL,
      id TEXT NOT NULL,
      config TEXT NOT NULL,
      api_key_ciphertext TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (app_id, id)
    ) WITHOUT ROWID;

    CREATE TABLE IF NOT EXISTS bot_usage (
      app_id TEXT NOT NULL,
      bot_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      day TEXT NOT NULL,
      input_tokens INTEGER NOT NULL DEFAULT 0,
      output_tokens INTEGER NOT NULL DEFAULT 0,
      handoffs INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (app_id, day, bot_id, user_id)
    ) WITHOUT ROWID;

    CREATE TABLE IF NOT EXISTS bot_redaction_state (
      app_id TEXT NOT NULL,
      bot_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      state TEXT NOT NULL,
      PRIMARY KEY (app_id, bot_id, conversation_id)
    ) WITHOUT ROWID;
  `,
  postgres: `
    CREATE TABLE IF NOT EXISTS bots (
      app_id TEXT NOT NULL,
      id TEXT NOT NULL,
      config JSONB NOT NULL,
      api_key_ciphertext TEXT,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (app_id, id)
    );

    CREATE TABLE IF NOT EXISTS bot_usage (
      app_id TEXT NOT NULL,
      bot_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      day TEXT NOT NULL,
      input_tokens BIGINT NOT NULL DEFAULT 0,
      output_tokens BIGINT NOT NULL DEFAULT 0,
      handoffs BIGINT NOT NULL DEFAULT 0,
      PRIMARY KEY (app_id, day, bot_id, user_id)
    );

    CREATE TABLE IF NOT EXISTS bot_redaction_state (
      app_id TEXT NOT NULL,
      bot_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      state JSONB NOT NULL,
      PRIMARY KEY (app_id, bot_id, conversation_id)
    );
  `,
}
