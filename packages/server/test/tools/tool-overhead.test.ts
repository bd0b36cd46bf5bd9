import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitForReply } from '../bots/bot-fixture.js'
import { startToolFixture } from './tool-fixture.js'

const ROUNDS = 40

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

/**
 * Measures what a tool adds to a reply: the time from a user's message to the bot's final answer
 * with one read tool call (model → tool over HTTP with a signed identity → model → answer) against
 * the same reply without tools, on the fake provider and a local tool service. Prints p50/p99;
 * asserts nothing about timing beyond every round trip completing.
 */
describe('tool-call overhead: bot → tool → answer on the fake provider', () => {
  let fixture: Awaited<ReturnType<typeof startToolFixture>>
  let service: Server

  beforeAll(async () => {
    fixture = await startToolFixture(['alice'])
    service = createServer((request, response) => {
      request.resume()
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"shipped"}'))
    })
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(service.address() as AddressInfo).port}/orders/{orderId}`
    const tool = await fixture.rest('POST', '/tools', { name: 'getOrder', description: 'Where an order is', parameters: { type: 'object', properties: { orderId: { type: 'string' } } }, http: { method: 'GET', url, parameters: [{ name: 'orderId', in: 'path' }] } })
    const provider = { baseUrl: fixture.provider.baseURL, apiKey: 'sk-provider', model: 'fake-primary' }
    await fixture.rest('POST', '/bots', { id: 'plain', name: 'Plain', provider })
    await fixture.rest('POST', '/bots', { id: 'tooled', name: 'Tooled', provider, toolIds: [tool.body.id] })
  })
  afterAll(async () => {
    await fixture.close()
    await new Promise<void>((resolve) => service.close(() => resolve()))
  })

  it('measures p50/p99 with and without one tool call', async () => {
    const alice = await fixture.connect('alice')
    const measure = async (botId: string, withTool: boolean) => {
      const conversationId = (await alice.request({ type: 'conversation.open-direct', peerId: botId })).data.id
      const times: number[] = []
      for (let round = 0; round < ROUNDS; round++) {
        if (withTool) fixture.provider.script([{ toolCalls: [{ name: 'getOrder', arguments: { orderId: `A-${round}` } }] }, { reply: 'It has shipped.' }])
        else fixture.provider.script([{ reply: 'It has shipped.' }])
        const started = performance.now()
        const sent = await alice.sendMessage(conversationId, `where is A-${round}?`)
        const { final } = await waitForReply(alice, conversationId, botId, sent.seq)
        times.push(performance.now() - started)
        expect(final.body.text).toBe('It has shipped.')
        await fixture.idle()
      }
      return times
    }
    await measure('plain', false) // warm up both paths once
    const plain = await measure('plain', false)
    const tooled = await measure('tooled', true)
    const report = {
      plainP50: percentile(plain, 50), plainP99: percentile(plain, 99),
      toolP50: percentile(tooled, 50), toolP99: percentile(tooled, 99),
    }
    console.log(`tool-call overhead over ${ROUNDS} replies (ms): without tools p50 ${report.plainP50.toFixed(1)} p99 ${report.plainP99.toFixed(1)}; ` +
      `with one tool call p50 ${report.toolP50.toFixed(1)} p99 ${report.toolP99.toFixed(1)}; added p50 ${(report.toolP50 - report.plainP50).toFixed(1)}`)
    expect(tooled).toHaveLength(ROUNDS)
  }, 120_000)
})
