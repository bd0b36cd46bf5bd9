import type { Migration } from './migration.js'

/**
 * IM features: app settings, group settings and member state (roles, mutes, pins, delivered and
 * visible-from positions), the current state of messages (edits, recalls, reactions, replies),
 * delete-for-me, friends, blocks, group join requests and message search.
 */
export const imFeatures: Migration = {
  version: 2,
  name: 'im-features',
  sqlite: `
    ALTER TABLE apps ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';

    ALTER TABLE conversations ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE conversations ADD COLUMN last_message_seq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE conversations ADD COLUMN last_activity_at INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE conversations ADD COLUMN dissolved_at INTEGER;

    ALTER TABLE members ADD COLUMN delivered_seq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE members ADD COLUMN visible_from_seq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE members ADD COLUMN muted_until INTEGER;
    ALTER TABLE members ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE members ADD COLUMN notifications_muted INTEGER NOT NULL DEFAULT 0;

    ALTER TABLE events ADD COLUMN reply_to_seq INTEGER;
    ALTER TABLE events ADD COLUMN edited_at INTEGER;
    ALTER TABLE events ADD COLUMN recalled_at INTEGER;
    ALTER TABLE events ADD COLUMN reactions TEXT;
    ALTER TABLE events ADD COLUMN search_rowid INTEGER;

    CREATE TABLE hidden_events (
      app_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      PRIMARY KEY (app_id, user_id, conversation_id, seq)
    ) WITHOUT ROWID;

    CREATE TABLE friend_requests (
      app_id TEXT NOT NULL,
      id TEXT NOT NULL,
      from_id TEXT NOT NULL,
      to_id TEXT NOT NULL,
      message TEXT,
      status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
      created_at INTEGER NOT NULL,
      decided_at INTEGER,
      PRIMARY KEY (app_id, id)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX friend_requests_pending ON friend_requests (app_id, from_id, to_id) WHERE status = 'pending';
    CREATE INDEX friend_requests_to ON friend_requests (app_id, to_id, status);

    CREATE TABLE friends (
      app_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      friend_id TEXT NOT NULL,
      remark TEXT,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (app_id, user_id, friend_id)
    ) WITHOUT ROWID;

    CREATE TABLE blocks (
      app_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      blocked_id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (app_id, user_id, blocked_id)
    ) WITHOUT ROWID;

    CREATE TABLE join_requests (
      app_id TEXT NOT NULL,
      id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      message TEXT,
      status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
      created_at INTEGER NOT NULL,
      decided_by TEXT,
      decided_at INTEGER,
      PRIMARY KEY (app_id, id)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX join_requests_pending ON join_requests (app_id, conversation_id, user_id) WHERE status = 'pending';

    CREATE VIRTUAL TABLE message_search USING fts5 (
      tokens,
      app_id UNINDEXED,
      conversation_id UNINDEXED,
      seq UNINDEXED,
      sender_id UNINDEXED,
      ts UNINDEXED,
      tokenize = 'unicode61 remove_diacritics 0'
    );
  `,
  // PostgreSQL: message search is a plain table of pre-tokenized terms (a text[] with a GIN index)
  // instead of FTS5; see storage/postgres/postgres-search-terms.ts.
  postgres: `
    ALTER TABLE apps ADD COLUMN settings TEXT COLLATE "C" NOT NULL DEFAULT '{}';

    ALTER TABLE conversations
      ADD COLUMN settings TEXT COLLATE "C" NOT NULL DEFAULT '{}',
      ADD COLUMN last_message_seq BIGINT NOT NULL DEFAULT 0,
      ADD COLUMN last_activity_at BIGINT NOT NULL DEFAULT 0,
      ADD COLUMN dissolved_at BIGINT;

    ALTER TABLE members
      ADD COLUMN delivered_seq BIGINT NOT NULL DEFAULT 0,
      ADD COLUMN visible_from_seq BIGINT NOT NULL DEFAULT 0,
      ADD COLUMN muted_until BIGINT,
      ADD COLUMN pinned BOOLEAN NOT NULL DEFAULT FALSE,
      ADD COLUMN notifications_muted BOOLEAN NOT NULL DEFAULT FALSE;

    ALTER TABLE events
      ADD COLUMN reply_to_seq BIGINT,
      ADD COLUMN edited_at BIGINT,
      ADD COLUMN recalled_at BIGINT,
      ADD COLUMN reactions TEXT COLLATE "C";

    CREATE TABLE hidden_events (
      app_id TEXT COLLATE "C" NOT NULL,
      user_id TEXT COLLATE "C" NOT NULL,
      conversation_id TEXT COLLATE "C" NOT NULL,
      seq BIGINT NOT NULL,
      PRIMARY KEY (app_id, user_id, conversation_id, seq)
    );

    CREATE TABLE friend_requests (
      app_id TEXT COLLATE "C" NOT NULL,
      id TEXT COLLATE "C" NOT NULL,
      from_id TEXT COLLATE "C" NOT NULL,
      to_id TEXT COLLATE "C" NOT NULL,
      message TEXT,
      status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
      created_at BIGINT NOT NULL,
      decided_at BIGINT,
      PRIMARY KEY (app_id, id)
    );
    CREATE UNIQUE INDEX friend_requests_pending ON friend_requests (app_id, from_id, to_id) WHERE status = 'pending';
    CREATE INDEX friend_requests_to ON friend_requests (app_id, to_id, status);

    CREATE TABLE friends (
      app_id TEXT COLLATE "C" NOT NULL,
      user_id TEXT COLLATE "C" NOT NULL,
      friend_id TEXT COLLATE "C" NOT NULL,
      remark TEXT,
      created_at BIGINT NOT NULL,
      PRIMARY KEY (app_id, user_id, friend_id)
    );

    CREATE TABLE blocks (
      app_id TEXT COLLATE "C" NOT NULL,
      user_id TEXT COLLATE "C" NOT NULL,
      blocked_id TEXT COLLATE "C" NOT NULL,
      created_at BIGINT NOT NULL,
      PRIMARY KEY (app_id, user_id, blocked_id)
    );

    CREATE TABLE join_requests (
      app_id TEXT COLLATE "C" NOT NULL,
      id TEXT COLLATE "C" NOT NULL,
      conversation_id TEXT COLLATE "C" NOT NULL,
      user_id TEXT COLLATE "C" NOT NULL,
      message TEXT,
      status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
      created_at BIGINT NOT NULL,
      decided_by TEXT COLLATE "C",
      decided_at BIGINT,
      PRIMARY KEY (app_id, id)
    );
    CREATE UNIQUE INDEX join_requests_pending ON join_requests (app_id, conversation_id, user_id) WHERE status = 'pending';

    CREATE TABLE message_search (
      app_id TEXT COLLATE "C" NOT NULL,
      conversation_id TEXT COLLATE "C" NOT NULL,
      seq BIGINT NOT NULL,
      sender_id TEXT COLLATE "C" NOT NULL,
      ts BIGINT NOT NULL,
      tokens TEXT NOT NULL,
      terms TEXT[] GENERATED ALWAYS AS (string_to_array(tokens, ' ')) STORED,
      PRIMARY KEY (app_id, conversation_id, seq)
    );
    CREATE INDEX message_search_terms ON message_search USING GIN (terms);
  `,
}
