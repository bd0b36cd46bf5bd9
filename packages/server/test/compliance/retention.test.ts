import { WarblerClient } from '@warbler/sdk'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditCommand } from '../../src/cli/audit-command.js'
import { retentionCommand } from '../../src/cli/retention-command.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { ENGINES } from './engine-fixture.js'

const DAY = 24 * 60 * 60 * 1000
const text = (value: string) => ({ type: 'text' as const, text: value })

/** Runs a CLI command in-process with the environment it would have; returns code and output. */
async function cli(command: typeof auditCommand, args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  const saved = { ...process.env }
  Object.assign(process.env, env)
  let output = ''
  try {
    return { code: await command(args, (line) => (output += line)), output }
  } finally {
    for (const name of Object.keys(env)) if (saved[name] === undefined) delete process.env[name]
    Object.assign(process.env, saved)
  }
}

for (const engine of ENGINES) {
  const suite = engine.skip ? describe.skip : describe
  suite(`retention (${engine.name})`, () => {
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
    const history = async (conversationId: string) => (await server.rest('GET', `/api/v1/apps/${app.id}/conversations/${conversationId}/messages?afterSeq=0&limit=100`, { secret: app.secret })).body.events as any[]
    const upload = async (user: string, conversationId: string, content: string) => {
      const form = new FormData()
      form.append('conversationId', conversationId)
      form.append('file', new Blob([content], { type: 'text/plain' }), 'f.txt')
      const response = await fetch(`${server.url}/api/v1/apps/${app.id}/files`, { method: 'POST', headers: { authorization: `Bearer ${tokens[user]}` }, body: form })
      expect(response.status).toBe(201)
      return ((await response.json()) as { id: string }).id
    }
    const fileStatus = async (fileId: string) => (await server.rest('GET', `/api/v1/apps/${app.id}/files/${fileId}/url`, { secret: app.secret })).status

    afterAll(() => engine.cleanup())
    beforeEach(async () => {
      const setup = engine.setup()
      server = await startTestServer({ config: setup.config })
      env = { ...setup.env, WARBLER_DATA_DIR: server.dataDir }
      app = await server.createApp('Retaining')
      tokens = await createUsers(server, app, ['alice', 'bob', 'carol', 'dave'])
    })
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((client) => client.close()))
      await server.close()
    })

    it('purges by app and conversation policy as of a date, keeps what legal holds cover, stays resumable and audited', async () => {
      const [alice, bob, carol] = await Promise.all([connect('alice'), connect('bob'), connect('carol')])
      const plain = await alice!.openDirect('bob')
      const short = await bob!.groups.create('Short-lived', ['alice'])
      const heldGroup = await bob!.groups.create('Under hold', ['carol'])
      const withHeldUser = await carol!.openDirect('dave')
      for (const conversation of [plain, short, heldGroup]) {
        for (let index = 0; index < 3; index++) await bob!.send(conversation.id, text(`kiwi ${conversation.id} ${index}`))
      }
      await carol!.send(withHeldUser.id, text('kiwi to dave'))
      const plainFile = await upload('alice', plain.id, 'plain file')
      const heldFile = await upload('bob', heldGroup.id, 'held file')
      expect([await fileStatus(plainFile), await fileStatus(heldFile)]).toEqual([200, 200])

      expect((await server.rest('PATCH', `/api/v1/apps/${app.id}/settings`, { secret: app.secret, body: { retention: { messagesDays: 30, filesDays: 5 } } })).body.retention).toEqual({ messagesDays: 30, filesDays: 5 })
      expect((await server.rest('PATCH', `/api/v1/apps/${app.id}/settings`, { secret: app.secret, body: { retention: { messagesDays: 0 } } })).status).toBe(400)
      expect((await server.rest('PUT', `/api/v1/apps/${app.id}/conversations/${short.id}/retention`, { secret: app.secret, body: { messagesDays: 1 } })).body).toEqual({ messagesDays: 1, filesDays: null })
      expect((await server.rest('PUT', `/api/v1/apps/${app.id}/legal-holds/conversation/${heldGroup.id}`, { secret: app.secret, body: { reason: 'case 42' } })).status).toBe(200)
      expect((await server.rest('PUT', `/api/v1/apps/${app.id}/legal-holds/user/dave`, { secret: app.secret, body: {} })).status).toBe(200)
      expect((await server.rest('PUT', `/api/v1/apps/${app.id}/legal-holds/user/nobody`, { secret: app.secret, body: {} })).status).toBe(404)
      expect((await server.rest('GET', `/api/v1/apps/${app.id}/legal-holds`, { secret: app.secret })).body.holds.map((hold: any) => hold.targetId)).toEqual([heldGroup.id, 'dave'])

      // Ten days on: only the one-day conversation and the five-day files expire.
      const tenDays = await cli(retentionCommand, ['run', '--as-of', new Date(Date.now() + 10 * DAY).toISOString()], env)
      expect(tenDays.code).toBe(0)
      expect(tenDays.output).toMatch(/: 3 messages \(3 events\) purged in 2 conversations of 1 apps, 1 files and 0 webhook log entries deleted, 2 conversations kept by legal holds;/)
      expect((await history(short.id)).map((event) => [event.seq, event.body, event.ext])).toEqual([1, 2, 3].map((seq) => [seq, undefined, { purged: true }]))
      expect((await history(plain.id)).every((event) => event.body?.text?.startsWith('kiwi'))).toBe(true)
      expect(await fileStatus(plainFile)).toBe(404)
      expect(await fileStatus(heldFile)).toBe(200)

      // Thirty-one days on: the app policy takes the rest, except what is held; search forgets it too.
      expect((await cli(retentionCommand, ['run', '--as-of', new Date(Date.now() + 31 * DAY).toISOString()], env)).output).toContain(': 3 messages (3 events) purged')
      const plainAfter = await history(plain.id)
      expect(plainAfter.map((event) => event.seq)).toEqual([1, 2, 3])
      expect(plainAfter.every((event) => event.body === undefined && event.ext?.purged === true)).toBe(true)
      expect((await history(heldGroup.id)).map((event) => event.body?.text)).toEqual([0, 1, 2].map((index) => `kiwi ${heldGroup.id} ${index}`))
      expect((await history(withHeldUser.id)).map((event) => event.body?.text)).toEqual(['kiwi to dave'])
      expect((await bob!.messages.search('kiwi')).map((hit) => hit.conversationId)).toEqual([heldGroup.id, heldGroup.id, heldGroup.id])
      // New messages after a purge keep counting from where the log was; a run that finds nothing expired changes nothing.
      expect((await alice!.send(plain.id, text('fresh'))).seq).toBe(4)
      expect((await cli(retentionCommand, ['run', '--as-of', new Date(Date.now() + 29 * DAY).toISOString()], env)).output).toContain(': 0 messages (0 events) purged')
      expect((await history(plain.id)).at(-1)).toMatchObject({ seq: 4, body: text('fresh') })

      // Lifting the hold lets the next run purge the group.
      expect((await server.rest('DELETE', `/api/v1/apps/${app.id}/legal-holds/conversation/${heldGroup.id}`, { secret: app.secret })).body).toEqual({ lifted: true })
      const report = await server.server.context.compliance.retention.run({ asOf: Date.now() + 31 * DAY })
      // the group's three, and 'fresh' (a day old as of then); dave's conversation stays held
      expect(report).toMatchObject({ ran: true, messages: 4, files: 1, heldConversations: 1 })
      const metrics = (await server.rest('GET', '/metrics')).body as string
      expect(metrics).toMatch(/warbler_retention_purged_total\{kind="messages"\} 4/)
      expect(metrics).toMatch(/warbler_retention_runs_total\{result="done"\} 1/)

      // Every run is an audit entry in the chain, and the chain verifies.
      await server.server.close()
      const raw = await engine.raw(server.dataDir, env.WARBLER_DATABASE_URL)
      const runs = await raw.query("SELECT seq FROM audit_chain WHERE action = 'retention.run'")
      await raw.close()
      expect(runs.length).toBe(4) // three by the CLI, one on the node
      expect((await cli(auditCommand, ['verify'], env)).code).toBe(0)
    })

    it('refuses a bad --as-of and lets only one node run at a time', async () => {
      expect((await cli(retentionCommand, ['run', '--as-of', 'yesterday-ish'], env)).code).toBe(2)
      const store = server.server.context.storage.compliance!
      expect(await store.acquireLease('retention', 'node_elsewhere', Date.now(), Date.now() + 60_000)).toBe(true)
      const blocked = await cli(retentionCommand, ['run'], env)
      expect(blocked).toEqual({ code: 1, output: 'Another node is running retention now; nothing was done.\n' })
      expect((await server.server.context.compliance.retention.run()).ran).toBe(false)
    })
  })
}
