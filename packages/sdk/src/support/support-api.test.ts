import { describe, expect, it } from 'vitest'
import { WarblerError } from '@warbler/protocol'
import { restCaller } from '../rest-call.js'
import type { ServerFetch } from '../server/server-http.js'
import { WarblerServerApi } from '../server/warbler-server-api.js'
import { SupportApi } from './support-api.js'

/** A RestCall that records what it was asked and answers `{}`. */
function recorder() {
  const calls: [string, string, unknown][] = []
  const api = new SupportApi(async <T>(method: string, path: string, body?: unknown) => {
    calls.push([method, path, body])
    if (path === '/agents') return { items: [{ userId: 'lin' }], next: null } as T
    if (path.endsWith('/notes') && method === 'GET') return { notes: [] } as T
    if (path === '/support/canned-replies' && method === 'GET') return { cannedReplies: [] } as T
    return {} as T
  })
  return { api, calls }
}

describe('client.support / api.support: the REST contract of docs/support.md', () => {
  it('calls each route with the documented method, path and body', async () => {
    const { api, calls } = recorder()
    await api.agents()
    await api.setAvailability('lin', 'online')
    await api.removeAgent('lin')
    await api.list({ status: 'queued', assigneeId: 'lin', limit: 20 })
    await api.list()
    await api.state('c/1')
    await api.handoff('c1', { reason: 'customer_request', summary: 'wants a refund', priority: 'high' })
    await api.take('c1', 'lin')
    await api.transferToTeam('c1', 'billing')
    await api.unassign('c1')
    await api.snooze('c1', new Date(5_000))
    await api.resolve('c1')
    await api.reopen('c1')
    await api.handBack('c1')
    await api.setPriority('c1', 'urgent')
    await api.reply('c1', 'lin', 'Hello')
    await api.notes('c1')
    await api.addNote('c1', 'lin', 'VIP')
    await api.rate('c1', 'alice', 5, 'quick')
    await api.cannedReplies()
    await api.createCannedReply('refund', 'On its way')
    await api.updateCannedReply('cr1', { text: 'Soon' })
    await api.deleteCannedReply('cr1')
    await api.settings()
    await api.updateSettings({ handoffPhrases: ['转人工'] })
    await api.analytics({ from: 1, to: 2 })
    expect(calls).toEqual([
      ['GET', '/agents', undefined],
      ['PUT', '/agents/lin', { availability: 'online' }],
      ['DELETE', '/agents/lin', undefined],
      ['GET', '/support/conversations?status=queued&assigneeId=lin&limit=20', undefined],
      ['GET', '/support/conversations', undefined],
      ['GET', '/conversations/c%2F1/support', undefined],
      ['POST', '/conversations/c1/handoff', { reason: 'customer_request', summary: 'wants a refund', priority: 'high' }],
      ['PATCH', '/conversations/c1/support', { assigneeId: 'lin' }],
      ['PATCH', '/conversations/c1/support', { team: 'billing' }],
      ['PATCH', '/conversations/c1/support', { assigneeId: null }],
      ['PATCH', '/conversations/c1/support', { status: 'snoozed', snoozedUntil: 5_000 }],
      ['PATCH', '/conversations/c1/support', { status: 'resolved' }],
      ['PATCH', '/conversations/c1/support', { status: 'queued' }],
      ['PATCH', '/conversations/c1/support', { status: 'bot' }],
      ['PATCH', '/conversations/c1/support', { priority: 'urgent' }],
      ['POST', '/messages', { from: 'lin', conversationId: 'c1', body: { type: 'text', text: 'Hello' } }],
      ['GET', '/conversations/c1/notes', undefined],
      ['POST', '/conversations/c1/notes', { authorId: 'lin', text: 'VIP' }],
      ['POST', '/conversations/c1/csat', { userId: 'alice', rating: 5, comment: 'quick' }],
      ['GET', '/support/canned-replies', undefined],
      ['POST', '/support/canned-replies', { shortcut: 'refund', text: 'On its way' }],
      ['PATCH', '/support/canned-replies/cr1', { text: 'Soon' }],
      ['DELETE', '/support/canned-replies/cr1', undefined],
      ['GET', '/support/settings', undefined],
      ['PUT', '/support/settings', { handoffPhrases: ['转人工'] }],
      ['GET', '/support/analytics?from=1&to=2', undefined],
    ])
  })

  it('goes through the app secret on the server API and turns error answers into WarblerErrors', async () => {
    const seen: { url: string; authorization: string | undefined }[] = []
    const fetch: ServerFetch = async (url, init) => {
      seen.push({ url, authorization: init.headers.authorization })
      return { ok: false, status: 409, text: async () => JSON.stringify({ error: { code: 'conflict', message: 'Lin is at capacity.' } }) }
    }
    const server = new WarblerServerApi({ url: 'http://warbler.test/', appId: 'app_1', secret: 'wsk_secret', fetch })
    const failure = await server.support.assign('c1', 'lin').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(WarblerError)
    expect(failure).toMatchObject({ code: 'conflict', message: 'Lin is at capacity.' })
    expect(seen).toEqual([{ url: 'http://warbler.test/api/v1/apps/app_1/conversations/c1/support', authorization: 'Bearer wsk_secret' }])
  })

  it('asks for the credential on every call (a refreshed token is used) and reports a network failure as unavailable', async () => {
    let token = 'one'
    const used: string[] = []
    const call = restCaller({
      base: 'http://warbler.test/api/v1/apps/a',
      credential: async () => token,
      fetch: async (_url, init) => {
        used.push(init.headers.authorization!)
        if (used.length === 3) throw new TypeError('fetch failed')
        return { ok: true, status: 200, text: async () => '{"agents":[]}' }
      },
    })
    const api = new SupportApi(call)
    await api.agents()
    token = 'two'
    await api.agents()
    await expect(api.agents()).rejects.toMatchObject({ code: 'unavailable' })
    expect(used).toEqual(['Bearer one', 'Bearer two', 'Bearer two'])
  })

  it('reads lists from items, and from the old key of a server older than 0.2.0', async () => {
    const answers: Record<string, unknown> = {
      '/agents': { items: [{ userId: 'lin' }], next: null, agents: [{ userId: 'stale' }] },
      '/conversations/c1/notes': { notes: [{ id: 'n1' }] },
      '/support/canned-replies': { items: [], next: null },
      '/support/conversations': { items: [{ conversationId: 'c1' }], next: null, counts: { queued: 1 } },
    }
    const api = new SupportApi(async <T>(_method: string, path: string) => answers[path] as T)
    expect(await api.agents()).toEqual([{ userId: 'lin' }])
    expect(await api.notes('c1')).toEqual([{ id: 'n1' }])
    expect(await api.cannedReplies()).toEqual([])
    expect(await api.list()).toEqual({ conversations: [{ conversationId: 'c1' }], counts: { queued: 1 } })
  })
})
