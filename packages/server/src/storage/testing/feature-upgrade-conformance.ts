import { describe, expect, it } from 'vitest'
import { MIGRATIONS, type Migration } from '../migrations/index.js'
import type { UpgradeTarget } from './upgrade-conformance.js'

/**
 * The newest migration version before this conformance suite was written: the tables of support
 * (7), tools (8), compliance (9), evaluations (10), knowledge sources (11), push (12) and app keys
 * (13) all exist. Migrations after it (14, …) must keep what those tables hold.
 */
export const FEATURE_TABLES_VERSION = 13

/** The migration history up to {@link FEATURE_TABLES_VERSION} (released migrations are never edited). */
export const MIGRATIONS_TO_FEATURE_TABLES: readonly Migration[] = MIGRATIONS.filter((migration) => migration.version <= FEATURE_TABLES_VERSION)

const now = 1_760_000_000_000

/**
 * Creates a database with migrations 1–13, writes rows into every feature table with that schema's
 * SQL, upgrades it in place with today's migrations and reads the rows back through today's stores,
 * then writes next to them.
 */
export function describeUpgradeOfFeatureTables(name: string, target: () => Promise<UpgradeTarget>, options: { skip?: string } = {}) {
  const suite = options.skip ? describe.skip : describe
  suite(`upgrade in place from migration ${FEATURE_TABLES_VERSION} (support, tools, compliance, evaluations, sources, push, app keys): ${name}`, () => {
    it('pins the migration history it starts from', () => {
      expect(MIGRATIONS_TO_FEATURE_TABLES.map((migration) => migration.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
    })

    it('keeps the rows of every feature table through the upgrade, and keeps writing', async () => {
      const engine = await target()
      const old = await engine.createOld(MIGRATIONS_TO_FEATURE_TABLES)
      const rows: [string, unknown[]][] = [
        ['INSERT INTO apps (id, name, secret_hash, signing_key, created_at, settings) VALUES (?, ?, ?, ?, ?, ?)', ['app_a', 'App A', 'hash-a', 'key-a', now, '{}']],
        // support (7)
        ['INSERT INTO support_agents (app_id, user_id, capacity, teams, availability, open_count, last_assigned_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', ['app_a', 'ann', 3, '["billing"]', 'online', 1, now, now, now]],
        ['INSERT INTO support_notes (app_id, id, conversation_id, author_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?)', ['app_a', 'note_1', 'conv_1', 'ann', 'Refund approved, 退款已批准', now]],
        ['INSERT INTO support_canned_replies (app_id, id, shortcut, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', ['app_a', 'cr_1', '/thanks', 'Thanks for waiting!', now, now]],
        ['INSERT INTO support_settings (app_id, settings, updated_at) VALUES (?, ?, ?)', ['app_a', '{"handoffPhrases":["human please"]}', now]],
        // tools (8)
        [
          'INSERT INTO tools (app_id, id, name, description, kind, risk, parameters, http, mcp_server_id, mcp_tool_name, secrets_ciphertext, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          ['app_a', 'tool_1', 'order_status', 'Looks an order up.', 'http', 'low', '{"type":"object","properties":{"orderId":{"type":"string"}}}', '{"method":"GET","url":"https://shop.test/orders/{orderId}"}', null, null, 'sealed-secrets', now, now],
        ],
        ['INSERT INTO mcp_servers (app_id, id, name, url, headers_ciphertext, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', ['app_a', 'mcp_1', 'Docs', 'https://mcp.test/sse', null, now, now]],
        // compliance (9)
        ['INSERT INTO legal_holds (app_id, kind, target_id, reason, created_at) VALUES (?, ?, ?, ?, ?)', ['app_a', 'user', 'bob', 'case 7', now]],
        ['INSERT INTO retention_policies (app_id, conversation_id, messages_days, files_days, updated_at) VALUES (?, ?, ?, ?, ?)', ['app_a', 'conv_1', 30, 7, now]],
        ['INSERT INTO erasures (app_id, user_id, pseudonym, receipt, erased_at) VALUES (?, ?, ?, ?, ?)', ['app_a', 'carl', 'erased_x1', '{"messages":3}', now]],
        // evaluations (10)
        [
          'INSERT INTO eval_feedback (app_id, id, conversation_id, seq, user_id, rating, reason, comment, bot_id, question, answer, variant_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          ['app_a', 'fb_1', 'conv_1', 3, 'bob', 'down', 'outdated', 'Price changed', 'helper', 'What does it cost?', '10 euros', 'b', now],
        ],
        ['INSERT INTO eval_sets (app_id, id, name, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', ['app_a', 'set_1', 'Pricing', 1, now, now]],
        ['INSERT INTO eval_set_versions (app_id, set_id, version, items, origin, created_at) VALUES (?, ?, ?, ?, ?, ?)', ['app_a', 'set_1', 1, '[{"question":"What does it cost?","expected":["12 euros"]}]', 'manual', now]],
        ['INSERT INTO eval_variants (app_id, bot_id, variants, updated_at) VALUES (?, ?, ?, ?)', ['app_a', 'helper', '[{"id":"a","weight":1,"overrides":{}},{"id":"b","weight":1,"overrides":{"model":"small"}}]', now]],
        // knowledge sources (11)
        [
          'INSERT INTO knowledge_sources (app_id, id, kb_id, kind, settings, sealed_secret, every_minutes, status, checkpoint, next_run_at, consecutive_failures, last_run_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          ['app_a', 'src_1', 'kb_1', 'sitemap', '{"url":"https://docs.test/sitemap.xml"}', null, 60, 'active', '{"cursor":4}', now + 60_000, 0, null, now, now],
        ],
        [
          'INSERT INTO knowledge_curations (app_id, id, kb_id, document_id, chunk_hash, action, text, question, answer, needs_review, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          ['app_a', 'cur_1', 'kb_1', 'doc_1', null, 'pin', null, 'Refund time?', 'Five days.', engine.flag(true), now, now],
        ],
        // push (12)
        ['INSERT INTO push_targets (app_id, user_id, device_id, provider, address, address_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', ['app_a', 'ann', 'phone', 'fcm', 'fcm-token-1', 'key-1', now, now]],
        ['INSERT INTO push_credentials (app_id, provider, sealed, public_info, updated_at) VALUES (?, ?, ?, ?, ?)', ['app_a', 'fcm', 'sealed-credential', '{"projectId":"shop"}', now]],
        ['INSERT INTO push_preferences (app_id, user_id, enabled, do_not_disturb, mentions_override_mute, updated_at) VALUES (?, ?, ?, ?, ?, ?)', ['app_a', 'ann', engine.flag(true), '{"start":"22:00","end":"07:00","timeZone":"Asia/Shanghai"}', engine.flag(false), now]],
        // app keys (13)
        ['INSERT INTO app_keys (app_id, wrapped, master_key_id, created_at, rewrapped_at, destroyed_at) VALUES (?, ?, ?, ?, ?, ?)', ['app_a', 'wrapped-key', 'mk_1', now, null, null]],
      ]
      try {
        for (const [statement, params] of rows) await old.run(statement, params)
      } finally {
        await old.close()
      }

      const storage = await engine.openCurrent()
      try {
        await storage.migrate()
        expect(await storage.support.getAgent('app_a', 'ann')).toMatchObject({ capacity: 3, teams: ['billing'], availability: 'online', openCount: 1 })
        expect(await storage.support.listNotes('app_a', 'conv_1')).toMatchObject([{ id: 'note_1', authorId: 'ann', text: 'Refund approved, 退款已批准' }])
        expect(await storage.support.listCannedReplies('app_a')).toMatchObject([{ id: 'cr_1', shortcut: '/thanks', text: 'Thanks for waiting!' }])
        expect(await storage.support.getSettings('app_a')).toEqual({ handoffPhrases: ['human please'] })
        expect(await storage.tools!.getTool('app_a', 'tool_1')).toMatchObject({ name: 'order_status', kind: 'http', risk: 'low', http: { method: 'GET' }, parameters: { type: 'object' }, secretsCiphertext: 'sealed-secrets' })
        expect(await storage.tools!.listMcpServers('app_a')).toMatchObject([{ id: 'mcp_1', url: 'https://mcp.test/sse' }])
        expect(await storage.compliance!.listHolds('app_a')).toMatchObject([{ kind: 'user', targetId: 'bob', reason: 'case 7', createdAt: now }])
        expect(await storage.compliance!.getPolicy('app_a', 'conv_1')).toMatchObject({ messagesDays: 30, filesDays: 7 })
        expect(await storage.compliance!.getErasure('app_a', 'carl')).toMatchObject({ pseudonym: 'erased_x1', erasedAt: now })
        expect(await storage.evaluations!.feedbackOf('app_a', 'conv_1', 3)).toMatchObject([{ id: 'fb_1', rating: 'down', reason: 'outdated', comment: 'Price changed', variantId: 'b', createdAt: now }])
        expect(await storage.evaluations!.getSet('app_a', 'set_1')).toMatchObject({ name: 'Pricing', version: 1 })
        expect(await storage.evaluations!.getSetVersion('app_a', 'set_1', 1)).toMatchObject({ items: [{ question: 'What does it cost?', expected: ['12 euros'] }], origin: 'manual' })
        expect((await storage.evaluations!.getVariants('app_a', 'helper'))?.variants.map((variant) => variant.id)).toEqual(['a', 'b'])
        expect(await storage.knowledgeSources!.getSource('app_a', 'src_1')).toMatchObject({ kbId: 'kb_1', kind: 'sitemap', settings: { url: 'https://docs.test/sitemap.xml' }, status: 'active', everyMinutes: 60 })
        expect(await storage.knowledgeSources!.listCurations('app_a', 'kb_1')).toMatchObject([{ id: 'cur_1', action: 'pin', question: 'Refund time?', needsReview: true }])
        expect(await storage.push.listTargets('app_a', 'ann')).toMatchObject([{ deviceId: 'phone', provider: 'fcm', address: 'fcm-token-1' }])
        expect(await storage.push.getCredential('app_a', 'fcm')).toMatchObject({ sealed: 'sealed-credential', publicInfo: { projectId: 'shop' } })
        expect(await storage.push.preferencesOf('app_a', ['ann'])).toMatchObject([{ enabled: true, mentionsOverrideMute: false, doNotDisturb: { start: '22:00', timeZone: 'Asia/Shanghai' } }])
        expect(await storage.appKeys!.get('app_a')).toMatchObject({ wrapped: 'wrapped-key', masterKeyId: 'mk_1', createdAt: now })

        // Today's stores write next to the upgraded rows.
        await storage.evaluations!.addFeedback({ appId: 'app_a', id: 'fb_2', conversationId: 'conv_1', seq: 3, userId: 'bob', rating: 'up', reason: null, comment: null, botId: 'helper', question: null, answer: null, variantId: null, createdAt: now + 1 })
        expect((await storage.evaluations!.feedbackOf('app_a', 'conv_1', 3)).map((entry) => entry.id)).toEqual(['fb_1', 'fb_2'])
        await storage.support.createCannedReply({ appId: 'app_a', id: 'cr_2', shortcut: '/bye', text: 'Bye!', createdAt: now + 1, updatedAt: now + 1 })
        expect((await storage.support.listCannedReplies('app_a')).map((reply) => reply.shortcut).sort()).toEqual(['/bye', '/thanks'])
        expect(await storage.compliance!.deleteHold('app_a', 'user', 'bob')).toBe(true)
        expect(await storage.compliance!.listHolds('app_a')).toEqual([])
      } finally {
        await storage.close()
      }
    })
  })
}
