import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

describe('IM features over the real gateway', () => {
  let server: TestServer
  let app: { id: string; secret: string }
  let tokens: Record<string, string>
  const open: RawClient[] = []
  const connect = async (user: string) => {
    const client = await RawClient.connect(server.url, tokens[user]!)
    open.push(client)
    return client
  }
  const ok = (answer: any) => {
    if (answer.type !== 'result' && answer.type !== 'ack') throw new Error(`expected success, got ${JSON.stringify(answer)}`)
    return answer.data ?? answer
  }

  beforeAll(async () => {
    server = await startTestServer()
    app = await server.createApp()
    tokens = await createUsers(server, app, ['owner', 'admin', 'member', 'outsider', 'newbie', 'eve'])
  })
  afterAll(async () => {
    for (const client of open) client.close()
    await server.close()
  })

  describe('groups', () => {
    it('runs the whole group lifecycle with roles, notices as events and permission refusals', async () => {
      const [owner, admin, member, outsider] = await Promise.all(['owner', 'admin', 'member', 'outsider'].map(connect))
      const group = ok(await owner!.request({ type: 'group.create', name: 'Project', memberIds: ['admin', 'member'], settings: { joinMode: 'approval' } }))
      expect(group).toMatchObject({ kind: 'group', ownerId: 'owner', memberCount: 3, settings: { joinMode: 'approval', muteAll: false } })
      const id = group.id
      expect(ok(await owner!.request({ type: 'group.set-role', conversationId: id, userId: 'admin', role: 'admin' }))).toMatchObject({ role: 'admin' })
      // a plain member may not remove, mute, promote or dissolve
      expect(await member!.request({ type: 'group.remove', conversationId: id, userIds: ['admin'] })).toMatchObject({ code: 'forbidden' })
      expect(await member!.request({ type: 'group.mute-member', conversationId: id, userId: 'admin', durationSeconds: 60 })).toMatchObject({ code: 'forbidden' })
      expect(await admin!.request({ type: 'group.set-role', conversationId: id, userId: 'member', role: 'admin' })).toMatchObject({ code: 'forbidden' })
      expect(await admin!.request({ type: 'group.dissolve', conversationId: id })).toMatchObject({ code: 'forbidden' })
      // an outsider cannot do anything to it
      expect(await outsider!.request({ type: 'group.invite', conversationId: id, userIds: ['eve'] })).toMatchObject({ code: 'not_member' })

      // join by application, approved by an admin
      const applied = ok(await outsider!.request({ type: 'group.join', conversationId: id, message: 'let me in' }))
      expect(applied).toMatchObject({ joined: false })
      const notice = await admin!.waitFor((frame) => frame.type === 'notice' && frame.kind === 'join-request')
      expect(notice.data).toMatchObject({ requestId: applied.requestId, userId: 'outsider', message: 'let me in' })
      expect(ok(await admin!.request({ type: 'group.join-requests', conversationId: id })).requests).toHaveLength(1)
      expect(ok(await admin!.request({ type: 'group.decide-join', conversationId: id, requestId: applied.requestId, accept: true }))).toMatchObject({ status: 'accepted' })
      await outsider!.waitFor((frame) => frame.type === 'event' && frame.conversationId === id && frame.kind === 'member' && frame.data.action === 'joined')

      // mute one member; mute all
      ok(await admin!.request({ type: 'group.mute-member', conversationId: id, userId: 'member', durationSeconds: 3600 }))
      expect(await member!.sendMessage(id, 'can I talk?')).toMatchObject({ code: 'member_muted' })
      ok(await admin!.request({ type: 'group.mute-member', conversationId: id, userId: 'member', durationSeconds: 0 }))
      expect((await member!.sendMessage(id, 'now I can')).type).toBe('ack')
      ok(await owner!.request({ type: 'group.update', conversationId: id, settings: { muteAll: true, announcement: 'Quiet please' } }))
      expect(await member!.sendMessage(id, 'hello?')).toMatchObject({ code: 'group_muted' })
      expect((await admin!.sendMessage(id, 'admins may speak')).type).toBe('ack')
      ok(await owner!.request({ type: 'group.update', conversationId: id, settings: { muteAll: false } }))

      // remove: admins remove members, not the owner; the removed member sees the notice then loses access
      expect(await admin!.request({ type: 'group.remove', conversationId: id, userIds: ['owner'] })).toMatchObject({ code: 'forbidden' })
      expect(ok(await admin!.request({ type: 'group.remove', conversationId: id, userIds: ['outsider'] }))).toEqual({ removed: ['outsider'] })
      await outsider!.waitFor((frame) => frame.type === 'event' && frame.conversationId === id && frame.data?.action === 'removed')
      expect(await outsider!.request({ type: 'history', conversationId: id, afterSeq: 0 })).toMatchObject({ code: 'not_member' })

      // the owner cannot leave without transferring; transfer, then leave
      expect(await owner!.request({ type: 'group.leave', conversationId: id })).toMatchObject({ code: 'conflict' })
      expect(ok(await owner!.request({ type: 'group.transfer', conversationId: id, userId: 'admin' }))).toMatchObject({ ownerId: 'admin' })
      ok(await owner!.request({ type: 'group.leave', conversationId: id }))
      // dissolve by the new owner: nobody can send any more, history stays
      ok(await admin!.request({ type: 'group.dissolve', conversationId: id }))
      expect(await member!.sendMessage(id, 'anyone?')).toMatchObject({ code: 'group_dissolved' })
      const history = ok(await member!.request({ type: 'history', conversationId: id, afterSeq: 0, limit: 100 }))
      const actions = history.events.filter((event: any) => event.kind === 'member').map((event: any) => event.data.action)
      expect(actions).toEqual(['role-changed', 'joined', 'muted', 'unmuted', 'updated', 'updated', 'removed', 'owner-changed', 'left', 'dissolved'])
      const seqs = history.events.map((event: any) => event.seq)
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, index) => index + 1))
    })

    it('respects the member limit, open joins and hidden earlier history', async () => {
      const [owner, newbie, eve] = await Promise.all(['owner', 'newbie', 'eve'].map(connect))
      const group = ok(await owner!.request({ type: 'group.create', name: 'Small', memberIds: [], settings: { maxMembers: 2, joinMode: 'open', historyVisibleToNewMembers: false } }))
      await owner!.sendMessage(group.id, 'before you came')
      expect(ok(await newbie!.request({ type: 'group.join', conversationId: group.id }))).toEqual({ joined: true })
      expect(await eve!.request({ type: 'group.join', conversationId: group.id })).toMatchObject({ code: 'group_full' })
      await owner!.sendMessage(group.id, 'welcome')
      const seen = ok(await newbie!.request({ type: 'history', conversationId: group.id, afterSeq: 0 }))
      expect(seen.events.some((event: any) => event.body?.text === 'before you came')).toBe(false)
      expect(seen.events.some((event: any) => event.body?.text === 'welcome')).toBe(true)
      const back = ok(await newbie!.request({ type: 'history', conversationId: group.id, beforeSeq: 99 }))
      expect(back.events.some((event: any) => event.body?.text === 'before you came')).toBe(false)
      expect(back.hasMore).toBe(false)
    })
  })

  describe('messages', () => {
    it('edits, recalls, reacts, replies, forwards and deletes for me, with events every device sees', async () => {
      const [owner, member, memberPhone, outsider] = await Promise.all([connect('owner'), connect('member'), connect('member'), connect('outsider')])
      const direct = ok(await owner!.request({ type: 'conversation.open-direct', peerId: 'member' })).id
      const first = await owner!.sendMessage(direct, 'typo hre')
      // someone else cannot edit or recall it
      expect(await member!.request({ type: 'message.edit', conversationId: direct, seq: first.seq, body: { type: 'text', text: 'x' } })).toMatchObject({ code: 'forbidden' })
      expect(await member!.request({ type: 'message.recall', conversationId: direct, seq: first.seq })).toMatchObject({ code: 'forbidden' })
      expect(await outsider!.request({ type: 'message.react', conversationId: direct, seq: first.seq, emoji: '👍' })).toMatchObject({ code: 'not_member' })
      const edit = ok(await owner!.request({ type: 'message.edit', conversationId: direct, seq: first.seq, body: { type: 'text', text: 'typo here' } }))
      const editEvent = await memberPhone!.waitFor((frame) => frame.type === 'event' && frame.seq === edit.seq && frame.conversationId === direct)
      expect(editEvent).toMatchObject({ kind: 'edit', targetSeq: first.seq, body: { text: 'typo here' } })
      ok(await member!.request({ type: 'message.react', conversationId: direct, seq: first.seq, emoji: '👍' }))
      ok(await owner!.request({ type: 'message.react', conversationId: direct, seq: first.seq, emoji: '👍' }))
      ok(await owner!.request({ type: 'message.react', conversationId: direct, seq: first.seq, emoji: '👍', remove: true }))
      const reply = await member!.request({ type: 'message.send', clientMsgId: 'reply-1', conversationId: direct, body: { type: 'text', text: 'fixed?' }, replyToSeq: first.seq })
      expect(reply.type).toBe('ack')
      const page = ok(await owner!.request({ type: 'history', conversationId: direct, afterSeq: 0 }))
      const original = page.events.find((event: any) => event.seq === first.seq)
      expect(original).toMatchObject({ body: { text: 'typo here' }, reactions: { '👍': ['member'] } })
      expect(original.editedAt).toBeTypeOf('number')
      expect(page.events.find((event: any) => event.seq === reply.seq)).toMatchObject({ replyToSeq: first.seq })

      // recall
      const recall = ok(await owner!.request({ type: 'message.recall', conversationId: direct, seq: first.seq }))
      await member!.waitFor((frame) => frame.type === 'event' && frame.seq === recall.seq && frame.kind === 'recall')
      const after = ok(await member!.request({ type: 'history', conversationId: direct, afterSeq: 0 }))
      const recalled = after.events.find((event: any) => event.seq === first.seq)
      expect(recalled.body).toBeUndefined()
      expect(recalled.recalledAt).toBeTypeOf('number')
      expect(await owner!.request({ type: 'message.edit', conversationId: direct, seq: first.seq, body: { type: 'text', text: 'again' } })).toMatchObject({ code: 'message_recalled' })

      // forward the reply into a group the member belongs to; an outsider cannot forward from here
      const group = ok(await member!.request({ type: 'group.create', name: 'Fwd', memberIds: ['owner'] })).id
      const forwarded = ok(await member!.request({ type: 'message.forward', clientMsgId: 'fwd-1', fromConversationId: direct, seq: reply.seq, toConversationId: group }))
      const forwardedEvent = await owner!.waitFor((frame) => frame.type === 'event' && frame.conversationId === group && frame.seq === forwarded.seq)
      expect(forwardedEvent).toMatchObject({ body: { text: 'fixed?' }, ext: { forwardedFrom: { conversationId: direct, seq: reply.seq, senderId: 'member' } } })
      expect(await outsider!.request({ type: 'message.forward', clientMsgId: 'f2', fromConversationId: direct, seq: reply.seq, toConversationId: group })).toMatchObject({ code: 'not_member' })

      // delete for me: gone for the member on every device, still there for the owner
      ok(await member!.request({ type: 'message.delete', conversationId: direct, seq: reply.seq }))
      await memberPhone!.waitFor((frame) => frame.type === 'notice' && frame.kind === 'message-hidden' && frame.data.seq === reply.seq)
      const mine = ok(await memberPhone!.request({ type: 'history', conversationId: direct, afterSeq: 0 }))
      expect(mine.events.find((event: any) => event.seq === reply.seq)).toMatchObject({ hidden: true })
      expect(mine.events.find((event: any) => event.seq === reply.seq).body).toBeUndefined()
      const theirs = ok(await owner!.request({ type: 'history', conversationId: direct, afterSeq: 0 }))
      expect(theirs.events.find((event: any) => event.seq === reply.seq).body.text).toBe('fixed?')
    })

    it('keeps the edit and recall windows, and lets admins recall anything in their group', async () => {
      const settings = await server.rest('PATCH', `/api/v1/apps/${app.id}/settings`, { secret: app.secret, body: { editWindowSeconds: 0, recallWindowSeconds: 0 } })
      expect(settings).toMatchObject({ status: 200, body: { editWindowSeconds: 0, recallWindowSeconds: 0 } })
      const [owner, member] = await Promise.all([connect('owner'), connect('member')])
      const group = ok(await owner!.request({ type: 'group.create', name: 'Windows', memberIds: ['member'] })).id
      const sent = await member!.sendMessage(group, 'too late to change')
      await new Promise((resolve) => setTimeout(resolve, 5))
      expect(await member!.request({ type: 'message.edit', conversationId: group, seq: sent.seq, body: { type: 'text', text: 'x' } })).toMatchObject({ code: 'edit_window_passed' })
      expect(await member!.request({ type: 'message.recall', conversationId: group, seq: sent.seq })).toMatchObject({ code: 'recall_window_passed' })
      expect(ok(await owner!.request({ type: 'message.recall', conversationId: group, seq: sent.seq })).seq).toBeGreaterThan(sent.seq)
      await server.rest('PATCH', `/api/v1/apps/${app.id}/settings`, { secret: app.secret, body: { editWindowSeconds: 86400, recallWindowSeconds: 120 } })
    })

    it('filters keywords before storing: block or mask', async () => {
      const owner = await connect('owner')
      const direct = ok(await owner.request({ type: 'conversation.open-direct', peerId: 'newbie' })).id
      await server.rest('PATCH', `/api/v1/apps/${app.id}/settings`, { secret: app.secret, body: { keywordFilter: { mode: 'block', words: ['forbidden-word'] } } })
      expect(await owner.sendMessage(direct, 'this has a FORBIDDEN-WORD in it')).toMatchObject({ code: 'content_blocked' })
      await server.rest('PATCH', `/api/v1/apps/${app.id}/settings`, { secret: app.secret, body: { keywordFilter: { mode: 'mask', words: ['darn'] } } })
      const masked = await owner.sendMessage(direct, 'oh darn it')
      const page = ok(await owner.request({ type: 'history', conversationId: direct, afterSeq: masked.seq - 1 }))
      expect(page.events[0].body.text).toBe('oh **** it')
      await server.rest('PATCH', `/api/v1/apps/${app.id}/settings`, { secret: app.secret, body: { keywordFilter: { mode: 'block', words: [] } } })
    })

    it('searches, Chinese-aware, only what the user can see', async () => {
      const [owner, member, eve] = await Promise.all([connect('owner'), connect('member'), connect('eve')])
      const direct = ok(await owner!.request({ type: 'conversation.open-direct', peerId: 'member' })).id
      await owner!.sendMessage(direct, '明天北京的天气预报说会下雨')
      await member!.sendMessage(direct, 'The quarterly report is ready')
      const eveDirect = ok(await eve!.request({ type: 'conversation.open-direct', peerId: 'owner' })).id
      await eve!.sendMessage(eveDirect, '天气预报 secret for owner only')
      const zh = ok(await member!.request({ type: 'message.search', query: '天气预报' }))
      expect(zh.hits.map((hit: any) => hit.event.body.text)).toEqual(['明天北京的天气预报说会下雨'])
      expect(zh.hits[0]).toMatchObject({ conversationId: direct, senderId: 'owner' })
      const en = ok(await member!.request({ type: 'message.search', query: 'reports' }))
      expect(en.hits.map((hit: any) => hit.event.body.text)).toEqual(['The quarterly report is ready'])
      const ownerHits = ok(await owner!.request({ type: 'message.search', query: '天气预报' }))
      expect(ownerHits.hits).toHaveLength(2)
      const filtered = ok(await owner!.request({ type: 'message.search', query: '天气预报', senderId: 'eve' }))
      expect(filtered.hits.map((hit: any) => hit.senderId)).toEqual(['eve'])
      expect(await member!.request({ type: 'message.search', query: '天气', conversationId: eveDirect })).toMatchObject({ code: 'not_member' })
    })
  })

  describe('friends, blocks and direct-message policy', () => {
    it('friend requests with a message, accept, remark, remove; blocks stop direct messages', async () => {
      const [newbie, eve] = await Promise.all([connect('newbie'), connect('eve')])
      const request = ok(await newbie!.request({ type: 'friend.request', userId: 'eve', message: 'hi, it’s newbie' }))
      const notice = await eve!.waitFor((frame) => frame.type === 'notice' && frame.kind === 'friend-request')
      expect(notice.data).toMatchObject({ id: request.id, fromId: 'newbie', message: 'hi, it’s newbie' })
      expect(await newbie!.request({ type: 'friend.request', userId: 'eve' })).toMatchObject({ code: 'already_exists' })
      expect(ok(await eve!.request({ type: 'friend.requests' })).incoming).toHaveLength(1)
      expect(await newbie!.request({ type: 'friend.respond', requestId: request.id, accept: true })).toMatchObject({ code: 'not_found' })
      ok(await eve!.request({ type: 'friend.respond', requestId: request.id, accept: true }))
      expect(ok(await newbie!.request({ type: 'friend.list' })).friends.map((friend: any) => friend.userId)).toEqual(['eve'])
      expect(ok(await newbie!.request({ type: 'friend.remark', userId: 'eve', remark: 'Eve from work' }))).toMatchObject({ remark: 'Eve from work' })

      // friends-only policy
      await server.rest('PATCH', `/api/v1/apps/${app.id}/settings`, { secret: app.secret, body: { directMessages: 'friends' } })
      const direct = ok(await newbie!.request({ type: 'conversation.open-direct', peerId: 'eve' })).id
      expect((await newbie!.sendMessage(direct, 'friends can talk')).type).toBe('ack')
      const stranger = await connect('outsider')
      const strangerDirect = ok(await stranger.request({ type: 'conversation.open-direct', peerId: 'eve' })).id
      expect(await stranger.sendMessage(strangerDirect, 'hello stranger')).toMatchObject({ code: 'friends_only' })
      await server.rest('PATCH', `/api/v1/apps/${app.id}/settings`, { secret: app.secret, body: { directMessages: 'anyone' } })

      // block: the blocked user cannot message, cannot send a friend request
      ok(await eve!.request({ type: 'block.add', userId: 'outsider' }))
      expect(ok(await eve!.request({ type: 'block.list' })).userIds).toEqual(['outsider'])
      expect(await stranger.sendMessage(strangerDirect, 'please')).toMatchObject({ code: 'blocked' })
      expect(await stranger.request({ type: 'friend.request', userId: 'eve' })).toMatchObject({ code: 'blocked' })
      ok(await eve!.request({ type: 'block.remove', userId: 'outsider' }))
      expect((await stranger.sendMessage(strangerDirect, 'thanks')).type).toBe('ack')
      ok(await newbie!.request({ type: 'friend.remove', userId: 'eve' }))
      expect(ok(await eve!.request({ type: 'friend.list' })).friends).toEqual([])
    })
  })

  describe('state', () => {
    it('keeps the conversation list, unread counts, receipts, pin and mute, typing', async () => {
      const [owner, member, memberPhone] = await Promise.all([connect('owner'), connect('member'), connect('member')])
      const group = ok(await owner!.request({ type: 'group.create', name: 'State', memberIds: ['member', 'newbie'] })).id
      for (const text of ['one', 'two', 'three']) await owner!.sendMessage(group, text)
      const list = ok(await member!.request({ type: 'conversation.list', limit: 50 }))
      const item = list.items.find((entry: any) => entry.conversation.id === group)
      expect(item).toMatchObject({ unreadCount: 3, lastMessage: { body: { text: 'three' } }, pinned: false, muted: false, role: 'member' })
      expect(list.items[0].conversation.id).toBe(group)
      const last = item.lastMessage.seq
      ok(await member!.request({ type: 'read', conversationId: group, seq: last }))
      const receipt = await owner!.waitFor((frame) => frame.type === 'receipt' && frame.userId === 'member')
      expect(receipt).toMatchObject({ conversationId: group, readSeq: last })
      await memberPhone!.waitFor((frame) => frame.type === 'receipt' && frame.userId === 'member' && frame.readSeq === last)
      ok(await owner!.request({ type: 'delivered', conversationId: group, seq: last }))
      const counts = ok(await owner!.request({ type: 'message.receipts', conversationId: group, seq: last }))
      expect(counts).toMatchObject({ members: 3, read: 2, readers: ['member', 'owner'] })
      const after = ok(await member!.request({ type: 'conversation.list' })).items.find((entry: any) => entry.conversation.id === group)
      expect(after.unreadCount).toBe(0)

      ok(await member!.request({ type: 'conversation.settings', conversationId: group, pinned: true, muted: true }))
      await memberPhone!.waitFor((frame) => frame.type === 'notice' && frame.kind === 'conversation-settings' && frame.data.pinned === true)
      const pinnedList = ok(await memberPhone!.request({ type: 'conversation.list' }))
      expect(pinnedList.items[0]).toMatchObject({ pinned: true, muted: true, conversation: { id: group } })

      member!.send({ type: 'typing', conversationId: group, active: true })
      const typing = await owner!.waitFor((frame) => frame.type === 'typing' && frame.conversationId === group)
      expect(typing).toEqual({ type: 'typing', conversationId: group, userId: 'member', active: true })
      expect(member!.frames.some((frame) => frame.type === 'typing')).toBe(false)
    })

    it('shares presence with friends and peers only, lists devices and kicks one', async () => {
      const fresh = await createUsers(server, app, ['watcher', 'watched'])
      const watcher = await RawClient.connect(server.url, fresh.watcher!)
      open.push(watcher)
      ok(await watcher.request({ type: 'conversation.open-direct', peerId: 'watched' }))
      ok(await watcher.request({ type: 'presence.subscribe', userIds: ['watched'] }))
      expect(await watcher.request({ type: 'presence.query', userIds: ['eve'] })).toMatchObject({ code: 'forbidden' })
      expect(ok(await watcher.request({ type: 'presence.query', userIds: ['watched'] })).presence).toEqual([{ userId: 'watched', online: false, lastSeenAt: null, devices: 0 }])
      const laptop = await RawClient.connect(server.url, fresh.watched!)
      const online = await watcher.waitFor((frame) => frame.type === 'presence' && frame.userId === 'watched' && frame.online === true)
      expect(online.devices).toBe(1)
      const phone = await RawClient.connect(server.url, fresh.watched!)
      const devices = ok(await phone.request({ type: 'device.list' })).devices
      expect(devices).toHaveLength(2)
      const other = devices.find((device: any) => !device.current)
      ok(await phone.request({ type: 'device.kick', sessionId: other.sessionId }))
      expect(await laptop.closed()).toBe(4009)
      expect(laptop.frames.at(-1)).toMatchObject({ type: 'error', code: 'session_kicked' })
      expect(await phone.request({ type: 'device.kick', sessionId: 's_nope' })).toMatchObject({ code: 'not_found' })
      phone.close()
      const offline = await watcher.waitFor((frame) => frame.type === 'presence' && frame.userId === 'watched' && frame.online === false)
      expect(offline.lastSeenAt).toBeTypeOf('number')
      // one online and one offline announcement, no more, however many devices came and went
      expect(watcher.frames.filter((frame) => frame.type === 'presence')).toHaveLength(2)
    })
  })
})

