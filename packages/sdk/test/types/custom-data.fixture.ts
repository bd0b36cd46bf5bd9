// An app that declares its custom message types and ext fields, type-checked by
// custom-data-types.test.ts (tsc on this folder). It is never run: every line is a type assertion.
import { expectTypeOf } from 'vitest'
import { WarblerClient, type Message, type MessageBody, type OutboxEntry, type ToolConfirmData } from '@warbler/sdk'

declare module '@warbler/sdk' {
  interface CustomMessageData {
    'order.card': { orderId: string; total: number }
    poll: { question: string; options: string[] }
  }
  interface CustomMessageExt {
    priority: 'low' | 'high'
  }
}

const client = new WarblerClient({ url: 'http://localhost:8080', token: 't' })
const chat = client.conversation('c1')

// Sending: data and ext are checked against the declarations.
void client.send('c1', { type: 'custom', customType: 'order.card', data: { orderId: 'A-1', total: 12 } }, { ext: { priority: 'high' } })
void chat.send({ type: 'custom', customType: 'poll', data: { question: 'Lunch?', options: ['noodles', 'rice'] } })
void chat.send({ type: 'text', text: 'plain text still works' })
// @ts-expect-error data of 'order.card' has no `sku`
void chat.send({ type: 'custom', customType: 'order.card', data: { sku: 'x' } })
// @ts-expect-error `total` must be a number
void client.send('c1', { type: 'custom', customType: 'order.card', data: { orderId: 'A-1', total: '12' } })
// @ts-expect-error an undeclared custom type
void chat.send({ type: 'custom', customType: 'unknown.thing', data: {} })
// @ts-expect-error ext.priority is 'low' | 'high'
void chat.send({ type: 'text', text: 'x' }, { ext: { priority: 'urgent' } })

// Receiving: client events, the conversation's events, history and the list narrow by customType.
function read(message: Message): void {
  if (message.body?.type === 'custom' && message.body.customType === 'order.card') {
    expectTypeOf(message.body.data).toEqualTypeOf<{ orderId: string; total: number }>()
  }
  if (message.body?.type === 'custom' && message.body.customType === 'poll') {
    expectTypeOf(message.body.data.options).toEqualTypeOf<string[]>()
  }
  // The server's own custom type stays typed next to the app's.
  if (message.body?.type === 'custom' && message.body.customType === 'tool.confirm') {
    expectTypeOf(message.body.data).toEqualTypeOf<ToolConfirmData>()
  }
  expectTypeOf(message.ext?.priority).toEqualTypeOf<'low' | 'high' | undefined>()
}
client.on('message', read)
chat.on('message-update', read)
void chat.history({ limit: 10 }).then((page) => page.messages.forEach(read))
const last = client.conversationSummary('c1')?.lastMessage
if (last) read(last)
expectTypeOf<OutboxEntry['body']>().toEqualTypeOf<MessageBody>()
expectTypeOf<Extract<MessageBody, { type: 'custom' }>['customType']>().toEqualTypeOf<'order.card' | 'poll' | 'tool.confirm'>()
