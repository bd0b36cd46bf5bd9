// The hooks and components rendered by React (react-dom/server: what the first render shows)
// over a client connected to the real server, its stores filled by the same calls the hooks make.
import { createElement as h } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WarblerClient } from '@warbler/sdk'
import { createUsers, startTestServer, type TestServer } from '../../../server/test/helpers/test-server.js'
import { storesOf } from '../stores/client-stores.js'
import { useConnectionState } from '../use-connection-state.js'
import { WarblerProvider } from '../warbler-provider.js'
import { Composer } from './composer.js'
import { ConversationList } from './conversation-list.js'
import { MessageList } from './message-list.js'

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('components and hooks rendered over a connected client', () => {
  let server: TestServer
  let tokens: Record<string, string>
  const clients: WarblerClient[] = []

  beforeAll(async () => {
    server = await startTestServer()
    tokens = await createUsers(server, await server.createApp(), ['ana', 'ben', 'cai'])
  })
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()))
    await server?.close()
  })

  it('renders the list, the timeline with a failed send and its buttons, and the composer, accessibly', async () => {
    const ben = new WarblerClient({ url: server.url, token: tokens.ben! })
    const ana = new WarblerClient({ url: server.url, token: tokens.ana!, sendTimeoutMs: 3000 })
    clients.push(ana, ben)
    await Promise.all([ana.connect(), ben.connect()])
    const direct = await ben.openDirect('ana')
    await ben.send(direct.id, { type: 'text', text: 'Hi <ana>' })
    await until(() => ana.conversationSummary(direct.id)?.unreadCount === 1, 'ana to see the message')
    const messages = storesOf(ana).messages(direct.id)
    await messages.load()
    const group = await ben.groups.create('Closed', ['cai'])
    const outside = storesOf(ana).messages(group.id)
    outside.send({ type: 'text', text: 'nobody gets this' })
    await until(() => outside.getSnapshot().pending[0]?.state === 'failed', 'the refusal')

    const html = renderToStaticMarkup(
      h(WarblerProvider, { client: ana, connect: false }, [
        h(ConversationList, { key: 'list', label: 'Conversations', activeId: direct.id, onSelect: () => undefined }),
        h(MessageList, { key: 'direct', conversationId: direct.id }),
        h(MessageList, { key: 'group', conversationId: group.id, labels: { retry: '重试', list: '消息' } }),
        h(Composer, { key: 'composer', conversationId: direct.id, label: 'Message', sendLabel: 'Send' }),
      ]),
    )
    expect(html).toContain('<nav aria-label="Conversations">')
    expect(html).toMatch(new RegExp(`<button type="button" aria-current="true" data-conversation-id="${direct.id}">`))
    expect(html).toContain('1 unread')
    expect(html).toContain('<ol role="log" aria-live="polite" aria-label="Messages">')
    expect(html).toContain('<strong>ben</strong> <span>Hi &lt;ana&gt;</span>')
    expect(html).toContain('aria-label="消息"')
    expect(html).toMatch(/data-pending="failed"><span>nobody gets this<\/span> <span>Not sent<\/span> <button type="button">重试<\/button> <button type="button">Discard<\/button>/)
    expect(html).toMatch(/<label for="([^"]+)">Message<\/label><textarea id="\1"/)
    expect(html).toContain('<button type="submit" disabled="">Send</button>')
  })

  it('hooks say clearly when there is no provider', () => {
    const Probe = () => h('span', null, useConnectionState().state)
    expect(() => renderToStaticMarkup(h(Probe))).toThrow('Warbler hooks need a <WarblerProvider client={client}> above them.')
  })
})
