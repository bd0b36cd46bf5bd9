import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { createOwner, signIn, type ConsoleClient } from './console-client.js'

describe('audit log', () => {
  let server: TestServer
  let owner: ConsoleClient

  beforeAll(async () => {
    server = await startTestServer()
    owner = await signIn(server, await createOwner(server))
  })
  afterAll(async () => server.close())

  it('records console actions with who, what, when and from where', async () => {
    const created = await owner.call('POST', '/apps', { name: 'Audited' })
    expect(created.status).toBe(201)
    const log = await owner.call('GET', '/audit')
    const entry = log.body.entries.find((item: { action: string }) => item.action === 'app.create')
    expect(entry).toMatchObject({ actorType: 'console', actorId: 'owner@example.com', userAgent: 'console-test/1.0', status: 201 })
    expect(entry.target).toContain(created.body.id)
    expect(entry.ip).toMatch(/127\.0\.0\.1/)
    expect(Math.abs(entry.ts - Date.now())).toBeLessThan(60_000)
    expect(log.body.entries.map((item: { action: string }) => item.action)).toEqual(expect.arrayContaining(['console.owner-create', 'console.sign-in']))
  })

  it('records app API changes made with the app secret, the operator key and through the console, never secrets', async () => {
    const app = await server.createApp('Server API')
    await server.rest('POST', `/api/v1/apps/${app.id}/users`, { secret: app.secret, body: { id: 'dora', name: 'Dora' } })
    await server.rest('PUT', `/api/v1/apps/${app.id}/users/dora/ban`, { secret: server.operatorKey, body: { banned: true } })
    await owner.call('PUT', `/apps/${app.id}/api/users/dora/ban`, { banned: false })
    await server.rest('GET', `/api/v1/apps/${app.id}/users/dora`, { secret: app.secret })
    await server.rest('POST', `/api/v1/apps/${app.id}/users`, { secret: app.secret, body: { id: '' } })
    const log = await owner.call('GET', `/audit?appId=${app.id}`)
    const lines = log.body.entries.map((entry: any) => `${entry.actorType}:${entry.actorId ?? ''} ${entry.action} ${entry.status}`)
    expect(lines).toEqual([
      'console:owner@example.com PUT /api/v1/apps/:appId/users/:userId/ban 200',
      `operator: PUT /api/v1/apps/:appId/users/:userId/ban 200`,
      `app-secret:${app.id} POST /api/v1/apps/:appId/users 201`,
    ])
    const everything = JSON.stringify((await owner.call('GET', '/audit?limit=500')).body)
    expect(everything).not.toContain(app.secret)
    expect(everything).not.toContain(server.operatorKey)
    expect(everything).not.toContain('Dora')
  })

  it('credits a chat user\'s own upload to that user, not to the app secret', async () => {
    const app = await server.createApp('Chat uploads')
    const tokens = await createUsers(server, app, ['erin', 'fay'])
    const group = await server.rest('POST', `/api/v1/apps/${app.id}/groups`, { secret: app.secret, body: { name: 'Team', ownerId: 'erin', memberIds: ['fay'] } })
    const form = new FormData()
    form.append('conversationId', group.body.id)
    form.append('file', new Blob(['minutes'], { type: 'text/plain' }), 'minutes.txt')
    const uploaded = await fetch(`${server.url}/api/v1/apps/${app.id}/files`, { method: 'POST', headers: { authorization: `Bearer ${tokens.erin}` }, body: form })
    expect(uploaded.status).toBe(201)
    // The entry is written when the answer has been sent, so it may land just after the client has it.
    let log = await owner.call('GET', `/audit?appId=${app.id}`)
    const findUpload = () => log.body.entries.find((entry: { action: string }) => entry.action === 'POST /api/v1/apps/:appId/files')
    for (let tries = 0; tries < 100 && !findUpload(); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      log = await owner.call('GET', `/audit?appId=${app.id}`)
    }
    const upload = findUpload()
    expect(upload).toMatchObject({ actorType: 'user', actorId: 'erin', status: 201 })
    const groupCreate = log.body.entries.find((entry: { action: string }) => entry.action === 'POST /api/v1/apps/:appId/groups')
    expect(groupCreate).toMatchObject({ actorType: 'app-secret', actorId: app.id })
    expect(JSON.stringify(log.body)).not.toContain(tokens.erin)
  })

  it('filters by actor, action and time', async () => {
    const byAction = await owner.call('GET', '/audit?action=sign-in')
    expect(byAction.body.entries.length).toBeGreaterThan(0)
    expect(byAction.body.entries.every((entry: { action: string }) => entry.action.includes('sign-in'))).toBe(true)
    const byActor = await owner.call('GET', '/audit?actor=operator')
    expect(byActor.body.entries.every((entry: { actorType: string }) => entry.actorType === 'operator')).toBe(true)
    const future = await owner.call('GET', `/audit?from=${Date.now() + 3_600_000}`)
    expect(future.body.entries).toEqual([])
  })

  it('exports CSV with a header, quoting, and formula-safe fields', async () => {
    await owner.call('POST', '/apps', { name: '=HYPERLINK("x"), "quoted"' })
    const csv = await owner.call('GET', '/audit.csv?action=app.create')
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="warbler-audit-/)
    const lines = (csv.body as string).trim().split('\r\n')
    expect(lines[0]).toBe('id,time,actorType,actor,action,appId,target,status,ip,userAgent')
    expect(lines).toHaveLength(3)
    expect(lines[1]).toContain('"')
    expect(lines[1]).toMatch(/^\d+,\d{4}-\d\d-\d\dT[^,]+Z,console,owner@example.com,app.create,/)
    expect(lines[1]).toContain('""quoted""')
  })

  it('is append-only in the database', async () => {
    const db = (server.server.context.storage as unknown as { db: { prepare(sql: string): { run(): unknown } } }).db
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
    expect(() => db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/)
  })

  it('keeps the id and name of a bot the console created, and the dashboard names the account and the bot', async () => {
    const app = await server.createApp('Named activity')
    expect((await owner.call('POST', `/apps/${app.id}/api/bots`, { id: 'helper', name: 'Helper' })).status).toBe(201)
    expect((await owner.call('PATCH', `/apps/${app.id}/api/bots/helper`, { name: 'Helper two' })).status).toBe(200)
    const overview = await owner.call('GET', `/apps/${app.id}/overview`)
    const [changed, created] = overview.body.activity
    expect(created).toMatchObject({ action: 'POST /api/v1/apps/:appId/bots', actorName: 'Owner', details: { created: { id: 'helper', name: 'Helper' } } })
    expect(changed).toMatchObject({ action: 'PATCH /api/v1/apps/:appId/bots/:botId', actorName: 'Owner', targetName: 'Helper two' })
  })
})
