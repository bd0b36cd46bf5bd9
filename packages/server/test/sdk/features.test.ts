import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WarblerClient, type Message } from '@warbler/sdk'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { eventually, nextEvent } from './sdk-test-kit.js'

const text = (value: string) => ({ type: 'text' as const, text: value })

describe('IM features through the SDK against the real server', () => {
  let server: TestServer
  let tokens: Record<string, string>
  const clients: WarblerClient[] = []
  /** A connected client for a user (a second call gives a second device). */
  const connect = async (user: string, deviceId?: string) => {
    const client = new WarblerClient({ url: server.url, token: tokens[user]!, ...(deviceId ? { deviceId } : {}), requestTimeoutMs: 5000 })
    clients.push(client)
    await client.connect()
    return client
  }

  beforeAll(async () => {
    server = await startTestServer()
    const app = await server.createApp()
    tokens = await createUsers(server, app, ['owner', 'admin', 'member', 'outsider', 'eve', 'watcher', 'watched'])
  })
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()))
    await server.close()
  })

  it('runs a group from creation to dissolution, with refusals as typed errors', async () => {
    const [owner, admin, member, outsider] = await Promise.all(['owner', 'admin', 'member', 'outsider'].map((user) => connect(user)))
    const group = await owner!.groups.create('Project', ['admin', 'member'], { joinMode: 'approval' })
    expect(group).toMatchObject({ kind: 'group', ownerId: 'owner', memberCount: 3 })
    expect(owner!.conversationSummary(group.id)?.conversation?.name).toBe('Project')
    expect(await owner!.groups.setRole(group.id, 'admin', 'admin')).toMatchObject({ userId: 'admin', role: 'admin' })

    // a plain member may not kick; an outsider may not invite
    await expect(member!.groups.remove(group.id, ['admin'])).rejects.toMatchObject({ name: 'WarblerError', code: 'forbidden' })
    await expect(admin!.groups.dissolve(group.id)).rejects.toMatchObject({ code: 'forbidden' })
    await expect(outsider!.groups.invite(group.id, ['eve'])).rejects.toMatchObject({ code: 'not_member' })

    // apply to join; an admin hears of it and accepts; the newcomer sees the member notice
    const heard = nextEvent(admin!, 'user-notice', (notice) => notice.kind === 'join-request')
    const joinedNotice = nextEvent(outsider!, 'notice', (notice) => notice.conversationId === group.id && (notice.data as { action?: string }).action === 'joined')
    const applied = await outsider!.groups.join(group.id, 'let me in')
    expect(applied.joined).toBe(false)
    expect((await heard).data).toMatchObject({ requestId: applied.requestId, userId: 'outsider' })
    expect(await admin!.groups.joinRequests(group.id)).toHaveLength(1)
    expect(await admin!.groups.decideJoin(group.id, applied.requestId!, true)).toMatchObject({ status: 'accepted' })
    await joinedNotice
    const members = await owner!.groups.members(group.id)
    expect(members.members.map((entry) => entry.userId).sort()).toEqual(['admin', 'member', 'outsider', 'owner'])

    // mute a member, then everyone
    await admin!.groups.muteMember(group.id, 'member', 3600)
    await expect(member!.send(group.id, text('can I talk?'))).rejects.toMatchObject({ code: 'member_muted' })
    await admin!.groups.muteMember(group.id, 'member', 0)
    expect((await member!.send(group.id, text('now I can'))).seq).toBeGreaterThan(0)
    expect((await owner!.groups.update(group.id, { settings: { muteAll: true } })).settings).toMatchObject({ muteAll: true })
    await expect(member!.send(group.id, text('hello?'))).rejects.toMatchObject({ code: 'group_muted' })
    await owner!.groups.update(group.id, { name: 'Project X', settings: { muteAll: false } })

    // remove, transfer, leave, dissolve
    expect(await admin!.groups.remove(group.id, ['outsider'])).toEqual({ removed: ['outsider'] })
    await expect(outsider!.history(group.id)).rejects.toMatchObject({ code: 'not_member' })
    await expect(owner!.groups.leave(group.id)).rejects.toMatchObject({ code: 'conflict' })
    expect((await owner!.groups.transfer(group.id, 'admin')).ownerId).toBe('admin')
    await owner!.groups.leave(group.id)
    expect((await admin!.groups.dissolve(group.id)).dissolvedAt).toBeTypeOf('number')
    await expect(member!.send(group.id, text('anyone?'))).rejects.toMatchObject({ code: 'group_dissolved' })
  })

  it('shows edits, reactions, recalls and deletes-for-me on the other clients as message-update', async () => {
    const [owner, member, memberPhone] = await Promise.all([connect('owner'), connect('member'), connect('member')])
    const direct = await owner!.openDirect('member')
    const arrived = nextEvent(member!, 'message', (message) => message.conversationId === direct.id)
    const { seq } = await owner!.send(direct.id, text('typo hre'))
    await arrived

    await expect(member!.messages.edit(direct.id, seq, text('x'))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(member!.messages.recall(direct.id, seq)).rejects.toMatchObject({ code: 'forbidden' })

    let update = nextEvent(member!, 'message-update', (message) => message.seq === seq)
    await owner!.messages.edit(direct.id, seq, text('typo here'))
    const edited = await update
    expect(edited.body).toEqual(text('typo here'))
    expect(edited.editedAt).toBeTypeOf('number')

    update = nextEvent(owner!, 'message-update', (message) => message.seq === seq && message.reactions !== undefined)
    await member!.messages.react(direct.id, seq, '👍')
    expect((await update).reactions).toEqual({ '👍': ['member'] })
    update = nextEvent(owner!, 'message-update', (message) => message.seq === seq && message.reactions === undefined)
    await member!.messages.unreact(direct.id, seq, '👍')
    await update

    // a reply carries the quoted seq; forward it into a group
    const replied = nextEvent(owner!, 'message', (message) => message.replyToSeq === seq)
    const reply = await member!.send(direct.id, text('fixed?'), { replyToSeq: seq })
    expect((await replied).seq).toBe(reply.seq)
    const group = await member!.groups.create('Fwd', ['owner'])
    const forwardedSeen = nextEvent(owner!, 'message', (message) => message.conversationId === group.id)
    const forwarded = await member!.messages.forward(direct.id, reply.seq, group.id)
    expect(await forwardedSeen).toMatchObject({ seq: forwarded.seq, body: text('fixed?'), ext: { forwardedFrom: { conversationId: direct.id, seq: reply.seq } } })

    // recall: the body is gone on the other side
    update = nextEvent(member!, 'message-update', (message) => message.seq === seq && message.recalledAt !== undefined)
    await owner!.messages.recall(direct.id, seq)
    expect((await update).body).toBeUndefined()

    // delete for me: the other device hides it; the owner still has it
    await eventually(() => memberPhone!.conversationSummary(direct.id)?.lastSeq !== undefined, 'the phone to know the conversation')
    const hiddenOnPhone = nextEvent(memberPhone!, 'user-notice', (notice) => notice.kind === 'message-hidden')
    await member!.messages.deleteForMe(direct.id, reply.seq)
    await hiddenOnPhone
    const mine = await memberPhone!.history(direct.id, { afterSeq: 0 })
    const hidden = mine.messages.find((message: Message) => message.seq === reply.seq)
    expect(hidden).toMatchObject({ hidden: true })
    expect(hidden?.body).toBeUndefined()
    const theirs = await owner!.history(direct.id, { afterSeq: 0 })
    expect(theirs.messages.find((message) => message.seq === reply.seq)?.body).toEqual(text('fixed?'))
    expect(theirs.messages.find((message) => message.seq === seq)).toMatchObject({ recalledAt: expect.any(Number) })
  })

  it('friends: request, notice, accept, remark, remove; a blocked user gets `blocked`', async () => {
    const [eve, outsider] = await Promise.all([connect('eve'), connect('outsider')])
    const noticed = nextEvent(outsider!, 'user-notice', (notice) => notice.kind === 'friend-request')
    const request = await eve!.friends.request('outsider', 'hi from eve')
    expect((await noticed).data).toMatchObject({ id: request.id, fromId: 'eve' })
    await expect(eve!.friends.request('outsider')).rejects.toMatchObject({ code: 'already_exists' })
    expect((await outsider!.friends.requests()).incoming.map((entry) => entry.id)).toEqual([request.id])
    const accepted = nextEvent(eve!, 'user-notice', (notice) => notice.kind === 'friend-accepted')
    await outsider!.friends.respond(request.id, true)
    await accepted
    expect((await eve!.friends.list()).map((friend) => friend.userId)).toEqual(['outsider'])
    expect(await eve!.friends.remark('outsider', 'Otto')).toMatchObject({ remark: 'Otto' })
    await eve!.friends.remove('outsider')
    expect(await outsider!.friends.list()).toEqual([])

    const direct = await outsider!.openDirect('eve')
    await eve!.blocks.add('outsider')
    expect(await eve!.blocks.list()).toEqual(['outsider'])
    await expect(outsider!.send(direct.id, text('please'))).rejects.toMatchObject({ code: 'blocked' })
    await expect(outsider!.friends.request('eve')).rejects.toMatchObject({ code: 'blocked' })
    await eve!.blocks.remove('outsider')
    expect((await outsider!.send(direct.id, text('thanks'))).seq).toBeGreaterThan(0)
  })

  it('keeps unread counts, receipts, pin and mute in step across devices; typing; search', async () => {
    const [owner, member, memberPhone] = await Promise.all([connect('owner'), connect('member'), connect('member')])
    const group = await owner!.groups.create('State', ['member', 'eve'])
    let last = 0
    for (const value of ['one', 'two', '明天北京的天气预报说会下雨']) last = (await owner!.send(group.id, text(value))).seq
    const page = await member!.fetchConversations({ limit: 50 })
    expect(page.items.find((item) => item.conversation.id === group.id)).toMatchObject({ unreadCount: 3 })
    await eventually(() => memberPhone!.conversationSummary(group.id)?.unreadCount === 3, 'three unread on the phone')

    // reading on one device: the sender gets a receipt, the other device's unread count drops
    const receipt = nextEvent(owner!, 'receipt', (entry) => entry.userId === 'member' && entry.readSeq === last)
    await member!.markRead(group.id, last)
    await receipt
    await eventually(() => memberPhone!.conversationSummary(group.id)?.unreadCount === 0, 'the phone to see the read')
    expect(member!.conversationSummary(group.id)?.unreadCount).toBe(0)
    expect(await owner!.messages.markDelivered(group.id, last)).toBe(last)
    expect(await owner!.messages.receipts(group.id, last)).toMatchObject({ members: 3, read: 2, readers: ['member', 'owner'] })

    // pin and mute follow to the other device, and pinned rows come first
    expect(await member!.setConversationSettings(group.id, { pinned: true, muted: true })).toEqual({ pinned: true, muted: true })
    await eventually(() => memberPhone!.conversationSummary(group.id)?.pinned === true, 'the pin on the phone')
    expect(memberPhone!.conversationSummary(group.id)?.muted).toBe(true)
    expect(memberPhone!.conversations()[0]?.id).toBe(group.id)

    // typing, with stop
    const typing = nextEvent(owner!, 'typing', (entry) => entry.conversationId === group.id && entry.active)
    member!.typing.start(group.id)
    expect(await typing).toEqual({ conversationId: group.id, userId: 'member', active: true })
    const stopped = nextEvent(owner!, 'typing', (entry) => entry.conversationId === group.id && !entry.active)
    member!.typing.stop(group.id)
    await stopped

    const hits = await member!.messages.search('天气预报')
    expect(hits.map((hit) => hit.conversationId)).toEqual([group.id])
    await expect(member!.messages.search('天气', { conversationId: 'c_not_mine' })).rejects.toMatchObject({ name: 'WarblerError' })
  })

  it('a recalled message leaves the unread count, live and through sync, as the server counts it', async () => {
    const [owner, member, admin] = await Promise.all([connect('owner'), connect('member'), connect('admin')])
    const group = await owner!.groups.create('Recalls', ['member', 'admin', 'watcher'])
    const sent: number[] = []
    for (const value of ['one', 'two', 'three']) sent.push((await owner!.send(group.id, text(value))).seq)
    sent.push((await member!.send(group.id, text('four'))).seq)
    await eventually(() => admin!.conversationSummary(group.id)?.unreadCount === 4, 'four unread, live')

    // the sender recalls one; the group owner recalls someone else's
    await owner!.messages.recall(group.id, sent[1]!)
    await owner!.messages.recall(group.id, sent[3]!)
    await eventually(() => admin!.conversationSummary(group.id)?.unreadCount === 2, 'the recalls to leave the live count')
    const serverRow = async (client: typeof admin) =>
      (await client!.fetchConversations({ limit: 50 })).items.find((item) => item.conversation.id === group.id)
    expect(await serverRow(admin)).toMatchObject({ unreadCount: 2 })
    expect(admin!.conversationSummary(group.id)?.unreadCount).toBe(2)

    // a client that connects after the recalls learns of them through sync
    const watcher = await connect('watcher')
    await eventually(() => watcher.conversationSummary(group.id)?.lastSeq === owner!.conversationSummary(group.id)?.lastSeq, 'the watcher caught up')
    expect(watcher.conversationSummary(group.id)?.unreadCount).toBe(2)
    expect(await serverRow(watcher)).toMatchObject({ unreadCount: 2 })
    expect(watcher.conversationSummary(group.id)?.unreadCount).toBe(2)
  })

  it('presence of peers, renewed subscriptions; devices listed and kicked', async () => {
    const watcher = await connect('watcher')
    await watcher.openDirect('watched')
    await expect(watcher.presence.query(['eve'])).rejects.toMatchObject({ code: 'forbidden' })
    expect(await watcher.presence.query(['watched'])).toEqual([{ userId: 'watched', online: false, lastSeenAt: null, devices: 0 }])
    await watcher.presence.subscribe(['watched'])
    const online = nextEvent(watcher, 'presence', (entry) => entry.userId === 'watched' && entry.online)
    const laptop = await connect('watched', 'laptop')
    expect((await online).devices).toBe(1)

    const phone = await connect('watched', 'phone')
    const devices = await phone.devices.list()
    expect(devices.map((device) => device.deviceId).sort()).toEqual(['laptop', 'phone'])
    const kicked = nextEvent(laptop, 'connection-state-change', (change) => change.state === 'disconnected')
    await phone.devices.kick(devices.find((device) => !device.current)!.sessionId)
    expect(await kicked).toMatchObject({ reason: 'session_kicked', willReconnect: false })
    const offline = nextEvent(watcher, 'presence', (entry) => entry.userId === 'watched' && !entry.online)
    await phone.close()
    expect((await offline).lastSeenAt).toBeTypeOf('number')
  })
})