describe('IM features through the server REST API', () => {
  let server: TestServer
  let app: { id: string; secret: string }

  beforeAll(async () => {
    server = await startTestServer()
    app = await server.createApp()
    await createUsers(server, app, ['boss', 'ann', 'ben'])
  })
  afterAll(async () => server.close())

  it('manages groups, friends, blocks and messages for the app backend', async () => {
    const call = (method: string, path: string, body?: unknown) => server.rest(method, `/api/v1/apps/${app.id}${path}`, { secret: app.secret, ...(body === undefined ? {} : { body }) })
    const group = (await call('POST', '/groups', { name: 'Ops', ownerId: 'boss', memberIds: ['ann'] })).body
    expect((await call('POST', `/groups/${group.id}/members`, { userIds: ['ben'] })).body).toEqual({ added: ['ben'] })
    expect((await call('PUT', `/groups/${group.id}/members/ann/role`, { role: 'admin' })).body).toMatchObject({ userId: 'ann', role: 'admin' })
    expect((await call('PUT', `/groups/${group.id}/members/boss/mute`, { actorId: 'ann', durationSeconds: 60 })).body).toMatchObject({ error: { code: 'forbidden' } })
    expect((await call('PATCH', `/groups/${group.id}`, { settings: { announcement: 'Standup at 10' } })).body.settings.announcement).toBe('Standup at 10')
    expect((await call('GET', `/conversations/${group.id}/members`)).body.members.map((member: any) => member.userId)).toEqual(['ann', 'ben', 'boss'])
    const sent = (await call('POST', '/messages', { from: 'ben', conversationId: group.id, body: { type: 'text', text: 'quarterly numbers attached' } })).body
    expect((await call('POST', `/conversations/${group.id}/messages/${sent.seq}/edit`, { as: 'ann', body: { type: 'text', text: 'x' } })).status).toBe(403)
    expect((await call('POST', `/conversations/${group.id}/messages/${sent.seq}/edit`, { as: 'ben', body: { type: 'text', text: 'quarterly numbers attached (v2)' } })).status).toBe(200)
    expect((await call('POST', `/conversations/${group.id}/messages/${sent.seq}/reactions`, { as: 'boss', emoji: '🎉' })).status).toBe(200)
    const hits = (await call('GET', `/users/ann/search?q=${encodeURIComponent('quarterly')}`)).body.hits
    expect(hits.map((hit: any) => hit.event.body.text)).toEqual(['quarterly numbers attached (v2)'])
    expect((await call('POST', `/conversations/${group.id}/messages/${sent.seq}/recall`, { as: 'ann' })).status).toBe(200)
    const list = (await call('GET', '/users/ben/conversations')).body.items
    expect(list[0]).toMatchObject({ conversation: { id: group.id } })
    expect((await call('DELETE', `/groups/${group.id}/members/ben`)).body).toEqual({ removed: ['ben'] })
    expect((await call('POST', `/groups/${group.id}/transfer`, { userId: 'ann' })).body.ownerId).toBe('ann')
    expect((await call('POST', `/groups/${group.id}/dissolve`)).body.dissolvedAt).toBeTypeOf('number')

    expect((await call('PUT', '/users/ann/friends/ben')).status).toBe(200)
    expect((await call('GET', '/users/ben/friends')).body.friends.map((friend: any) => friend.userId)).toEqual(['ann'])
    expect((await call('PUT', '/users/ann/blocks/boss')).status).toBe(200)
    expect((await call('POST', '/messages', { from: 'boss', to: 'ann', body: { type: 'text', text: 'hello' } })).body).toMatchObject({ error: { code: 'blocked' } })
    expect((await call('DELETE', '/users/ann/blocks/boss')).status).toBe(200)
    expect((await call('POST', '/messages', { from: 'boss', to: 'ann', body: { type: 'text', text: 'hello' } })).status).toBe(200)
    const spec = (await server.rest('GET', '/api/v1/openapi.json')).body
    for (const path of ['/api/v1/apps/{appId}/groups/{conversationId}/members', '/api/v1/apps/{appId}/users/{userId}/search', '/api/v1/apps/{appId}/settings']) expect(Object.keys(spec.paths)).toContain(path)
  })
})
