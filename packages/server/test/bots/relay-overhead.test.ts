import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

/**
 * Measures the relay overhead of a streamed bot reply: from the moment the provider writes its
 * first token to the moment the first `message.delta` reaches the user's socket (same process, so
 * both clocks are `performance.now()`). Prints p50/p99; asserts nothing about timing.
 */
describe('relay overhead: provider first token → first message.delta on the socket', () => {
  const REPLIES = 50
  let server: TestServer
  let provider: Server
  const firstTokenAt: number[] = []

  beforeAll(async () => {
    provider = createServer((request, response) => {
      request.resume()
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'text/event-stream' })
        const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
          `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
        firstTokenAt.push(performance.now())
        response.write(chunk({ role: 'assistant', content: 'Hello' }))
        setTimeout(() => {
          response.write(chunk({ content: ' there.' }))
          response.write(chunk({}, 'stop'))
          response.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } })}\n\n`)
          response.end('data: [DONE]\n\n')
        }, 5)
      })
    })
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve))
    server = await startTestServer({ server: { bots: { outboundAllowlist: ['127.0.0.1'] } } })
  })
  afterAll(async () => {
    await server.close()
    await new Promise((resolve) => provider.close(resolve))
  })

  it(`prints p50/p99 over ${REPLIES} replies`, async () => {
    const app = await server.createApp()
    const tokens = await createUsers(server, app, ['alice'])
    const port = (provider.address() as AddressInfo).port
    await server.rest('POST', `/api/v1/apps/${app.id}/bots`, { secret: app.secret, body: { id: 'echo', name: 'Echo', provider: { baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm' } } })
    const alice = await RawClient.connect(server.url, tokens.alice!)
    const firstDeltaAt = new Map<number, number>()
    alice.socket.on('message', (data) => {
      const frame = JSON.parse(data.toString())
      if (frame.type === 'message.delta' && !firstDeltaAt.has(frame.seq)) firstDeltaAt.set(frame.seq, performance.now())
    })
    const direct = (await alice.request({ type: 'conversation.open-direct', peerId: 'echo' })).data
    const overheads: number[] = []
    for (let index = 0; index < REPLIES; index++) {
      const sent = await alice.sendMessage(direct.id, `question ${index}`)
      const message = await alice.waitFor((frame) => frame.type === 'event' && frame.kind === 'message' && frame.senderId === 'echo' && frame.seq > sent.seq)
      await alice.waitFor((frame) => frame.type === 'event' && frame.kind === 'edit' && frame.targetSeq === message.seq)
      overheads.push(firstDeltaAt.get(message.seq)! - firstTokenAt[index]!)
    }
    alice.close()
    const sorted = [...overheads].sort((a, b) => a - b)
    const at = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)]!
    console.log(`relay overhead over ${REPLIES} replies: p50 ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms`)
    expect(overheads).toHaveLength(REPLIES)
    expect(overheads.every((value) => Number.isFinite(value))).toBe(true)
  })
})
