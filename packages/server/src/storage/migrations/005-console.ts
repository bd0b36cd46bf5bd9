import type { Migration } from './migration.js'

/**
 * The console: accounts (email + argon2 hash + role), sessions (the id is stored only as its
 * SHA-256) and the append-only audit log.
 */
export const consoleSchema: Migration = {
  version: 5,
  name: 'console',
  sqlite: `
    CREATE TABLE console_accounts (
      id TEXT PRIMARY KEY,
      email TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'agent', 'viewer')),
      disabled INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE console_sessions (
      id_hash TEXT PRIMARY KEY,
      account_id TEXT NOT NULL REFERENCES console_accounts(id),
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      ip TEXT,
      user_agent TEXT
    ) WITHOUT ROWID;
    CREATE INDEX console_sessions_by_account ON console_sessions (account_id);

    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      ts INTEGER NOT NULL,
      actor_type TEXT NOT NULL,
      actor_id TEXT,
      action TEXT NOT NULL,
      app_id TEXT,
      target TEXT,
      status INTEGER,
      ip TEXT,
      user_agent TEXT,
      details TEXT
    );
    CREATE INDEX audit_log_by_ts ON audit_log (ts);
    CREATE INDEX audit_log_by_app ON audit_log (app_id, ts);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
  postgres: `
    CREATE TABLE console_accounts (
      id TEXT PRIMARY KEY,
      email TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'agent', 'viewer')),
      disabled BOOLEAN NOT NULL DEFAULT FALSE,
      created_at BIGINT NOT NULL
    );

    CREATE TABLE console_sessions (
      id_hash TEXT PRIMARY KEY,
      account_id TEXT NOT NULL REFERENCES console_accounts(id),
      created_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL,
      ip TEXT,
      user_agent TEXT
    );
    CREATE INDEX console_sessions_by_account ON console_sessions (account_id);

    CREATE TABLE audit_log (
      id BIGSERIAL PRIMARY KEY,
      ts BIGINT NOT NULL,
      actor_type TEXT NOT NULL,
      actor_id TEXT,
      action TEXT NOT NULL,
      app_id TEXT,
      target TEXT,
      status INTEGER,
      ip TEXT,
      user_agent TEXT,
      details TEXT
    );
    CREATE INDEX audit_log_by_ts ON audit_log (ts);
    CREATE INDEX audit_log_by_app ON audit_log (app_id, ts);
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
    CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
  `,
}
