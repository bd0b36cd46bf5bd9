import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

// Security review finding 9: the keyword filter was bypassed by invisible characters, combining marks
// and look-alike letters. Each disguise below, sent for real over the WebSocket and REST, must be
// caught; masking must hide the disguised word in the stored text and nothing else.
const DISGUISES: [string, string][] = [
  ['zero-width space', 'sp\u200bam'],
  ['zero-width joiner and non-joiner', 's\u200dp\u200cam'],
  ['soft hyphen', 'sp\u00adam'],
  ['NUL', 'sp\u0000am'],
  ['bidi override', 'sp\u202ea\u202cm'],
  ['bidi isolate', 's\u2066pa\u2069m'],
  ['combining marks', 's\u0301p\u0308a\u0323m'],
  ['Cyrillic look-alikes', 'ѕраm'],
  ['Greek look-alikes', 'sΡΑm'],
  ['full-width forms', 'ＳＰＡＭ'],
  ['mathematical letters', '𝐬𝐩𝐚𝐦'],
  ['all at once', 'Ｓ\u200bр\u00adа\u0301м'],
]

describe('keyword filter against disguised words, through the server', () => {
  let server: TestServer
  let app: { id: string; secret: string }
  let client: RawClient
  let groupId: string

  const setFilter = (mode: 'block' | 'mask', words: string[]) =>
    server.rest('PATCH', `/api/v1/apps/${app.id}/settings`, { secret: app.secret, body: { keywordFilter: { mode, words } } })

  beforeAll(async () => {
    server = await startTestServer()
    app = await server.createApp()
    const tokens = await createUsers(server, app, ['ann', 'ben'])
    groupId = (await server.rest('POST', `/api/v1/apps/${app.id}/groups`, { secret: app.secret, body: { name: 'G', ownerId: 'ann', memberIds: ['ben'] } })).body.id
    client = await RawClient.connect(server.url, tokens.ann!)
  })
  afterAll(async () => {
    client?.close()
    await server.close()
  })

  it.each(DISGUISES)('blocks "spam" disguised by %s, over the WebSocket and REST', async (_name, disguised) => {
    expect((await setFilter('block', ['spam'])).status).toBe(200)
    const overWs = await client.sendMessage(groupId, `buy ${disguised} now`)
    expect(overWs).toMatchObject({ type: 'error', code: 'content_blocked' })
    const overRest = await server.rest('POST', `/api/v1/apps/${app.id}/messages`, { secret: app.secret, body: { from: 'ben', conversationId: groupId, body: { type: 'text', text: `buy ${disguised} now` } } })
    expect(overRest.status).toBe(422)
    expect(overRest.body.error.code).toBe('content_blocked')
  })

  it('masks the disguised word, its marks and invisible characters in the stored text, and keeps the rest', async () => {
    expect((await setFilter('mask', ['spam', '坏蛋'])).status).toBe(200)
    const sent = await client.sendMessage(groupId, 'é 🐦 ѕр\u200bаm\u0301! 坏\u200b蛋 ok')
    expect(sent.type).toBe('ack')
    const page = await client.request({ type: 'history', conversationId: groupId, afterSeq: sent.seq - 1 })
    expect(page.type, JSON.stringify(page)).toBe('result')
    expect(page.data.events[0].body.text).toBe('é 🐦 ******! *** ok')
  })

  it('leaves ordinary text alone, accented and non-Latin included', async () => {
    expect((await setFilter('block', ['spam', 'かき'])).status).toBe(200)
    for (const text of ['spa m is two words', 'がき is another word', 'Привет, мир', 'Καλημέρα']) {
      expect((await client.sendMessage(groupId, text)).type).toBe('ack')
    }
  })
})
