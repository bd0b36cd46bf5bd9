import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { redisSkipReason, TEST_REDIS_URL, testPrefix } from '../../src/bus/redis/testing/redis-test-server.js'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { createOwner, signIn } from '../console/console-client.js'
import { FAST_WEBHOOKS, TestReceiver } from '../webhooks/receiver.js'
import { ENGINES } from './engine-fixture.js'
import { download, filesUnder, plaintextIn, tablesOf, upload, wordsInRows } from './plaintext.js'

const redisSkip = await redisSkipReason()

/** Retries until `done` holds or 5 s pass. */
async function eventually<T>(attempt: () => Promise<T>, done: (result: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5000
  for (;;) {
    const result = await attempt()
    if (done(result) || Date.now() > deadline) return result
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

// Words no id, key or MAC holds by chance: the message text, an edit, a file, a support note.
const WORDS = ['gazelle', 'wombat', 'tangerine', '58120397', '火龙果']
const FILE_WORDS = ['ibex', 'dugong']
const NOTE = 'customer prefers the meerkat plan'
const KB_WORD = 'chinchilla'
/** Tables the deletion keeps: the audit record, its personal rows of the deletion itself, the key marker. */
const KEPT_TABLES = ['audit_chain', 'audit_personal', 'audit_log', 'app_keys']

for (const engine of ENGINES) {
  describe.skipIf(engine.skip ?? redisSkip)(`deleting an app (${engine.name}, two nodes)`, () => {
    afterAll(() => engine.cleanup())

    it('shreds its key, ends its secret, tokens and sessions on every node, and purges every row and file', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'warbler-app-delete-'))
      const { config } = engine.setup()
      const clusterConfig = { ...config, redisUrl: `${TEST_REDIS_URL}?prefix=${encodeURIComponent(testPrefix())}` }
      const nodeA = await startTestServer({ dataDir, config: clusterConfig, server: { webhooks: FAST_WEBHOOKS } })
      const nodeB = await startTestServer({ dataDir, config: clusterConfig, server: { webhooks: FAST_WEBHOOKS } })
      const raw = await engine.raw(dataDir, config.databaseUrl)
      const receiver = await TestReceiver.start()
      let sockets: RawClient[] = []
      try {
        const app = await nodeA.createApp('Doomed app')
        const other = await nodeA.createApp('Kept app')
        const tokens = await createUsers(nodeA, app, ['ann', 'ben'])
        await createUsers(nodeA, other, ['ann'])
        const call = (node: TestServer, method: string, path: string, options: { secret?: string; body?: unknown } = {}) =>
          node.rest(method, `/api/v1/apps/${app.id}${path}`, { secret: app.secret, ...options })
        expect((await call(nodeA, 'POST', '/webhooks', { body: { url: receiver.url, events: ['message.created'] } })).status).toBe(201)
        const group = (await call(nodeA, 'POST', '/groups', { body: { name: 'Ops', ownerId: 'ann', memberIds: ['ben'] } })).body
        const sent = await call(nodeA, 'POST', '/messages', { body: { from: 'ann', conversationId: group.id, body: { type: 'text', text: `${WORDS.join(' ')} at the harbour` } } })
        expect(sent.status).toBe(200)
        expect((await call(nodeA, 'PUT', '/agents/ben', { body: {} })).status).toBe(200)
        expect((await call(nodeA, 'POST', `/conversations/${group.id}/notes`, { body: { authorId: 'ben', text: NOTE } })).status).toBe(201)
        const file = await upload(nodeA, app.id, tokens.ann!, group.id, `${FILE_WORDS[0]} ${'z'.repeat(70_000)} ${FILE_WORDS[1]}`, 'plan.txt', 'text/plain')
        expect((await download(nodeA, file.url)).status).toBe(200)
        await receiver.waitFor(1)
        // A knowledge base (not encrypted at rest: only the purge removes it), its passages indexed.
        const kb = (await call(nodeA, 'POST', '/knowledge-bases', { body: { name: 'Handbook' } })).body
        const doc = (await call(nodeA, 'POST', `/knowledge-bases/${kb.id}/documents`, { body: { title: 'Returns', text: `# Returns\n\nThe ${KB_WORD} desk takes returns within 30 days.`, format: 'markdown' } })).body
        const indexed = await eventually(async () => (await call(nodeA, 'GET', `/knowledge-bases/${kb.id}/documents/${doc.id}`)).body.status, (status) => status === 'ready' || status === 'failed')
        expect(indexed).toBe('ready')
        expect(JSON.stringify((await call(nodeA, 'POST', `/knowledge-bases/${kb.id}/search`, { body: { query: KB_WORD, topK: 3 } })).body)).toContain(KB_WORD)
        const otherGroup = (await nodeB.rest('POST', `/api/v1/apps/${other.id}/groups`, { secret: other.secret, body: { name: 'Kept', ownerId: 'ann', memberIds: [] } })).body
        await nodeB.rest('POST', `/api/v1/apps/${other.id}/messages`, { secret: other.secret, body: { from: 'ann', conversationId: otherGroup.id, body: { type: 'text', text: 'still here' } } })
        // Node B holds the app's key and signing key in memory, and a live session of ben.
        expect(JSON.stringify((await call(nodeB, 'GET', `/conversations/${group.id}/messages?limit=10`)).body)).toContain('gazelle')
        const ben = await RawClient.connect(nodeB.url, tokens.ben!)
        sockets.push(ben)
        const headBefore = (await nodeA.rest('GET', '/api/v1/audit/head', { secret: nodeA.operatorKey })).body

        // Only the operator key may delete, and only with the app's id typed again.
        const refused = await call(nodeA, 'DELETE', `?confirm=${app.id}`)
        expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden'])
        // A console owner through the console's proxy (the account's role in that one app) cannot either.
        const owner = await signIn(nodeA, await createOwner(nodeA))
        for (const path of [`/apps/${app.id}/api?confirm=${app.id}`, `/apps/${app.id}/api/?confirm=${app.id}`]) {
          const proxied = await owner.call('DELETE', path)
          expect(proxied.status, path).toBeGreaterThanOrEqual(400)
          expect(proxied.status, path).not.toBe(401)
        }
        expect((await call(nodeA, 'GET', '/settings')).status).toBe(200)
        expect((await call(nodeA, 'DELETE', '', { secret: nodeA.operatorKey })).status).toBe(400)
        const mismatch = await call(nodeA, 'DELETE', `?confirm=${other.id}`, { secret: nodeA.operatorKey })
        expect([mismatch.status, mismatch.body.error.details.reason]).toEqual([400, 'confirmation_mismatch'])
        // A legal hold refuses it until it is lifted.
        expect((await call(nodeA, 'PUT', '/legal-holds/user/ann', { body: { reason: 'case 7' } })).status).toBeLessThan(300)
        const held = await call(nodeA, 'DELETE', `?confirm=${app.id}`, { secret: nodeA.operatorKey })
        expect([held.status, held.body.error.details.reason]).toEqual([409, 'legal_hold'])
        expect((await call(nodeA, 'DELETE', '/legal-holds/user/ann')).status).toBeLessThan(300)

        const deleted = await call(nodeA, 'DELETE', `?confirm=${app.id}`, { secret: nodeA.operatorKey })
        expect(deleted.status).toBe(202)
        expect(deleted.body).toMatchObject({ appId: app.id, keyDestroyed: true, purge: 'running', repeated: false })
        expect(deleted.body.stopped.webhooks).toBe(1)

        // Node B closed ben's session and refuses the app's tokens; the app secret and the operator get app_not_found.
        await eventually(async () => ben.closeCode, (code) => code !== undefined)
        expect(ben.closeCode).toBeDefined()
        await expect(RawClient.connect(nodeB.url, tokens.ann!)).rejects.toThrow(/app_not_found/)
        for (const node of [nodeA, nodeB]) {
          const withSecret = await call(node, 'GET', `/conversations/${group.id}/messages?limit=10`)
          expect([withSecret.status, withSecret.body.error.code]).toEqual([404, 'app_not_found'])
          const asOperator = await call(node, 'GET', '/settings', { secret: node.operatorKey })
          expect([asOperator.status, asOperator.body.error.code]).toEqual([404, 'app_not_found'])
          expect((await download(node, file.url)).status).toBeGreaterThanOrEqual(400)
        }
        const again = await call(nodeA, 'DELETE', `?confirm=${app.id}`, { secret: nodeA.operatorKey })
        expect([again.status, again.body.error.code]).toEqual([404, 'app_not_found'])
        const listed = (await nodeA.rest('GET', '/api/v1/apps?limit=100', { secret: nodeA.operatorKey })).body.items.map((item: { id: string }) => item.id)
        expect(listed).toContain(other.id)
        expect(listed).not.toContain(app.id)

        // The purge ends: no row of the app is left but the audit record and the key marker…
        await nodeA.server.context.compliance.appPurge!.idle()
        await nodeB.server.context.compliance.appPurge!.idle()
        const left = await eventually(async () => (await raw.query('SELECT id FROM apps WHERE id = ?', [app.id])).length, (count) => count === 0)
        expect(left).toBe(0)
        for (const table of await tablesOf(engine, raw)) {
          if (KEPT_TABLES.includes(table)) continue
          const columns = engine.name === 'sqlite' ? (await raw.query(`SELECT name FROM pragma_table_info('${table}')`)).map((row) => String(row.name)) : []
          if (engine.name === 'sqlite' && !columns.includes('app_id')) continue
          const rows = engine.name === 'sqlite'
            ? await raw.query(`SELECT count(*) AS n FROM "${table}" WHERE app_id = ?`, [app.id])
            : await raw.query(`SELECT count(*)::int AS n FROM "${table}" t WHERE t::text LIKE ?`, [`%${app.id}%`])
          expect(Number(rows[0]!.n), `${table} keeps rows of the deleted app`).toBe(0)
        }
        const [marker] = await raw.query('SELECT wrapped, destroyed_at FROM app_keys WHERE app_id = ?', [app.id])
        expect(marker!.wrapped).toBeNull()
        // …nothing readable of its messages, note and file is in any file of the data dir nor in any row.
        expect(filesUnder(join(dataDir, 'files')).filter((path) => path.includes(app.id))).toEqual([])
        const words = [...WORDS, ...FILE_WORDS, 'meerkat']
        expect(plaintextIn(dataDir, words)).toEqual([])
        // Knowledge bases are not encrypted at rest: their rows are gone, though on SQLite the bytes of
        // deleted rows stay in the WAL and free pages until overwritten (docs/compliance.md says so).
        expect(await wordsInRows(engine, raw, [...words, KB_WORD])).toEqual([])
        // The purge is in the audit chain, which still verifies; the record of the deletion kept its path.
        const purged = await raw.query("SELECT seq FROM audit_chain WHERE app_id = ? AND action = 'app.purge'", [app.id])
        expect(purged).toHaveLength(1)
        const deletion = await raw.query("SELECT p.target FROM audit_chain c JOIN audit_personal p ON p.seq = c.seq WHERE c.app_id = ? AND c.action = 'DELETE /api/v1/apps/:appId'", [app.id])
        expect(deletion.map((row) => row.target)).toEqual([`/api/v1/apps/${app.id}`])
        const verdict = await nodeA.server.context.compliance.chain.verify({ anchor: { seq: headBefore.seq, mac: headBefore.mac } })
        expect(verdict.ok).toBe(true)

        // The other app is untouched on both nodes.
        for (const node of [nodeA, nodeB]) {
          const history = await node.rest('GET', `/api/v1/apps/${other.id}/conversations/${otherGroup.id}/messages?limit=10`, { secret: other.secret })
          expect(JSON.stringify(history.body)).toContain('still here')
        }
      } finally {
        for (const socket of sockets) socket.socket.close()
        sockets = []
        await receiver.close()
        await raw.close()
        await nodeB.close()
        await nodeA.close()
        rmSync(dataDir, { recursive: true, force: true })
      }
    })
  })
}
