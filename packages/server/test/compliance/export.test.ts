import JSZip from 'jszip'
import { WarblerClient } from '@warbler/sdk'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { ENGINES } from './engine-fixture.js'

const text = (value: string) => ({ type: 'text' as const, text: value })

for (const engine of ENGINES) {
  const suite = engine.skip ? describe.skip : describe
  suite(`export of a user (${engine.name})`, () => {
    let server: TestServer
    let app: { id: string; secret: string }
    let tokens: Record<string, string>
    const clients: WarblerClient[] = []
    const connect = async (user: string) => {
      const client = new WarblerClient({ url: server.url, token: tokens[user]!, requestTimeoutMs: 5000 })
      clients.push(client)
      await client.connect()
      return client
    }

    afterAll(() => engine.cleanup())
    beforeEach(async () => {
      server = await startTestServer({ config: engine.setup().config })
      app = await server.createApp('Exporting')
      tokens = await createUsers(server, app, ['alice', 'bob', 'carol'])
    })
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((client) => client.close()))
      await server.close()
    })

    /** Requests an export and waits for it to settle; returns the final status. */
    async function exportOf(userId: string): Promise<any> {
      const requested = await server.rest('POST', `/api/v1/apps/${app.id}/users/${userId}/export`, { secret: app.secret })
      expect(requested.status).toBe(202)
      expect(requested.body).toEqual({ id: expect.stringMatching(/^ex_/), status: 'queued' })
      for (let attempt = 0; attempt < 100; attempt++) {
        const status = await server.rest('GET', `/api/v1/apps/${app.id}/exports/${requested.body.id}`, { secret: app.secret })
        if (status.body.status === 'ready' || status.body.status === 'failed') return status.body
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      throw new Error('export did not finish')
    }

    async function unzip(url: string): Promise<JSZip> {
      const response = await fetch(`${server.url}${url}`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/zip')
      return JSZip.loadAsync(Buffer.from(await response.arrayBuffer()))
    }
    const jsonIn = async (zip: JSZip, name: string) => JSON.parse(await zip.file(name)!.async('string'))

    it('serves a zip of the profile, what the user sent and received as they saw it, and their files, through an expiring signed URL', async () => {
      const [alice, bob] = await Promise.all([connect('alice'), connect('bob')])
      const direct = await alice!.openDirect('bob')
      await alice!.send(direct.id, text('hi bob, from alice'))
      await bob!.send(direct.id, text('hello alice, from bob'))
      const hiddenSeq = (await bob!.send(direct.id, text('alice deleted this for herself'))).seq
      await alice!.messages.deleteForMe(direct.id, hiddenSeq)
      const other = await bob!.groups.create('Not hers', ['carol'])
      await bob!.send(other.id, text('bob and carol only'))
      const form = new FormData()
      form.append('conversationId', direct.id)
      form.append('file', new Blob(['alice file bytes 一二三'], { type: 'text/plain' }), 'notes.txt')
      expect((await fetch(`${server.url}/api/v1/apps/${app.id}/files`, { method: 'POST', headers: { authorization: `Bearer ${tokens.alice}` }, body: form })).status).toBe(201)

      const done = await exportOf('alice')
      expect(done).toMatchObject({ status: 'ready', userId: 'alice', expiresAt: expect.any(Number), url: expect.stringContaining('/download?expires=') })
      const zip = await unzip(done.url)
      expect(await jsonIn(zip, 'profile.json')).toMatchObject({ id: 'alice', name: 'alice' })
      expect((await jsonIn(zip, 'conversations.json')).map((conversation: any) => conversation.id)).toEqual([direct.id])
      const messages = await jsonIn(zip, `messages/${direct.id}.json`)
      const texts = messages.map((event: any) => event.body?.text)
      expect(texts).toContain('hi bob, from alice')
      expect(texts).toContain('hello alice, from bob')
      expect(texts).not.toContain('alice deleted this for herself')
      expect(zip.file(`messages/${other.id}.json`)).toBeNull()
      const files = await jsonIn(zip, 'files.json')
      expect(files).toMatchObject([{ name: 'notes.txt', mime: 'text/plain' }])
      expect(await zip.file(files[0].path)!.async('string')).toBe('alice file bytes 一二三')

      // The URL is the only credential: a changed signature or expiry is refused, another app sees no job.
      expect((await fetch(`${server.url}${done.url.replace(/signature=./, 'signature=A')}`)).status).toBe(404)
      expect((await fetch(`${server.url}${done.url.replace(/expires=\d+/, `expires=${done.expiresAt + 1}`)}`)).status).toBe(404)
      const otherApp = await server.createApp('Other')
      expect((await server.rest('GET', `/api/v1/apps/${otherApp.id}/exports/${done.id}`, { secret: otherApp.secret })).status).toBe(404)
      expect((await server.rest('GET', `/api/v1/apps/${app.id}/exports/${done.id}`, { secret: otherApp.secret })).status).toBe(401)
      expect((await server.rest('POST', `/api/v1/apps/${app.id}/users/nobody/export`, { secret: app.secret })).status).toBe(404)
    })

    it('takes up a job a stopped node left running, and one queued before a restart', async () => {
      const store = server.server.context.storage.compliance!
      const now = Date.now()
      await store.createExport({ appId: app.id, id: 'ex_stale', userId: 'bob', status: 'running', tokenHash: null, path: null, error: null, createdAt: now - 20 * 60_000, updatedAt: now - 11 * 60_000, expiresAt: null })
      await store.createExport({ appId: app.id, id: 'ex_fresh', userId: 'carol', status: 'running', tokenHash: null, path: null, error: null, createdAt: now, updatedAt: now, expiresAt: null })
      await store.createExport({ appId: app.id, id: 'ex_queued', userId: 'carol', status: 'queued', tokenHash: null, path: null, error: null, createdAt: now, updatedAt: now, expiresAt: null })
      await server.server.context.compliance.exports.kick()
      const status = async (id: string) => (await server.rest('GET', `/api/v1/apps/${app.id}/exports/${id}`, { secret: app.secret })).body.status
      expect(await status('ex_stale')).toBe('ready')
      expect(await status('ex_queued')).toBe('ready')
      expect(await status('ex_fresh')).toBe('running') // another node is still on it
    })

    it('exports nothing of an erased user', async () => {
      const alice = await connect('alice')
      const direct = await alice.openDirect('bob')
      await alice.send(direct.id, text('soon erased'))
      expect((await server.rest('POST', `/api/v1/apps/${app.id}/users/alice/erase`, { secret: app.secret })).status).toBe(200)
      const done = await exportOf('alice')
      const zip = await unzip(done.url)
      expect(Object.keys(zip.files)).toEqual(['erased.json'])
      expect(await zip.file('erased.json')!.async('string')).not.toContain('soon erased')
    })
  })
}
