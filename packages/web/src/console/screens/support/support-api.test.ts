import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../../shared/http.js'
import { supportApi } from './support-api.js'

describe('the inbox calls the support routes through the console proxy', () => {
  afterEach(() => vi.unstubAllGlobals())

  function stubFetch(status = 200, answer: unknown = {}) {
    const calls: { url: string; method: string; headers: Record<string, string>; body?: string }[] = []
    vi.stubGlobal('fetch', async (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => {
      calls.push({ url, method: init.method, headers: init.headers, ...(init.body === undefined ? {} : { body: init.body }) })
      return new Response(JSON.stringify(answer), { status, headers: { 'content-type': 'application/json' } })
    })
    return calls
  }

  it('maps every call to /api/v1/console/apps/{appId}/api/<route>, changes with the CSRF header', async () => {
    const calls = stubFetch(200, { conversations: [], counts: { queued: 0, assigned: 0, snoozed: 0, resolved: 0, mine: 0 } })
    const api = supportApi('app 1')
    await api.list({ status: 'queued', limit: 200 })
    await api.take('conv_1', 'lin')
    await api.history('conv_1', { beforeSeq: 12, limit: 100 })
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'GET /api/v1/console/apps/app%201/api/support/conversations?status=queued&limit=200',
      'PATCH /api/v1/console/apps/app%201/api/conversations/conv_1/support',
      'GET /api/v1/console/apps/app%201/api/conversations/conv_1/messages?limit=100&beforeSeq=12',
    ])
    expect(calls[1]!.headers['x-warbler-console']).toBe('1')
    expect(JSON.parse(calls[1]!.body!)).toEqual({ assigneeId: 'lin' })
    expect(calls[0]!.headers['x-warbler-console']).toBeUndefined()
  })

  it('hands server refusals on as ApiErrors with their code', async () => {
    stubFetch(409, { error: { code: 'conflict', message: 'lin is at capacity' } })
    const failure = await supportApi('app_1').assign('conv_1', 'lin').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ApiError)
    expect(failure).toMatchObject({ status: 409, code: 'conflict' })
  })
})
