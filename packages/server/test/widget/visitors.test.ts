import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestReceiver } from '../webhooks/receiver.js'
import { RawClient } from '../helpers/raw-client.js'
import { waitForReply } from '../bots/bot-fixture.js'
import { startWidgetFixture, type WidgetFixture } from './widget-fixture.js'

const SHOP = 'https://shop.example.com'
const hashOf = (secret: string, userId: string) => createHmac('sha256', secret).update(userId).digest('hex')

describe('widget visitors over REST and the WebSocket', () => {
  let fixture: WidgetFixture
  let receiver: TestReceiver

  beforeAll(async () => {
    fixture = await startWidgetFixture([SHOP], { server: { server: { webhooks: { outboundAllowlist: ['127.0.0.0/8'], pollIntervalMs: 50 } } } })
    receiver = await TestReceiver.start()
  })
  afterAll(async () => {
    await fixture?.close()
    await receiver?.close()
  })

  it('the settings keep the widget (origins lower-cased, defaults filled) and refuse a path in an origin', async () => {
    const { server, app } = fixture
    const read = await server.rest('GET', `/api/v1/apps/${app.id}/settings`, { secret: app.secret })
    expect(read.body.widget).toMatchObject({ allowedOrigins: [SHOP], botId: 'helper', theme: { color: '#2563eb', position: 'right' }, preChat: { enabled: false }, requireIdentity: false })
    const bad = await server.rest('PATCH', `/api/v1/apps/${app.id}/settings`, { secret: app.secret, body: { widget: { allowedOrigins: ['https://shop.example.com/path'] } } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('validation_failed')
  })

  it('an allowed origin gets the public config with CORS; another origin is refused without CORS headers', async () => {
    const { server, app } = fixture
    const allowed = await fetch(`${server.url}/api/v1/apps/${app.id}/widget`, { headers: { origin: SHOP } })
    expect(allowed.status).toBe(200)
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP)
    expect(await allowed.json()).toMatchObject({ bot: { id: 'helper', name: 'Shop helper' }, theme: { position: 'right' } })
    const other = await fetch(`${server.url}/api/v1/apps/${app.id}/widget`, { headers: { origin: 'https://evil.example.com' } })
    expect(other.status).toBe(403)
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    const preflight = await fetch(`${server.url}/api/v1/apps/${app.id}/visitors`, { method: 'OPTIONS', headers: { origin: SHOP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type')
    const refusedPreflight = await fetch(`${server.url}/api/v1/apps/${app.id}/visitors`, { method: 'OPTIONS', headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' } })
    expect(refusedPreflight.headers.get('access-control-allow-origin')).toBeNull()
    // Other API paths never answer cross-origin requests.
    const users = await fetch(`${server.url}/api/v1/apps/${app.id}/users`, { headers: { origin: SHOP, authorization: `Bearer ${app.secret}` } })
    expect(users.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('an anonymous visitor comes back as the same visitor with its key, and a guessed key is refused', async () => {
    const first = await fixture.visitor(SHOP)
    expect(first.status).toBe(200)
    expect(first.body.userId).toMatch(/^visitor:[A-Za-z0-9_-]{22}$/)
    expect(first.body.visitorKey).toBeTruthy()
    expect(first.body.expiresAt - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000 + 1000)
    expect(first.body.bot).toEqual({ id: 'helper', name: 'Shop helper' })
    const again = await fixture.visitor(SHOP, { visitorId: first.body.userId, visitorKey: first.body.visitorKey })
    expect(again.body.userId).toBe(first.body.userId)
    expect(again.body.conversationId).toBe(first.body.conversationId)
    const guessed = await fixture.visitor(SHOP, { visitorId: first.body.userId, visitorKey: 'A'.repeat(43) })
    expect(guessed.status).toBe(401)
    expect(guessed.body.error.code).toBe('invalid_credentials')
    const noOrigin = await fixture.visitor(undefined)
    expect(noOrigin.status).toBe(403)
    const otherOrigin = await fixture.visitor('https://evil.example.com')
    expect(otherOrigin.status).toBe(403)
    const user = await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/users/${encodeURIComponent(first.body.userId)}`, { secret: fixture.app.secret })
    expect(user.body).toMatchObject({ kind: 'person', ext: { visitor: { identified: false, origin: SHOP } } })
  })

  it('identity verification: the right userHash opens the user’s conversation, a forged one is refused with 401', async () => {
    const { server, app } = fixture
    const before = await fixture.visitor(SHOP, { userId: 'user-42', userHash: 'a'.repeat(64) })
    expect(before.status).toBe(401) // no identity secret yet
    const created = await server.rest('POST', `/api/v1/apps/${app.id}/identity-secret`, { secret: app.secret })
    expect(created.status).toBe(200)
    const secret = created.body.secret as string
    const ok = await fixture.visitor(SHOP, { userId: 'user-42', userHash: hashOf(secret, 'user-42'), name: 'Ada', email: 'ada@example.com' })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ userId: 'visitor:u:user-42', identified: true })
    expect(ok.body.visitorKey).toBeUndefined()
    const forged = await fixture.visitor(SHOP, { userId: 'user-43', userHash: hashOf(secret, 'user-42') })
    expect(forged.status).toBe(401)
    expect(forged.body.error.code).toBe('invalid_credentials')
    const rotated = await server.rest('POST', `/api/v1/apps/${app.id}/identity-secret`, { secret: app.secret })
    const stale = await fixture.visitor(SHOP, { userId: 'user-42', userHash: hashOf(secret, 'user-42') })
    expect(stale.status).toBe(401)
    const fresh = await fixture.visitor(SHOP, { userId: 'user-42', userHash: hashOf(rotated.body.secret, 'user-42') })
    expect(fresh.body.conversationId).toBe(ok.body.conversationId)
    const profile = await server.rest('GET', `/api/v1/apps/${app.id}/users/${encodeURIComponent('visitor:u:user-42')}`, { secret: app.secret })
    expect(profile.body).toMatchObject({ name: 'Ada', ext: { visitor: { identified: true, siteUserId: 'user-42', email: 'ada@example.com' } } })
    const secretText = JSON.stringify(await server.rest('GET', `/api/v1/apps/${app.id}/settings`, { secret: app.secret }))
    expect(secretText).not.toContain(rotated.body.secret)
  })

  it('a visitor talks to the support bot only: the bot answers, other users and groups are refused', async () => {
    const grant = await fixture.visitor(SHOP)
    const visitor = await RawClient.connect(fixture.server.url, grant.body.token)
    try {
      const sent = await visitor.sendMessage(grant.body.conversationId, 'How long does shipping take?')
      expect(sent.type).toBe('ack')
      const { final } = await waitForReply(visitor, grant.body.conversationId, 'helper', sent.seq, 10_000)
      expect(JSON.stringify(final)).toMatch(/two business days/)
      expect(final.ext.citations[0].title).toBe('Shop FAQ')
      const direct = await visitor.request({ type: 'conversation.open-direct', peerId: 'alice' })
      expect(direct).toMatchObject({ type: 'error', code: 'forbidden' })
      const group = await visitor.request({ type: 'group.create', name: 'x', memberIds: ['alice'] })
      expect(group).toMatchObject({ type: 'error', code: 'forbidden' })
      const presence = await visitor.request({ type: 'presence.query', userIds: ['alice'] })
      expect(presence).toMatchObject({ type: 'error', code: 'forbidden' })
      const bot = await visitor.request({ type: 'conversation.open-direct', peerId: 'helper' })
      expect(bot).toMatchObject({ type: 'result', data: { id: grant.body.conversationId } })
    } finally {
      visitor.close()
    }
    // An ordinary user is not restricted.
    const alice = await fixture.connect(fixture.tokens.alice!)
    expect(await alice.request({ type: 'conversation.open-direct', peerId: 'helper' })).toMatchObject({ type: 'result' })
  })

  it('the pre-chat form fills the profile and fires support.lead with the transcript', async () => {
    const { server, app } = fixture
    const hook = await server.rest('POST', `/api/v1/apps/${app.id}/webhooks`, { secret: app.secret, body: { url: receiver.url, events: ['support.lead'] } })
    expect(hook.status).toBe(201)
    await fixture.configure({ allowedOrigins: [SHOP], botId: 'helper', preChat: { enabled: true, fields: ['name', 'email', 'phone'], consent: { en: 'We may email you about your question.' } } })
    const grant = await fixture.visitor(SHOP)
    const visitor = await RawClient.connect(server.url, grant.body.token)
    await visitor.sendMessage(grant.body.conversationId, 'Can I return beans?')
    visitor.close()
    const lead = (body: unknown, token = grant.body.token) =>
      fetch(`${server.url}/api/v1/apps/${app.id}/visitors/lead`, { method: 'POST', headers: { origin: SHOP, authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const noConsent = await lead({ name: 'Bo', email: 'bo@example.com' })
    expect(noConsent.status).toBe(400)
    const badEmail = await lead({ name: 'Bo', email: 'not-an-email', consent: true })
    expect(badEmail.status).toBe(400)
    const ok = await lead({ name: 'Bo', email: 'bo@example.com', phone: '+86 138 0000 0000', consent: true })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ name: 'Bo', email: 'bo@example.com', phone: '+86 138 0000 0000' })
    const [delivery] = await receiver.waitFor(1, (request) => request.body.includes('support.lead'))
    const payload = JSON.parse(delivery!.body)
    expect(payload.type).toBe('support.lead')
    expect(payload.data).toMatchObject({ userId: grant.body.userId, name: 'Bo', email: 'bo@example.com', consent: true, origin: SHOP, conversationId: grant.body.conversationId })
    expect(payload.data.transcript.map((line: { text: string }) => line.text)).toContain('Can I return beans?')
    // An ordinary user's token may not send the form.
    expect((await lead({ name: 'A', consent: true }, fixture.tokens.alice)).status).toBe(403)
  })

  it('requireIdentity refuses anonymous visitors', async () => {
    await fixture.configure({ allowedOrigins: [SHOP], botId: 'helper', requireIdentity: true })
    const anonymous = await fixture.visitor(SHOP)
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.error.code).toBe('unauthenticated')
    await fixture.configure({ allowedOrigins: [SHOP], botId: 'helper' })
  })

  it('serves widget.js and the panel with their cache and CORS headers, gzipped', async () => {
    const loader = await fetch(`${fixture.server.url}/widget.js`, { headers: { 'accept-encoding': 'gzip' } })
    if (loader.status === 404) throw new Error('build the widget first: npm run build -w @warbler/widget')
    expect(loader.status).toBe(200)
    expect(loader.headers.get('content-type')).toMatch(/javascript/)
    expect(loader.headers.get('cache-control')).toMatch(/max-age=3600/)
    expect(loader.headers.get('access-control-allow-origin')).toBe('*')
    const code = await loader.text()
    const panelFile = /widget\/(panel-[A-Za-z0-9_-]+\.js)/.exec(code)?.[1]
    expect(panelFile).toBeTruthy()
    const panel = await fetch(`${fixture.server.url}/widget/${panelFile}`)
    expect(panel.status).toBe(200)
    expect(panel.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const etag = panel.headers.get('etag')!
    expect((await fetch(`${fixture.server.url}/widget/${panelFile}`, { headers: { 'if-none-match': etag } })).status).toBe(304)
    expect((await fetch(`${fixture.server.url}/widget/..%2Fpackage.json`)).status).toBe(404)
  })
})

describe('widget visitor rate limit', () => {
  it('refuses an address after the limit with 429 and Retry-After', async () => {
    const fixture = await startWidgetFixture([SHOP], { env: { WARBLER_WIDGET_RATE_LIMIT: '3' } })
    try {
      for (let i = 0; i < 3; i++) expect((await fixture.visitor(SHOP)).status).toBe(200)
      const refused = await fixture.visitor(SHOP)
      expect(refused.status).toBe(429)
      expect(refused.body.error.code).toBe('rate_limited')
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    } finally {
      await fixture.close()
    }
  })
})
