import { afterEach, describe, expect, it } from 'vitest'
import { createOwner, signIn, type ConsoleClient } from '../console/console-client.js'
import { startSupportFixture, until, type SupportFixture } from './support-fixture.js'

const PASSWORD = 'agent password 1'

/** The fixture plus console accounts: an owner, an agent and a viewer, signed in. */
async function withConsole(fixture: SupportFixture): Promise<{ owner: ConsoleClient; agent: ConsoleClient; viewer: ConsoleClient }> {
  const owner = await signIn(fixture.server, await createOwner(fixture.server))
  for (const [email, role] of [['lin@example.com', 'agent'], ['vera@example.com', 'viewer']] as const) {
    const created = await owner.call('POST', '/accounts', { email, password: PASSWORD, name: email, role })
    if (created.status !== 201) throw new Error(`account: ${created.status} ${JSON.stringify(created.body)}`)
  }
  return { owner, agent: await signIn(fixture.server, { email: 'lin@example.com', password: PASSWORD }), viewer: await signIn(fixture.server, { email: 'vera@example.com', password: PASSWORD }) }
}

describe('a console inbox window counts as the agent’s connected session', () => {
  let fixture: SupportFixture
  afterEach(async () => {
    await fixture?.close()
  })

  const status = async (conversationId: string) => (await fixture.rest('GET', `/conversations/${conversationId}/support`)).body as { status: string; assigneeId?: string }
  const online = async (userId: string) => ((await fixture.rest('GET', '/agents')).body.agents as { userId: string; online: boolean }[]).find((agent) => agent.userId === userId)?.online
  /** A customer's conversation with the bot, handed off by the app's backend. */
  const handoff = async (customerId: string) => {
    const sent = await fixture.rest('POST', '/messages', { from: customerId, to: 'helper', body: { type: 'text', text: 'My parcel is late' } })
    const conversationId = sent.body.conversationId as string
    expect((await fixture.rest('POST', `/conversations/${conversationId}/handoff`, { reason: 'policy' })).status).toBe(200)
    return conversationId
  }

  it('an agent whose only open window is the console inbox gets auto-assigned; closing it stops that', async () => {
    fixture = await startSupportFixture(['cus', 'bea', 'lin'])
    await fixture.agent('lin')
    const { agent } = await withConsole(fixture)
    const lease = `/apps/${fixture.app.id}/api/agents/lin/console-presence/window1`

    // No WebSocket and no inbox: Lin is not connected, the hand-off waits.
    const first = await handoff('cus')
    expect(await status(first)).toMatchObject({ status: 'queued' })
    expect(await online('lin')).toBe(false)

    // The inbox opens, working as lin: the waiting conversation is hers within the 5 s promise.
    const opened = await agent.call('PUT', lease)
    expect(opened.status).toBe(200)
    expect(opened.body).toMatchObject({ userId: 'lin', windowId: 'window1', renewAfterMs: 30_000 })
    const started = Date.now()
    await until(async () => (await status(first)).assigneeId === 'lin', 'the assignment to the console agent', 5000)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(await online('lin')).toBe(true)
    // Presence to other users is untouched: the console window is no user session of lin.
    expect((await fixture.server.server.context.presence.query(fixture.app.id, ['lin']))[0]).toMatchObject({ online: false, devices: 0 })

    // The window closes: lin no longer counts as connected, and a new hand-off waits.
    expect((await agent.call('DELETE', lease)).body).toEqual({ released: true })
    expect(await online('lin')).toBe(false)
    const second = await handoff('bea')
    await new Promise((resolve) => setTimeout(resolve, 1000)) // five sweeps of the assignment loop
    expect(await status(second)).toMatchObject({ status: 'queued' })
    expect(await status(first)).toMatchObject({ status: 'assigned', assigneeId: 'lin' }) // what she holds stays hers
  })

  it('a window that stops renewing (a crashed browser) fades out after the lease time', async () => {
    fixture = await startSupportFixture(['cus', 'lin'], { consolePresenceTtlMs: 1200 })
    await fixture.agent('lin')
    const { agent } = await withConsole(fixture)
    expect((await agent.call('PUT', `/apps/${fixture.app.id}/api/agents/lin/console-presence/window1`)).status).toBe(200)
    expect(await online('lin')).toBe(true)
    await until(async () => (await online('lin')) === false, 'the lease to run out', 4000)
    const conversationId = await handoff('cus')
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(await status(conversationId)).toMatchObject({ status: 'queued' })
  })

  it('is only for console accounts of the agent role and up, only for agents, and bound to the account', async () => {
    fixture = await startSupportFixture(['cus', 'lin'])
    await fixture.agent('lin')
    const { owner, agent, viewer } = await withConsole(fixture)
    const path = (userId: string, windowId = 'window1') => `/apps/${fixture.app.id}/api/agents/${userId}/console-presence/${windowId}`

    // The app secret (a backend) connects a WebSocket session instead.
    const bySecret = await fixture.rest('PUT', '/agents/lin/console-presence/window1')
    expect(bySecret.status).toBe(403)
    expect(bySecret.body.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/Only the web console/) })
    expect((await viewer.call('PUT', path('lin'))).status).toBe(403)
    const notAgent = await agent.call('PUT', path('cus'))
    expect(notAgent.status).toBe(404)
    expect(notAgent.body.error.code).toBe('not_found')
    expect(await online('lin')).toBe(false)

    // Another account closing a window of the same id does not end this account's lease.
    expect((await agent.call('PUT', path('lin'))).status).toBe(200)
    expect((await owner.call('DELETE', path('lin'))).status).toBe(200)
    expect(await online('lin')).toBe(true)
    // Two windows of one account: closing one keeps the other.
    expect((await agent.call('PUT', path('lin', 'window2'))).status).toBe(200)
    await agent.call('DELETE', path('lin'))
    expect(await online('lin')).toBe(true)
    await agent.call('DELETE', path('lin', 'window2'))
    expect(await online('lin')).toBe(false)
  })
})
