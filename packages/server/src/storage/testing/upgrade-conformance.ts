import { describe, expect, it } from 'vitest'
import { MIGRATIONS, type Migration } from '../migrations/index.js'
import type { Storage } from '../storage.js'

/** The newest migration version at commit 14290a9, before the stores were written once over Kysely. */
export const VERSION_AT_14290A9 = 6

/** The migration history as it was at commit 14290a9 (released migrations are never edited). */
export const MIGRATIONS_AT_14290A9: readonly Migration[] = MIGRATIONS.filter((migration) => migration.version <= VERSION_AT_14290A9)

/** A database created by an older build: SQL runs on it directly, as that build's stores wrote it. */
export interface OldDatabase {
  /** Runs one statement with `?` placeholders. */
  run(statement: string, params: readonly unknown[]): Promise<void>
  close(): Promise<void>
}

/** One engine's way to make an old database and to open the same database with today's code. */
export interface UpgradeTarget {
  /** Creates a fresh database with exactly `migrations` applied. */
  createOld(migrations: readonly Migration[]): Promise<OldDatabase>
  /** Opens that database as the server does today (the caller runs `migrate()`). */
  openCurrent(): Promise<Storage>
  /** How the old schema stores a boolean: 0/1 on SQLite, a boolean on PostgreSQL. */
  flag(value: boolean): unknown
}

const now = 1_700_000_000_000

/**
 * Creates a database with the migrations of commit 14290a9, writes rows with that schema's SQL,
 * upgrades it in place with today's migrations and reads the rows back through today's stores.
 */
