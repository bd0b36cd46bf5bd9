import { WarblerClient } from '@warbler/sdk'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditCommand } from '../../src/cli/audit-command.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { ENGINES } from './engine-fixture.js'

const text = (value: string) => ({ type: 'text' as const, text: value })

for (const engine of ENGINES) {
  const suite = engine.skip ? describe.skip : describe
  suite(`erasure of a user (${engine.name})`, () => {
    let server: TestServer
    let app: { id: string; secret: string }
    let tokens: Record<string, string>
    let env: Record<string, string>
    const clients: WarblerClient[] = []
    const connect = async (user: string) => {
      const client = new WarblerClient({ url: server.url, token: tokens[user]!, requestTimeoutMs: 5000 })
      clients.push(client)
      await client.connect()
      return client
    }

    afterAll(() => engine.cleanup())
    beforeEach(async () => {
      const setup = engine.setup()
      server = await startTestServer({ config: setup.config })
      env = { ...setup.env, WARBLER_DATA_DIR: server.dataDir }
      app = await server.createApp('Erasing')
      tokens = await createUsers(server, app, ['alice', 'bob', 'carol'])
    })
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((client) => client.close()))
      await server.close()
    })

    const history = async (conversationId: string) => {
      const page = await server.rest('GET', `/api/v1/apps/${app.id}/conversations/${conversationId}/messages?afterSeq=0&limit=100`, { secret: app.secret })
      expect(page.status).toBe(200)
      return page.body.events as any[]
    }

    it('leaves tombstones with gapless seqs, nothing of the user readable, a receipt that counts it, and answers a repeat the same', async () => {
      const [alice, bob] = await Promise.all([connect('alice'), connect('bob')])
      const group = await bob!.groups.create('Plans', ['alice', 'carol'])
      const direct = await alice!.openDirect('bob')
      const first = await alice!.send(group.id, text('secret plan zebra alpha'))
      await alice!.send(direct.id, text('my number is 555 zebra'))
      await alice!.messages.edit(group.id, first.seq, text('secret plan zebra bravo'))
      const bobs = await bob!.send(group.id, text('hello zebra from bob'))
      await alice!.messages.react(group.id, bobs.seq, '👍')
      const directSeq = (await history(direct.id)).find((message) => message.body?.text?.includes('555'))!.seq
      await bob!.messages.forward(direct.id, directSeq, group.id)
      const form = new FormData()
      form.append('conversationId', group.id)
      form.append('file', new Blob(['alice private notes zebra'], { type: 'text/plain' }), 'notes.txt')
      const uploaded = await fetch(`${server.url}/api/v1/apps/${app.id}/files`, { method: 'POST', headers: { authorization: `Bearer ${tokens.alice}` }, body: form })
      expect(uploaded.status).toBe(201)
      const fileId = ((await uploaded.json()) as { id: string }).id
      expect((await bob!.messages.search('zebra')).length).toBe(4)
      expect((await server.rest('PUT', `/api/v1/apps/${app.id}/users/alice/push-targets/pixel`, { secret: app.secret, body: { provider: 'fcm', token: 'alice-fcm-token' } })).status).toBe(200)
      const signed = (await server.rest('GET', `/api/v1/apps/${app.id}/files/${fileId}/url`, { secret: app.secret })).body
      expect((await fetch(`${server.url}${signed.url}`)).status).toBe(200)

      // Audit entries are written as each response finishes: let the last ones land before erasing.
      for (let previous = -1, head = 0; head !== previous; ) {
        previous = head
        await new Promise((resolve) => setTimeout(resolve, 50))
        head = (await server.rest('GET', '/api/v1/audit/head', { secret: server.operatorKey })).body.seq
      }
      const otherApp = await server.createApp('Other')
      expect((await server.rest('POST', `/api/v1/apps/${app.id}/users/alice/erase`, { secret: otherApp.secret })).status).toBe(401)
      expect((await server.rest('POST', `/api/v1/apps/${app.id}/users/alice/erase`, { secret: tokens.alice })).status).toBe(401)
      const erased = await server.rest('POST', `/api/v1/apps/${app.id}/users/alice/erase`, { secret: app.secret })
      expect(erased.status).toBe(200)
      expect(erased.body).toMatchObject({ userId: 'alice', repeated: false, pseudonym: expect.stringMatching(/^erased_[0-9a-f]{20}$/) })
      expect(erased.body.counts).toEqual({
        messages: 2, // the two texts alice sent
        otherEvents: 2, // her edit and her reaction
        forwardedCopies: 1, // bob's forward of her direct message
        searchRows: 2, // the search rows of her two messages (the forward's is counted with the copy)
        mentions: 1, // her 👍 on bob's message
        files: 1,
        usage: 0,
        webhookPayloads: 0,
        social: 0,
        redactionStates: 0, // no bot in these conversations
        toolCalls: 0,
        supportRecords: 0,
        supportNotes: 0,
        push: 1, // her phone's push target
        memberships: 2, // the group and the direct conversation
        auditPersonal: 2, // minting her token and registering her phone (the admin actions whose path named her)
        tokensRevoked: 1,
        sessionsClosed: 1,
        profile: 1,
      })

      // Seqs stay gapless; what she sent is a tombstone; nothing of hers is anywhere in the history.
      for (const conversationId of [group.id, direct.id]) {
        const messages = await history(conversationId)
        expect(messages.map((message) => message.seq)).toEqual(messages.map((_message, index) => index + 1))
        expect(JSON.stringify(messages)).not.toMatch(/alice|secret plan|555/)
      }
      const groupHistory = await history(group.id)
      expect(groupHistory.filter((message) => message.ext?.erased === true).length).toBe(4) // 2 of hers + the forward + her edit
      expect(groupHistory.find((message) => message.seq === bobs.seq)).toMatchObject({ body: text('hello zebra from bob'), senderId: 'bob' })
      expect(groupHistory.find((message) => message.seq === bobs.seq).reactions).toBeUndefined()
      // Search finds only bob's own message; the file is gone; the profile says nothing; her token is dead.
      expect((await bob!.messages.search('zebra')).map((hit) => hit.senderId)).toEqual(['bob'])
      expect((await bob!.messages.search('plan')).length).toBe(0)
      expect((await server.rest('GET', `/api/v1/apps/${app.id}/files/${fileId}/url`, { secret: app.secret })).status).toBe(404)
      expect((await fetch(`${server.url}${signed.url}`)).status).toBe(404)
      expect((await server.rest('GET', `/api/v1/apps/${app.id}/users/alice`, { secret: app.secret })).body).toMatchObject({ name: 'Erased user', ext: {} })
      const again = new WarblerClient({ url: server.url, token: tokens.alice!, requestTimeoutMs: 3000, reconnect: false } as never)
      await expect(again.connect()).rejects.toBeTruthy()
      await again.close()

      const repeat = await server.rest('POST', `/api/v1/apps/${app.id}/users/alice/erase`, { secret: app.secret })
      expect(repeat.body).toEqual({ ...erased.body, repeated: true })
      expect((await server.rest('POST', `/api/v1/apps/${app.id}/users/nobody/erase`, { secret: app.secret })).status).toBe(404)

      // The erasure is itself audited, and the chain still verifies once her personal audit rows are gone.
      await server.server.close()
      const raw = await engine.raw(server.dataDir, env.WARBLER_DATABASE_URL)
      const erasures = await raw.query("SELECT seq FROM audit_chain WHERE action = 'POST /api/v1/apps/:appId/users/:userId/erase'")
      const personal = await raw.query('SELECT subject_user_id FROM audit_personal WHERE subject_user_id = ?', ['alice'])
      await raw.close()
      expect(erasures.length).toBe(2) // the erasure and its repeat (the refused one for "nobody" is not an action)
      expect(personal.length).toBe(2) // only the erase requests themselves still name her: the record that she was erased
      let output = ''
      const saved = { ...process.env }
      Object.assign(process.env, env)
      try {
        expect(await auditCommand(['verify'], (line) => (output += line))).toBe(0)
      } finally {
        for (const name of Object.keys(env)) if (saved[name] === undefined) delete process.env[name]
      }
      expect(output).toContain('Audit chain intact')
    })

    it('is refused while a legal hold covers the user or one of their conversations', async () => {
      const bob = await connect('bob')
      const group = await bob.groups.create('Evidence', ['alice'])
      const hold = (kind: string, id: string, method = 'PUT') => server.rest(method, `/api/v1/apps/${app.id}/legal-holds/${kind}/${id}`, { secret: app.secret, body: method === 'PUT' ? {} : undefined })
      const erase = () => server.rest('POST', `/api/v1/apps/${app.id}/users/alice/erase`, { secret: app.secret })
      await hold('user', 'alice')
      expect(await erase()).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } })
      await hold('user', 'alice', 'DELETE')
      await hold('conversation', group.id)
      expect((await erase()).body.error.details).toMatchObject({ reason: 'legal_hold', conversations: [group.id] })
      await hold('conversation', group.id, 'DELETE')
      expect((await erase()).status).toBe(200)
    })
  })
}
