import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createUsers, startTestServer } from '../helpers/test-server.js'
import { ENGINES } from './engine-fixture.js'

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** The words of `words` found in plaintext (UTF-8) in any file under `dir`, with the file. */
function plaintextIn(dir: string, words: readonly string[]): string[] {
  const found: string[] = []
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file)
    for (const word of words) if (bytes.includes(Buffer.from(word, 'utf8'))) found.push(`${word} in ${file}`)
  }
  return found
}

// Distinctive words no key, id or JSON field could contain by chance.
const WORDS = ['zebrafish', 'quokka', 'marmalade', '7731', '猕猴桃']
const TEXT = 'Zebrafish and quokka eat marmalade at 7731 Harbour Road, 我们吃猕猴桃'
const EDITED_WORD = 'pangolin'

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`message bodies encrypted at rest (${engine.name})`, () => {
    afterAll(() => engine.cleanup())

    it('keeps the text of a conversation out of every file of the data dir (and every row), while search still finds it', async () => {
      const { config } = engine.setup()
      const server = await startTestServer({ config })
      const raw = await engine.raw(server.dataDir, config.databaseUrl)
      try {
        const app = await server.createApp()
        await createUsers(server, app, ['ann', 'ben'])
        const call = (method: string, path: string, body?: unknown) => server.rest(method, `/api/v1/apps/${app.id}${path}`, { secret: app.secret, ...(body === undefined ? {} : { body }) })
        const group = (await call('POST', '/groups', { name: 'Ops', ownerId: 'ann', memberIds: ['ben'] })).body
        const sent = (await call('POST', '/messages', { from: 'ann', conversationId: group.id, body: { type: 'text', text: TEXT } })).body
        expect(sent.seq).toBeGreaterThan(0)
        const second = (await call('POST', '/messages', { from: 'ben', conversationId: group.id, body: { type: 'text', text: 'quokka again, quokka twice' } })).body
        expect((await call('POST', `/conversations/${group.id}/messages/${second.seq}/edit`, { as: 'ben', body: { type: 'text', text: `a ${EDITED_WORD} now` } })).status).toBe(200)

        // Search still finds them: Latin words, a number, Chinese, an edit's new text; history reads the text back.
        const search = async (q: string) => (await call('GET', `/users/ben/search?q=${encodeURIComponent(q)}`)).body.hits.map((hit: any) => hit.event.body.text)
        expect(await search('quokka')).toEqual([TEXT])
        expect(await search('MARMALADE zebrafish')).toEqual([TEXT])
        expect(await search('7731')).toEqual([TEXT])
        expect(await search('猕猴桃')).toEqual([TEXT])
        expect(await search(EDITED_WORD)).toEqual([`a ${EDITED_WORD} now`])
        expect(await search('twice')).toEqual([])
        const history = (await call('GET', `/conversations/${group.id}/messages?limit=10`)).body
        expect(JSON.stringify(history)).toContain(TEXT)

        // Nowhere in plaintext: not in the database file, its WAL, nor any other file of the data dir…
        const words = [...WORDS, EDITED_WORD, 'twice']
        expect(plaintextIn(server.dataDir, words)).toEqual([])
        // …nor in any row of any table (on PostgreSQL the data lives outside the data dir).
        const tables =
          engine.name === 'sqlite'
            ? (await raw.query("SELECT name FROM sqlite_master WHERE type = 'table'")).map((row) => String(row.name))
            : (await raw.query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")).map((row) => String(row.name))
        expect(tables).toContain('events')
        for (const table of tables) {
          const rows = engine.name === 'sqlite' ? await raw.query(`SELECT * FROM "${table}"`) : await raw.query(`SELECT t::text AS row FROM "${table}" t`)
          const text = JSON.stringify(rows).toLowerCase()
          for (const word of words) expect(text.includes(word), `${word} in ${table}`).toBe(false)
        }
      } finally {
        await raw.close()
        await server.close()
      }
    })
  })
}