export function describeUpgradeFrom14290a9(name: string, target: () => Promise<UpgradeTarget>, options: { skip?: string } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`upgrade in place from 14290a9: ${name}`, () => {
    it('pins the migration history of 14290a9', () => {
      expect(MIGRATIONS_AT_14290A9.map((migration) => migration.version)).toEqual([1, 2, 3, 4, 5, 6])
    })

    it('reads rows written by the old schema through the stores written once, and keeps writing', async () => {
      const engine = await target()
      const old = await engine.createOld(MIGRATIONS_AT_14290A9)
      const rows: [string, unknown[]][] = [
        ['INSERT INTO apps (id, name, secret_hash, signing_key, created_at, settings) VALUES (?, ?, ?, ?, ?, ?)', ['app_a', 'App A', 'hash-a', 'key-a', now, '{"maxGroupSize":50}']],
        ['INSERT INTO users (app_id, id, name, kind, avatar_url, ext, token_version, banned, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', ['app_a', 'ann', 'Ann', 'person', null, '{"team":"blue"}', 3, engine.flag(true), now]],
        ['INSERT INTO users (app_id, id, name, kind, avatar_url, ext, token_version, banned, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', ['app_a', 'bob', 'Bob', 'person', null, '{}', 0, engine.flag(false), now]],
        ['INSERT INTO settings (key, value) VALUES (?, ?)', ['greeting', 'hello']],
        ['INSERT INTO webhooks (app_id, id, url, secret, events, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', ['app_a', 'wh_1', 'https://example.test/hook', 'whsec', '["message.created"]', engine.flag(false), now, now]],
        [
          `INSERT INTO webhook_deliveries (app_id, id, webhook_id, event_id, type, payload, status, attempts, next_attempt_at,
             last_status_code, last_error, last_response_ms, last_response_body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ['app_a', 'dl_1', 'wh_1', 'ev_1', 'message.created', '{"id":"ev_1"}', 'pending', 1, now, 500, 'HTTP 500', 12, 'oops', now, now],
        ],
        ['INSERT INTO before_send_hooks (app_id, url, secret, timeout_ms, fail_mode, enabled, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', ['app_a', 'https://example.test/check', 'hooksec', 800, 'closed', engine.flag(true), now]],
        ['INSERT INTO console_accounts (id, email, name, password_hash, role, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', ['acc_1', 'ops@example.test', 'Ops', 'scrypt$x', 'admin', engine.flag(true), now]],
        ['INSERT INTO console_sessions (id_hash, account_id, created_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?)', ['sess-hash', 'acc_1', now, now + 60_000, '127.0.0.1', 'test']],
        [
          'INSERT INTO audit_log (ts, actor_type, actor_id, action, app_id, target, status, ip, user_agent, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [now, 'console', 'acc_1', 'app.create', 'app_a', 'app_a', 201, null, null, '{"name":"App A"}'],
        ],
        [
          'INSERT INTO files (app_id, id, conversation_id, uploader_id, name, mime, size, sha256, width, height, storage_key, thumbnail_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          ['app_a', 'file_1', 'conv_1', 'ann', 'cat.png', 'image/png', 1234, 'ab'.repeat(32), 64, 48, 'app_a/file_1', null, now],
        ],
        ['INSERT INTO friend_requests (app_id, id, from_id, to_id, message, status, created_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', ['app_a', 'fr_1', 'ann', 'bob', 'hi', 'pending', now, null]],
      ]
      try {
        for (const [statement, params] of rows) await old.run(statement, params)
      } finally {
        await old.close()
      }

      const storage = await engine.openCurrent()
      try {
        await storage.migrate()
        expect(await storage.apps.get('app_a')).toMatchObject({ id: 'app_a', name: 'App A', secretHash: 'hash-a', settings: { maxGroupSize: 50 } })
        expect(await storage.users.get('app_a', 'ann')).toMatchObject({ name: 'Ann', ext: { team: 'blue' }, tokenVersion: 3, banned: true })
        expect(await storage.users.get('app_a', 'bob')).toMatchObject({ banned: false })
        expect(await storage.settings.get('greeting')).toBe('hello')
        expect(await storage.webhooks.list('app_a')).toEqual([
          { appId: 'app_a', id: 'wh_1', url: 'https://example.test/hook', secret: 'whsec', events: ['message.created'], enabled: false, createdAt: now, updatedAt: now },
        ])
        expect(await storage.webhooks.getDelivery('app_a', 'wh_1', 'dl_1')).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastResponseBody: 'oops' })
        expect(await storage.webhooks.getBeforeSendHook('app_a')).toEqual({ appId: 'app_a', url: 'https://example.test/check', secret: 'hooksec', timeoutMs: 800, failMode: 'closed', enabled: true, updatedAt: now })
        expect(await storage.console.getAccountByEmail('ops@example.test')).toMatchObject({ id: 'acc_1', role: 'admin', disabled: true })
        expect(await storage.console.getSession('sess-hash')).toMatchObject({ accountId: 'acc_1', expiresAt: now + 60_000 })
        expect(await storage.console.listAudit({ limit: 10 })).toMatchObject([{ actorType: 'console', action: 'app.create', status: 201, details: { name: 'App A' } }])
        expect(await storage.console.searchUsers('app_a', { query: 'an', limit: 10 })).toMatchObject([{ id: 'ann', banned: true }])
        expect(await storage.files.get('app_a', 'file_1')).toMatchObject({ name: 'cat.png', size: 1234, width: 64, height: 48, thumbnailKey: null })
        expect(await storage.social.getFriendRequest('app_a', 'fr_1')).toMatchObject({ fromId: 'ann', toId: 'bob', status: 'pending' })

        // The upgraded database takes writes from today's stores next to the old rows.
        expect((await storage.webhooks.claimDue(now, 10, 30_000)).map((delivery) => delivery.id)).toEqual(['dl_1'])
        expect(await storage.webhooks.claimDue(now, 10, 30_000)).toEqual([])
        await storage.webhooks.update('app_a', 'wh_1', { enabled: true, updatedAt: now + 1 })
        expect(await storage.webhooks.get('app_a', 'wh_1')).toMatchObject({ enabled: true, events: ['message.created'] })
        expect(await storage.console.appendAudit({ ts: now + 1, actorType: 'system', actorId: null, action: 'upgrade', appId: null, target: null, status: null, ip: null, userAgent: null, details: null })).toBeGreaterThan(1)
        expect(await storage.social.decideFriendRequest('app_a', 'fr_1', 'accepted', now + 2)).toMatchObject({ status: 'accepted' })
      } finally {
        await storage.close()
      }
    })
  })
}
