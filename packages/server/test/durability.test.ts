import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { RawClient } from './helpers/raw-client.js'
import { spawnServer as spawnNode } from './helpers/spawn-server.js'

const ADMIN_KEY = 'wok_test_operator_key_0123456789'

async function rest(url: string, method: string, path: string, secret: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: response.status, body: (await response.json()) as any }
}

// Both places an append can commit: the writer thread and the main connection.
describe.each(['thread', 'inline'])('durability of acked messages (child process, real SQLite file, %s writer)', (writer) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warbler-durability-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
  const spawnServer = (options: Parameters<typeof spawnNode>[0]) => spawnNode({ ...options, env: { WARBLER_SQLITE_WRITER: writer } })

  it('keeps every acked message when the server is killed with SIGKILL right after the acks', async () => {
    const first = await spawnServer({ dataDir, adminKey: ADMIN_KEY })
    const app = (await rest(first.url, 'POST', '/api/v1/apps', ADMIN_KEY, { name: 'durable' })).body
    for (const id of ['alice', 'bob']) await rest(first.url, 'POST', `/api/v1/apps/${app.id}/users`, app.secret, { id, name: id })
    const token = (await rest(first.url, 'POST', `/api/v1/apps/${app.id}/users/alice/tokens`, app.secret, {})).body.token
    const alice = await RawClient.connect(first.url, token)
    const conversationId = (await alice.request({ type: 'conversation.open-direct', peerId: 'bob' })).data.id

    // Pipeline sends at the rate limit; kill the process the moment the Nth ack arrives.
    const acked = new Map<string, number>()
    const total = 90
    for (let index = 0; index < total; index++) {
      alice.send({ type: 'message.send', clientMsgId: `k${index}`, conversationId, body: { type: 'text', text: `durable ${index}` } })
    }
    await alice.waitFor(() => alice.frames.filter((frame) => frame.type === 'ack').length >= 60, 10_000)
    first.child.kill('SIGKILL')
    for (const frame of alice.frames) if (frame.type === 'ack') acked.set(frame.clientMsgId, frame.seq)
    await first.exited
    expect(acked.size).toBeGreaterThanOrEqual(60)

    const second = await spawnServer({ dataDir, adminKey: ADMIN_KEY })
    try {
      const page = await rest(second.url, 'GET', `/api/v1/apps/${app.id}/conversations/${conversationId}/messages?afterSeq=0&limit=1000`, app.secret)
      const stored = new Map<string, number>(page.body.events.map((event: any) => [event.clientMsgId, event.seq]))
      for (const [clientMsgId, seq] of acked) expect(stored.get(clientMsgId)).toBe(seq)
      const seqs = page.body.events.map((event: any) => event.seq)
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, index) => index + 1))
      // the resend of an acked message after the restart is recognised, not stored again
      const bobToken = (await rest(second.url, 'POST', `/api/v1/apps/${app.id}/users/alice/tokens`, app.secret, {})).body.token
      const again = await RawClient.connect(second.url, bobToken)
      const [clientMsgId, seq] = [...acked][0]!
      const resend = await again.request({ type: 'message.send', clientMsgId, conversationId, body: { type: 'text', text: 'again' } })
      expect(resend).toMatchObject({ type: 'ack', seq, duplicate: true })
      again.close()
    } finally {
      second.child.kill('SIGKILL')
      await second.exited
    }
  }, 60_000)

  it('shuts down gracefully on SIGTERM: in-flight sends are acked, clients are told to reconnect', async () => {
    const server = await spawnServer({ dataDir, adminKey: ADMIN_KEY })
    const app = (await rest(server.url, 'POST', '/api/v1/apps', ADMIN_KEY, { name: 'graceful' })).body
    for (const id of ['alice', 'bob']) await rest(server.url, 'POST', `/api/v1/apps/${app.id}/users`, app.secret, { id, name: id })
    const token = (await rest(server.url, 'POST', `/api/v1/apps/${app.id}/users/alice/tokens`, app.secret, {})).body.token
    const alice = await RawClient.connect(server.url, token)
    const conversationId = (await alice.request({ type: 'conversation.open-direct', peerId: 'bob' })).data.id
    for (let index = 0; index < 20; index++) {
      alice.send({ type: 'message.send', clientMsgId: `g${index}`, conversationId, body: { type: 'text', text: `m${index}` } })
    }
    server.child.kill('SIGTERM')
    const reconnect = await alice.waitFor((frame) => frame.type === 'reconnect', 10_000)
    expect(reconnect.code).toBe('server_shutting_down')
    expect(await alice.closed()).toBe(1012)
    expect(await server.exited).toEqual({ code: 0, signal: null })
    const acks = alice.frames.filter((frame) => frame.type === 'ack')
    const restarted = await spawnServer({ dataDir, adminKey: ADMIN_KEY })
    try {
      const page = await rest(restarted.url, 'GET', `/api/v1/apps/${app.id}/conversations/${conversationId}/messages?afterSeq=0`, app.secret)
      for (const ack of acks) expect(page.body.events.find((event: any) => event.clientMsgId === ack.clientMsgId)?.seq).toBe(ack.seq)
    } finally {
      restarted.child.kill('SIGKILL')
      await restarted.exited
    }
  }, 60_000)
})
