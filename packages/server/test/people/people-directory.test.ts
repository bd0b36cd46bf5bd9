import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUsers } from '../helpers/test-server.js'
import { startWidgetFixture, type WidgetFixture } from '../widget/widget-fixture.js'

const SHOP = 'https://shop.example.com'

describe('the people directory (GET /api/v1/apps/{appId}/people)', () => {
  let fixture: WidgetFixture
  let other: { id: string; secret: string }
  let tokens: Record<string, string>

  beforeAll(async () => {
    fixture = await startWidgetFixture([SHOP])
    const { server, app } = fixture
    tokens = { ...fixture.tokens, ...(await createUsers(server, app, ['alan', 'bob', 'mallory'])) }
    await server.rest('PATCH', `/api/v1/apps/${app.id}/users/alan`, { secret: app.secret, body: { name: 'Alan Turing', avatarUrl: 'https://example.com/alan.png', ext: { salary: 1 } } })
    await server.rest('PUT', `/api/v1/apps/${app.id}/users/mallory/ban`, { secret: app.secret, body: { banned: true } })
    other = await server.createApp('Other')
    await createUsers(server, other, ['alfred'])
  })
  afterAll(async () => {
    await fixture?.close()
  })

  const people = (token: string, query: string, appId = fixture.app.id) => fixture.server.rest('GET', `/api/v1/apps/${appId}/people${query}`, { secret: token })

  it('finds users of the same app by name, with id, name, avatar and isBot only', async () => {
    const found = await people(tokens.bob!, '?q=AL')
    expect(found.status).toBe(200)
    const expected = [
      { id: 'alan', name: 'Alan Turing', avatarUrl: 'https://example.com/alan.png', isBot: false },
      { id: 'alice', name: 'alice', avatarUrl: null, isBot: false },
    ]
    // The list envelope, with the deprecated key beside it until 0.3.0.
    expect(found.body).toEqual({ items: expected, next: null, people: expected })
    const bots = await people(tokens.bob!, '?q=shop')
    expect(bots.body.items).toEqual([{ id: 'helper', name: 'Shop helper', avatarUrl: null, isBot: true }])
  })

  it('looks up known ids, and never lists banned users, visitors or another app’s users', async () => {
    const visitor = await fixture.visitor(SHOP)
    expect(visitor.status).toBe(200)
    const byIds = await people(tokens.bob!, `?ids=${encodeURIComponent(['helper', 'mallory', visitor.body.userId, 'alfred', 'alice'].join(','))}`)
    expect(byIds.body.items.map((person: { id: string }) => person.id)).toEqual(['alice', 'helper'])
    const everyone = await people(tokens.bob!, '?limit=50')
    expect(everyone.body.items.map((person: { id: string }) => person.id)).toEqual(['alan', 'alice', 'bob', 'helper'])
    // A visitor's own token cannot search.
    const asVisitor = await people(visitor.body.token, '?q=a')
    expect(asVisitor.status).toBe(403)
    expect(asVisitor.body.error.code).toBe('forbidden')
  })

  it('refuses other apps’ tokens, no credential, and bad queries', async () => {
    expect((await people(tokens.bob!, '?q=a', other.id)).status).toBe(403)
    expect((await fixture.server.rest('GET', `/api/v1/apps/${fixture.app.id}/people?q=a`)).status).toBe(401)
    expect((await people(tokens.bob!, '?limit=500')).body.error.code).toBe('validation_failed')
    // The app's backend may use it too.
    expect((await people(fixture.app.secret, '?q=bob')).body.items).toEqual([{ id: 'bob', name: 'bob', avatarUrl: null, isBot: false }])
  })

  it('is rate-limited per user: 429 with Retry-After once the burst is spent, others unaffected', async () => {
    let refused: Response | undefined
    for (let attempt = 0; attempt < 40 && !refused; attempt++) {
      const response = await fetch(`${fixture.server.url}/api/v1/apps/${fixture.app.id}/people?q=a`, { headers: { authorization: `Bearer ${tokens.alan}` } })
      if (response.status === 429) refused = response
      else expect(response.status).toBe(200)
    }
    expect(refused?.status).toBe(429)
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect((await refused!.json()).error.code).toBe('rate_limited')
    expect((await people(tokens.alice!, '?q=a')).status).toBe(200)
  })
})
