import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import { AddressPolicy } from '@warbler/ai'
import { HttpToolExecutor } from '@warbler/ai/tools'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SecretBox } from '../bots/secret-box.js'
import { sharedBoxes } from '../compliance/keys/app-keyring.js'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.js'
import type { ToolCallRecord, ToolRecord } from '../storage/tool-store.js'
import { argumentsHash } from './arguments-hash.js'
import { IdentityKeys } from './identity-keys.js'
import { McpConnections } from './mcp-connections.js'
import { ToolRunner } from './tool-runner.js'
import { sealHeaders } from './tool-secrets.js'

const SECRET = 'sk-very-secret-api-key'
let service: Server
let base: string
const tokens: string[] = []

beforeAll(async () => {
  service = createServer((request, response) => {
    tokens.push(String(request.headers['warbler-identity']))
    if (request.url?.startsWith('/fail')) return void response.writeHead(500).end('boom')
    if (request.url?.startsWith('/hang')) return
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
  })
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(service.address() as AddressInfo).port}`
})
afterAll(() => {
  service.closeAllConnections()
  return new Promise<void>((resolve) => service.close(() => resolve()))
})

describe('ToolRunner', () => {
  it('signs a verifiable identity per call, records status and latency, and logs no secret or token', async () => {
    const lines: string[] = []
    const logger = pino({ level: 'trace' }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }))
    const storage = await SqliteStorage.open({ filename: ':memory:' })
    await storage.migrate()
    const store = storage.tools!
    const box = new SecretBox(Buffer.alloc(32, 7))
    const keys = new IdentityKeys(store, sharedBoxes(box))
    const policy = new AddressPolicy(['127.0.0.1'])
    const runner = new ToolRunner({ store, boxes: sharedBoxes(box), keys, http: new HttpToolExecutor({ policy }), mcp: new McpConnections(policy, () => {}, logger), logger, now: Date.now })
    const tool = (id: string, path: string): ToolRecord => ({
      appId: 'app_a', id, name: id, description: id, kind: 'http', risk: 'read', parameters: {}, http: { method: 'GET', url: `${base}${path}`, timeoutMs: 300 },
      mcpServerId: null, mcpToolName: null, secretsCiphertext: sealHeaders(box, { 'X-Api-Key': SECRET }), createdAt: 1, updatedAt: 1,
    })
    const call = (id: string, toolId: string): ToolCallRecord => ({
      appId: 'app_a', id, toolId, toolName: toolId, botId: 'bot', userId: 'alice', conversationId: 'c1', risk: 'read', arguments: { q: 1 }, argumentsHash: argumentsHash({ q: 1 }),
      status: 'running', approval: 'not_required', httpStatus: null, latencyMs: null, error: null, confirmSeq: null, expiresAt: null, decidedAt: null, createdAt: 1, updatedAt: 1,
    })
    try {
      for (const [id, path] of [['ok', '/ok'], ['fail', '/fail'], ['hang', '/hang']] as const) {
        await store.createTools([tool(id, path)])
        await store.createCall(call(`call_${id}`, id))
      }
      const ok = await runner.run(call('call_ok', 'ok'), tool('ok', '/ok'))
      expect(ok.text).toBe('HTTP 200\n{"ok":true}')
      expect(ok.call).toMatchObject({ status: 'succeeded', httpStatus: 200, latencyMs: expect.any(Number) })
      const failed = await runner.run(call('call_fail', 'fail'), tool('fail', '/fail'))
      expect(failed.call).toMatchObject({ status: 'failed', httpStatus: 500, error: 'The tool answered HTTP 500.' })
      const hung = await runner.run(call('call_hang', 'hang'), tool('hang', '/hang'))
      expect(hung.text).toMatch(/^The tool hang failed: .*300 ms/)
      expect(hung.call).toMatchObject({ status: 'failed', httpStatus: null })

      const { payload } = await jwtVerify(tokens[0]!, createLocalJWKSet(await keys.jwks('app_a')), { issuer: 'app_a', audience: 'ok', algorithms: ['ES256'] })
      expect(payload).toMatchObject({ sub: 'alice', conversationId: 'c1' })
      expect(payload.exp! - payload.iat!).toBe(60)
      expect(new Set(tokens).size).toBe(tokens.length) // a fresh token (jti) per call

      const everything = lines.join('\n') + JSON.stringify(await store.listCalls('app_a', { limit: 10 }))
      expect(lines.length).toBeGreaterThan(0)
      expect(everything).not.toContain(SECRET)
      for (const token of tokens) expect(everything).not.toContain(token)
    } finally {
      await storage.close()
    }
  })
})
