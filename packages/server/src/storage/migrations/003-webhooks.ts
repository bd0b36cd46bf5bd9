import type { Migration } from './migration.js'

/** Webhooks, their delivery outbox, and the before-send hook. */
export const webhooksSchema: Migration = {
  version: 3,
  name: 'webhooks',
  sqlite: `
    CREATE TABLE webhooks (
      app_id TEXT NOT NULL REFERENCES apps(id),
      id TEXT NOT NULL,
      url TEXT NOT NULL,
      secret TEXT NOT NULL,
      events TEXT NOT NULL,
      enabled INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (app_id, id)
    ) WITHOUT ROWID;

    CREATE TABLE webhook_deliveries (
      app_id TEXT NOT NULL,
      id TEXT NOT NULL,
      webhook_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      type TEXT NOT NULL,
      payload TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER,
      last_status_code INTEGER,
      last_error TEXT,
      last_response_ms INTEGER,
      last_response_body TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (app_id, id),
      FOREIGN KEY (app_id, webhook_id) REFERENCES webhooks (app_id, id) ON DELETE CASCADE
    ) WITHOUT ROWID;
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
    CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (app_id, webhook_id, created_at);

    CREATE TABLE before_send_hooks (
      app_id TEXT PRIMARY KEY REFERENCES apps(id),
      url TEXT NOT NULL,
      secret TEXT NOT NULL,
      timeout_ms INTEGER NOT NULL,
      fail_mode TEXT NOT NULL CHECK (fail_mode IN ('open', 'closed')),
      enabled INTEGER NOT NULL DEFAULT 1,
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
  `,
  postgres: `
    CREATE TABLE webhooks (
      app_id TEXT NOT NULL REFERENCES apps(id),
      id TEXT NOT NULL,
      url TEXT NOT NULL,
      secret TEXT NOT NULL,
      events JSONB NOT NULL,
      enabled BOOLEAN NOT NULL DEFAULT TRUE,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (app_id, id)
    );

    CREATE TABLE webhook_deliveries (
      app_id TEXT NOT NULL,
      id TEXT NOT NULL,
      webhook_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      type TEXT NOT NULL,
      payload TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at BIGINT,
      last_status_code INTEGER,
      last_error TEXT,
      last_response_ms INTEGER,
      last_response_body TEXT,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (app_id, id),
      FOREIGN KEY (app_id, webhook_id) REFERENCES webhooks (app_id, id) ON DELETE CASCADE
    );
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
    CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (app_id, webhook_id, created_at);

    CREATE TABLE before_send_hooks (
      app_id TEXT PRIMARY KEY REFERENCES apps(id),
      url TEXT NOT NULL,
      secret TEXT NOT NULL,
      timeout_ms INTEGER NOT NULL,
      fail_mode TEXT NOT NULL CHECK (fail_mode IN ('open', 'closed')),
      enabled BOOLEAN NOT NULL DEFAULT TRUE,
      updated_at BIGINT NOT NULL
    );
  `,
}
