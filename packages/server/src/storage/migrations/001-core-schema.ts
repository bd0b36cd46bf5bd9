import type { Migration } from './migration.js'

/** Apps, users, conversations, members and the event log. */
export const coreSchema: Migration = {
  version: 1,
  name: 'core-schema',
  sqlite: `
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE apps (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      secret_hash TEXT NOT NULL UNIQUE,
      signing_key TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE users (
      app_id TEXT NOT NULL REFERENCES apps(id),
      id TEXT NOT NULL,
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('person', 'bot')),
      avatar_url TEXT,
      ext TEXT NOT NULL DEFAULT '{}',
      token_version INTEGER NOT NULL DEFAULT 0,
      banned INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (app_id, id)
    ) WITHOUT ROWID;

    CREATE TABLE conversations (
      app_id TEXT NOT NULL REFERENCES apps(id),
      id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('direct', 'group', 'system')),
      name TEXT,
      owner_id TEXT,
      direct_key TEXT,
      last_seq INTEGER NOT NULL DEFAULT 0,
      member_count INTEGER NOT NULL DEFAULT 0,
      ext TEXT NOT NULL DEFAULT '{}',
      created_at INTEGER NOT NULL,
      PRIMARY KEY (app_id, id)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX conversations_direct_key ON conversations (app_id, direct_key) WHERE direct_key IS NOT NULL;

    CREATE TABLE members (
      app_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
      joined_at INTEGER NOT NULL,
      read_seq INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (app_id, conversation_id, user_id),
      FOREIGN KEY (app_id, conversation_id) REFERENCES conversations (app_id, id)
    ) WITHOUT ROWID;
    CREATE INDEX members_by_user ON members (app_id, user_id, conversation_id);

    CREATE TABLE events (
      app_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      ts INTEGER NOT NULL,
      sender_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      body TEXT,
      data TEXT,
      target_seq INTEGER,
      status TEXT,
      client_msg_id TEXT,
      ext TEXT,
      PRIMARY KEY (app_id, conversation_id, seq)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX events_client_msg_id ON events (app_id, sender_id, client_msg_id) WHERE client_msg_id IS NOT NULL;
  `,
  // JSON columns are TEXT, not JSONB: JSONB refuses \u0000, which message text may carry. Text uses the
  // "C" collation so keys sort byte-wise, as in SQLite, whatever the database locale is.
  postgres: `
    CREATE TABLE settings (
      key TEXT COLLATE "C" PRIMARY KEY,
      value TEXT COLLATE "C" NOT NULL
    );

    CREATE TABLE apps (
      id TEXT COLLATE "C" PRIMARY KEY,
      name TEXT COLLATE "C" NOT NULL,
      secret_hash TEXT COLLATE "C" NOT NULL UNIQUE,
      signing_key TEXT COLLATE "C" NOT NULL,
      created_at BIGINT NOT NULL
    );

    CREATE TABLE users (
      app_id TEXT COLLATE "C" NOT NULL REFERENCES apps(id),
      id TEXT COLLATE "C" NOT NULL,
      name TEXT COLLATE "C" NOT NULL,
      kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('person', 'bot')),
      avatar_url TEXT COLLATE "C",
      ext TEXT COLLATE "C" NOT NULL DEFAULT '{}',
      token_version INTEGER NOT NULL DEFAULT 0,
      banned BOOLEAN NOT NULL DEFAULT FALSE,
      created_at BIGINT NOT NULL,
      PRIMARY KEY (app_id, id)
    );

    CREATE TABLE conversations (
      app_id TEXT COLLATE "C" NOT NULL REFERENCES apps(id),
      id TEXT COLLATE "C" NOT NULL,
      kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('direct', 'group', 'system')),
      name TEXT COLLATE "C",
      owner_id TEXT COLLATE "C",
      direct_key TEXT COLLATE "C",
      last_seq BIGINT NOT NULL DEFAULT 0,
      member_count INTEGER NOT NULL DEFAULT 0,
      ext TEXT COLLATE "C" NOT NULL DEFAULT '{}',
      created_at BIGINT NOT NULL,
      PRIMARY KEY (app_id, id)
    );
    CREATE UNIQUE INDEX conversations_direct_key ON conversations (app_id, direct_key) WHERE direct_key IS NOT NULL;

    CREATE TABLE members (
      app_id TEXT COLLATE "C" NOT NULL,
      conversation_id TEXT COLLATE "C" NOT NULL,
      user_id TEXT COLLATE "C" NOT NULL,
      role TEXT COLLATE "C" NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
      joined_at BIGINT NOT NULL,
      read_seq BIGINT NOT NULL DEFAULT 0,
      PRIMARY KEY (app_id, conversation_id, user_id),
      FOREIGN KEY (app_id, conversation_id) REFERENCES conversations (app_id, id)
    );
    CREATE INDEX members_by_user ON members (app_id, user_id, conversation_id);

    CREATE TABLE events (
      app_id TEXT COLLATE "C" NOT NULL,
      conversation_id TEXT COLLATE "C" NOT NULL,
      seq BIGINT NOT NULL,
      ts BIGINT NOT NULL,
      sender_id TEXT COLLATE "C" NOT NULL,
      kind TEXT COLLATE "C" NOT NULL,
      body TEXT COLLATE "C",
      data TEXT COLLATE "C",
      target_seq BIGINT,
      status TEXT COLLATE "C",
      client_msg_id TEXT COLLATE "C",
      ext TEXT COLLATE "C",
      PRIMARY KEY (app_id, conversation_id, seq)
    );
    CREATE UNIQUE INDEX events_client_msg_id ON events (app_id, sender_id, client_msg_id) WHERE client_msg_id IS NOT NULL;
  `,
}
