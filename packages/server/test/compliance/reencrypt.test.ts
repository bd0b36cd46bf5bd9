import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadSecretKey, SecretBox } from '../../src/bots/secret-box.js'
import { keysCommand } from '../../src/cli/keys-command.js'
import type { AppKeyring } from '../../src/compliance/keys/app-keyring.js'
import { FILE_MAGIC } from '../../src/compliance/keys/file-cipher.js'
import { REENCRYPT_CURSOR_KEY, reencryptAll } from '../../src/compliance/keys/reencrypt.js'
import { searchTokensColumn } from '../../src/storage/postgres/postgres-search-terms.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { FAST_WEBHOOKS, TestReceiver } from '../webhooks/receiver.js'
import { ENGINES, type RawDatabase } from './engine-fixture.js'

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** Runs `fn` with these variables in process.env (the CLI reads its configuration there). */
async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env }
  for (const name of ['WARBLER_MASTER_KEY', 'WARBLER_MASTER_KEY_FILE', 'WARBLER_DATABASE_URL']) delete process.env[name]
  Object.assign(process.env, env)
  try {
    return await fn()
  } finally {
    for (const name of Object.keys(process.env)) if (saved[name] === undefined) delete process.env[name]
    Object.assign(process.env, saved)
  }
}

/** Every row of every table, as text (to look for words stored in the clear). */
async function everyRow(raw: RawDatabase, engine: string): Promise<string> {
  const tables =
    engine === 'sqlite'
      ? (await raw.query("SELECT name FROM sqlite_master WHERE type = 'table'")).map((row) => String(row.name))
      : (await raw.query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")).map((row) => String(row.name))
  const rows = await Promise.all(tables.map((table) => (engine === 'sqlite' ? raw.query(`SELECT * FROM "${table}"`) : raw.query(`SELECT t::text AS row FROM "${table}" t`))))
  return JSON.stringify(rows).toLowerCase()
}

const TEXTS = ['the ocelot sleeps at noon', 'a heron and an ocelot', 'tapir number three', 'lemur four', 'gecko five']
const WORDS = ['ocelot', 'heron', 'tapir', 'lemur', 'gecko', 'hedgehog', 'srcsecret', 'whsec_', 'quoll', 'numbat', 'bilby']
const FILE_TEXT = `hedgehog ${'z'.repeat(70_000)} hedgehog`

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`warbler keys reencrypt (${engine.name})`, () => {
    afterAll(() => engine.cleanup())

    it('seals what was stored before encryption at rest, in resumable batches, while the server runs; search, history, files and webhooks keep working', async () => {
      const { config, env } = engine.setup()
      const receiver = await TestReceiver.start()
      const server: TestServer = await startTestServer({ config, server: { webhooks: FAST_WEBHOOKS } })
      const raw = await engine.raw(server.dataDir, config.databaseUrl)
      try {
        const app = await server.createApp()
        const tokens = await createUsers(server, app, ['ann', 'ben'])
        const call = (method: string, path: string, body?: unknown) => server.rest(method, `/api/v1/apps/${app.id}${path}`, { secret: app.secret, ...(body === undefined ? {} : { body }) })
        const hook = (await call('POST', '/webhooks', { url: receiver.url, events: ['message.created'] })).body
        const group = (await call('POST', '/groups', { name: 'Ops', ownerId: 'ann', memberIds: ['ben'] })).body
        for (const text of TEXTS) await call('POST', '/messages', { from: 'ann', conversationId: group.id, body: { type: 'text', text } })
        await receiver.waitFor(TEXTS.length)
        const form = new FormData()
        form.append('conversationId', group.id)
        form.append('file', new Blob([FILE_TEXT], { type: 'text/plain' }), 'notes.txt')
        const file = (await (await fetch(`${server.url}/api/v1/apps/${app.id}/files`, { method: 'POST', headers: { authorization: `Bearer ${tokens.ann}` }, body: form })).json()) as { id: string; url: string }
        expect((await call('PUT', '/agents/ben', {})).status).toBe(200)
        expect((await call('POST', `/conversations/${group.id}/notes`, { authorId: 'ben', text: 'sealed now' })).status).toBe(201)
        expect((await call('POST', `/conversations/${group.id}/handoff`, { reason: 'other', summary: 'sealed too' })).status).toBeLessThan(300)
        const kb = (await call('POST', '/knowledge-bases', { name: 'Docs' })).body
        await call('POST', `/knowledge-bases/${kb.id}/sources`, { kind: 'fastgpt-api', url: 'https://library.example.com/api', token: 'srcsecret-1', paused: true })

        // Make the data look as an install from before encryption at rest left it.
        const signingKey = (await server.server.context.storage.apps.get(app.id))!.signingKey
        const webhookSecret = (await server.server.context.storage.webhooks.get(app.id, hook.id))!.secret
        await raw.query('UPDATE apps SET signing_key = ? WHERE id = ?', [signingKey, app.id])
        await raw.query('UPDATE webhooks SET secret = ? WHERE app_id = ?', [webhookSecret, app.id])
        await raw.query('UPDATE knowledge_sources SET sealed_secret = ? WHERE app_id = ?', [new SecretBox(loadSecretKey(server.dataDir)).encrypt('srcsecret-1'), app.id])
        const events = await raw.query("SELECT seq FROM events WHERE app_id = ? AND kind = 'message' ORDER BY seq", [app.id])
        const messageSeqs = events.map((row) => Number(row.seq)).slice(0, TEXTS.length)
        for (const [index, seq] of messageSeqs.entries()) {
          await raw.query('UPDATE events SET body = ? WHERE app_id = ? AND conversation_id = ? AND seq = ?', [JSON.stringify({ type: 'text', text: TEXTS[index] }), app.id, group.id, seq])
          const plainTerms = searchTokensColumn(TEXTS[index])
          if (engine.name === 'sqlite') {
            await raw.query('UPDATE message_search SET tokens = ? WHERE rowid = (SELECT search_rowid FROM events WHERE app_id = ? AND conversation_id = ? AND seq = ?)', [plainTerms, app.id, group.id, seq])
          } else {
            await raw.query('UPDATE message_search SET tokens = ? WHERE app_id = ? AND conversation_id = ? AND seq = ?', [plainTerms, app.id, group.id, seq])
          }
        }
        await raw.query('UPDATE events SET ext = ? WHERE app_id = ? AND conversation_id = ? AND seq = ?', [JSON.stringify({ note: 'a quoll note', forwardedFrom: { senderId: 'ben' } }), app.id, group.id, messageSeqs[0]])
        const deliveries = await raw.query('SELECT id FROM webhook_deliveries WHERE app_id = ?', [app.id])
        for (const { id } of deliveries) await raw.query('UPDATE webhook_deliveries SET payload = ? WHERE app_id = ? AND id = ?', [JSON.stringify({ data: { from: 'ben', text: 'a gecko payload' } }), app.id, id])
        await raw.query('UPDATE support_notes SET text = ? WHERE app_id = ?', ['a numbat note', app.id])
        await raw.query('UPDATE support_states SET summary = ? WHERE app_id = ?', ['a bilby summary', app.id])
        const storedFile = join(server.dataDir, 'files', app.id, file.id)
        writeFileSync(storedFile, FILE_TEXT)
        expect(await everyRow(raw, engine.name)).toContain('ocelot')

        // Everything still reads as it is (the upgrade path)…
        const search = async (q: string) => (await call('GET', `/users/ben/search?q=${encodeURIComponent(q)}`)).body.hits.map((hit: any) => hit.event.body.text).sort()
        expect(await search('ocelot')).toEqual([TEXTS[0], TEXTS[1]].sort())
        expect(await (await fetch(`${server.url}${file.url}`)).text()).toBe(FILE_TEXT)

        // …then a run stopped after two batches of two rows, and the command finishing it.
        const keyring = (server.server.context.boxes as { keyring: AppKeyring }).keyring
        const partial = await reencryptAll({ store: server.server.context.storage.compliance!, settings: server.server.context.storage.settings, engine: server.server.context.storage.kind, boxOf: (appId) => keyring.box(appId), batchSize: 2, maxBatches: 2 })
        expect(partial.done).toBe(false)
        expect(partial.rewritten['message bodies']).toBe(4)
        expect(JSON.parse((await server.server.context.storage.settings.get(REENCRYPT_CURSOR_KEY))!).target).toBe('message bodies')
        let output = ''
        const code = await withEnv({ WARBLER_DATA_DIR: server.dataDir, ...env }, () => keysCommand(['reencrypt', '--batch', '3'], (text) => (output += text)))
        expect(code, output).toBe(0)
        expect(output).toMatch(/message bodies: 1\n/)
        expect(output).toMatch(/search index: 5\n/)
        expect(output).toMatch(/message ext: 1\n/)
        expect(output).toMatch(/webhook payloads: 5\n/)
        expect(output).toMatch(/user-token signing keys: 1\n/)
        expect(output).toMatch(/webhook secrets: 1\n/)
        expect(output).toMatch(/knowledge source tokens: 1\n/)
        expect(output).toMatch(/files: 1\n/)
        expect(output).toMatch(/support notes: 1\n/)
        expect(output).toMatch(/hand-off summaries: 1\n/)

        // Nothing of it is left in the clear, in any row or file…
        const rows = await everyRow(raw, engine.name)
        for (const word of WORDS) expect(rows.includes(word), word).toBe(false)
        expect(rows.includes(signingKey.toLowerCase())).toBe(false)
        expect(readFileSync(storedFile).subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC)).toBe(true)
        for (const path of filesUnder(server.dataDir)) expect(readFileSync(path).includes(Buffer.from('hedgehog')), path).toBe(false)

        // …and everything works as before: search by the blind index, history, the file, tokens signed with the key, the webhook log.
        expect(await search('ocelot')).toEqual([TEXTS[0], TEXTS[1]].sort())
        expect(await search('tapir')).toEqual([TEXTS[2]])
        const history = (await call('GET', `/conversations/${group.id}/messages?limit=20`)).body
        for (const text of TEXTS) expect(JSON.stringify(history)).toContain(text)
        expect(history.items.find((event: any) => event.seq === messageSeqs[0]).ext).toEqual({ note: 'a quoll note', forwardedFrom: { senderId: 'ben' } })
        expect(await (await fetch(`${server.url}${file.url}`)).text()).toBe(FILE_TEXT)
        const range = await fetch(`${server.url}${file.url}`, { headers: { range: 'bytes=0-7' } })
        expect([range.status, await range.text()]).toEqual([206, 'hedgehog'])
        expect((await server.rest('GET', `/api/v1/apps/${app.id}/files/${file.id}/url`, { secret: tokens.ben })).status).toBe(200)
        const delivery = await server.server.context.storage.webhooks.getDelivery(app.id, hook.id, String(deliveries[0]!.id))
        expect(JSON.parse(delivery!.payload).data.text).toBe('a gecko payload')
        const sealedToken = (await raw.query('SELECT sealed_secret FROM knowledge_sources'))[0]!.sealed_secret as string
        expect((await keyring.box(app.id)).decrypt(sealedToken)).toBe('srcsecret-1')

        // The support texts read back opened.
        expect((await call('GET', `/conversations/${group.id}/notes`)).body.items.map((note: any) => note.text)).toEqual(['a numbat note'])
        expect((await call('GET', `/conversations/${group.id}/support`)).body.summary).toBe('a bilby summary')

        // A second run finds nothing to do.
        output = ''
        expect(await withEnv({ WARBLER_DATA_DIR: server.dataDir, ...env }, () => keysCommand(['reencrypt'], (text) => (output += text)))).toBe(0)
        expect(output).not.toMatch(/: [1-9]/)
      } finally {
        await raw.close()
        await server.close()
        await receiver.close()
      }
    })
  })
}
