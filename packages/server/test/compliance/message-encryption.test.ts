import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { FILE_MAGIC } from '../../src/compliance/keys/file-cipher.js'
import { createUsers, startTestServer } from '../helpers/test-server.js'
import { FAST_WEBHOOKS, TestReceiver } from '../webhooks/receiver.js'
import { ENGINES } from './engine-fixture.js'
import { download, filesUnder, plaintextIn, upload, wordsInRows } from './plaintext.js'

// Distinctive words no key, id or JSON field could contain by chance (a number long enough that no hex
// MAC, hash or base64 key in the database happens to hold it).
const WORDS = ['zebrafish', 'quokka', 'marmalade', '77319042', '猕猴桃']
const TEXT = 'Zebrafish and quokka eat marmalade at 77319042 Harbour Road, 我们吃猕猴桃'
const EDITED_WORD = 'pangolin'
const FILE_WORDS = ['axolotl', 'narwhal', 'okapi']
const SOURCE_TOKEN = 'capybara-library-token'
const EXT = { orderNote: 'deliver to the wallaby enclosure', tags: ['vip'] }
const NOTE = 'customer is the platypus keeper, refund approved'
const SUMMARY = 'wants the echidna order cancelled'

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`message bodies encrypted at rest (${engine.name})`, () => {
    afterAll(() => engine.cleanup())

    it('keeps the text of a conversation out of every file of the data dir (and every row), while search still finds it', async () => {
      const { config } = engine.setup()
      const server = await startTestServer({ config, server: { webhooks: FAST_WEBHOOKS } })
      const raw = await engine.raw(server.dataDir, config.databaseUrl)
      const receiver = await TestReceiver.start()
      try {
        const app = await server.createApp()
        const tokens = await createUsers(server, app, ['ann', 'ben'])
        const call = (method: string, path: string, body?: unknown) => server.rest(method, `/api/v1/apps/${app.id}${path}`, { secret: app.secret, ...(body === undefined ? {} : { body }) })
        // A webhook: its deliveries (the outbox, then the delivery log) keep each payload, the message text in it.
        expect((await call('POST', '/webhooks', { url: receiver.url, events: ['message.created'] })).status).toBe(201)
        const group = (await call('POST', '/groups', { name: 'Ops', ownerId: 'ann', memberIds: ['ben'] })).body
        const sent = (await call('POST', '/messages', { from: 'ann', conversationId: group.id, body: { type: 'text', text: TEXT }, ext: EXT })).body
        expect(sent.seq).toBeGreaterThan(0)
        const second = (await call('POST', '/messages', { from: 'ben', conversationId: group.id, body: { type: 'text', text: 'quokka again, quokka twice' } })).body
        expect((await call('POST', `/conversations/${group.id}/messages/${second.seq}/edit`, { as: 'ben', body: { type: 'text', text: `a ${EDITED_WORD} now` } })).status).toBe(200)

        // Search still finds them: Latin words, a number, Chinese, an edit's new text; history reads the text back.
        const search = async (q: string) => (await call('GET', `/users/ben/search?q=${encodeURIComponent(q)}`)).body.hits.map((hit: any) => hit.event.body.text)
        expect(await search('quokka')).toEqual([TEXT])
        expect(await search('MARMALADE zebrafish')).toEqual([TEXT])
        expect(await search('77319042')).toEqual([TEXT])
        expect(await search('猕猴桃')).toEqual([TEXT])
        expect(await search(EDITED_WORD)).toEqual([`a ${EDITED_WORD} now`])
        expect(await search('twice')).toEqual([])
        const history = (await call('GET', `/conversations/${group.id}/messages?limit=10`)).body
        expect(JSON.stringify(history)).toContain(TEXT)
        // The message's ext (an app's custom data) reads back whole, from history and search.
        expect(history.items.find((event: any) => event.seq === sent.seq).ext).toEqual(EXT)
        expect((await call('GET', `/users/ben/search?q=quokka`)).body.hits[0].event.ext).toEqual(EXT)

        // The receiver got the text (the dispatcher opens the sealed payload), and the log still holds the deliveries.
        const delivered = await receiver.waitFor(2)
        expect(delivered.map((request) => JSON.parse(request.body).data.message.body.text).sort()).toEqual([TEXT, 'quokka again, quokka twice'].sort())
        const deliveries = await raw.query('SELECT payload FROM webhook_deliveries')
        expect(deliveries.length).toBe(2)

        // Support: an agent's private note and a hand-off summary (personal data about the customer) read back whole.
        expect((await call('PUT', '/agents/ben', {})).status).toBe(200)
        expect((await call('POST', `/conversations/${group.id}/notes`, { authorId: 'ben', text: NOTE })).status).toBe(201)
        expect((await call('POST', `/conversations/${group.id}/handoff`, { reason: 'customer_request', summary: SUMMARY })).status).toBeLessThan(300)
        expect((await call('GET', `/conversations/${group.id}/notes`)).body.items.map((note: any) => note.text)).toEqual([NOTE])
        expect((await call('GET', `/conversations/${group.id}/support`)).body.summary).toBe(SUMMARY)

        // A knowledge source's bearer token, sealed with the app key (the sync that would use it is paused).
        const kb = (await call('POST', '/knowledge-bases', { name: 'Docs' })).body
        const source = await call('POST', `/knowledge-bases/${kb.id}/sources`, { kind: 'fastgpt-api', url: 'https://library.example.com/api', token: SOURCE_TOKEN, paused: true })
        expect([source.status, source.body.hasToken]).toEqual([201, true])
        const [sealedToken] = await raw.query('SELECT sealed_secret FROM knowledge_sources')
        expect(String(sealedToken!.sealed_secret)).toMatch(/^a1:/)

        // A file (several 64 KiB chunks, the words in its first, middle and last chunk) and an image with a thumbnail.
        const document = `${FILE_WORDS[0]} ${'x'.repeat(100_000)} ${FILE_WORDS[1]} ${'y'.repeat(60_000)} ${FILE_WORDS[2]}`
        const file = await upload(server, app.id, tokens.ann!, group.id, document, 'notes.txt', 'text/plain')
        expect((await download(server, file.url)).bytes.toString()).toBe(document)
        const middle = document.indexOf(FILE_WORDS[1]!)
        const part = await download(server, file.url, { range: `bytes=${middle}-${middle + FILE_WORDS[1]!.length - 1}` })
        expect([part.status, part.bytes.toString()]).toEqual([206, FILE_WORDS[1]])
        const image = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#c0ffee' } }).png().toBuffer()
        const picture = await upload(server, app.id, tokens.ann!, group.id, image, 'photo.png', 'image/png')
        expect((await download(server, picture.url)).bytes.equals(image)).toBe(true)
        const thumb = (await call('GET', `/files/${picture.id}/url?variant=thumb`)).body
        const thumbnail = await download(server, thumb.url)
        expect([thumbnail.status, (await sharp(thumbnail.bytes).metadata()).format]).toEqual([200, 'webp'])
        // Every stored file and thumbnail is in the encrypted format, and none holds the image's bytes.
        const stored = filesUnder(join(server.dataDir, 'files'))
        expect(stored).toHaveLength(3)
        for (const path of stored) expect(readFileSync(path).subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC), path).toBe(true)
        for (const path of filesUnder(server.dataDir)) expect(readFileSync(path).includes(image.subarray(40, 200)), path).toBe(false)

        // An export of ann (her messages and files, as a zip) is kept encrypted until it is downloaded.
        const queued = (await call('POST', '/users/ann/export')).body
        let status = (await call('GET', `/exports/${queued.id}`)).body
        for (let attempt = 0; attempt < 100 && status.status !== 'ready'; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, 50))
          status = (await call('GET', `/exports/${queued.id}`)).body
        }
        expect(status.status).toBe('ready')
        const zip = await download(server, status.url)
        expect([zip.status, zip.bytes.subarray(0, 2).toString()]).toEqual([200, 'PK'])
        const kept = filesUnder(join(server.dataDir, 'exports'))
        expect(kept).toHaveLength(1)
        expect(readFileSync(kept[0]!).subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC)).toBe(true)

        // Nowhere in plaintext: not in the database file, its WAL, the files, nor any other file of the data dir…
        const words = [...WORDS, EDITED_WORD, 'twice', ...FILE_WORDS, SOURCE_TOKEN, 'wallaby', 'platypus', 'echidna']
        expect(plaintextIn(server.dataDir, words)).toEqual([])
        // …nor in any row of any table (on PostgreSQL the data lives outside the data dir).
        expect(await wordsInRows(engine, raw, words)).toEqual([])
      } finally {
        await receiver.close()
        await raw.close()
        await server.close()
      }
    })
  })
}
