import type { Message } from '@warbler/sdk'
import { describe, expect, it } from 'vitest'
import { en } from '../shared/locales/en.js'
import { zhCN } from '../shared/locales/zh-cn.js'
import { noticeText } from './notice-text.js'

/** A `t` over one locale table, resolving dotted keys and `{{name}}` placeholders as i18next does. */
function translator(table: object) {
  return (key: string, options: Record<string, unknown> = {}) => {
    const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], table)
    return typeof value === 'string' ? value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name] ?? '')) : key
  }
}

/** A system notice as the server posts it in customer service (the server's own text in `body`). */
const notice = (data: Record<string, unknown>, text = 'Connecting you to a person…'): Message =>
  ({ conversationId: 'c1', seq: 4, senderId: 'assistant', kind: 'system', ts: 1, body: { type: 'text', text }, data: { ...data, text } }) as unknown as Message

const names: Record<string, string> = { lin: 'Lin', alice: 'Alice' }
const nameOf = (id: string) => names[id] ?? id

describe('support notices in the chat app', () => {
  it('are worded in the reader’s language, whatever language the server guessed', () => {
    const zh = translator(zhCN)
    const english = translator(en)
    expect(noticeText(notice({ support: 'handoff' }), zh, nameOf)).toBe('正在为您转接人工客服…')
    expect(noticeText(notice({ support: 'handoff' }, '正在为您转接人工客服…'), english, nameOf)).toBe('Connecting you to a person…')
    expect(noticeText(notice({ support: 'queued', position: 3 }), zh, nameOf)).toBe('客服都在忙，您排在第 3 位，请稍候。')
    expect(noticeText(notice({ support: 'queued', position: 3 }), english, nameOf)).toBe('All our agents are busy; you are number 3 in line. We will be with you shortly.')
    expect(noticeText(notice({ support: 'assigned', assigneeId: 'lin', assigneeName: 'Lin' }), zh, nameOf)).toBe('客服 Lin 已加入')
    expect(noticeText(notice({ support: 'assigned', assigneeId: 'lin' }), english, nameOf)).toBe('Lin (agent) joined')
    expect(noticeText(notice({ support: 'resolved' }), zh, nameOf)).toBe('本次会话已解决。如有其他问题，随时留言，助手会继续为您解答。')
  })

  it('fall back to the server’s text for a kind the app does not know, and leave group notices as they were', () => {
    const english = translator(en)
    expect(noticeText(notice({ support: 'transferred' }, 'Moved to billing'), english, nameOf)).toBe('Moved to billing')
    const member = { conversationId: 'c1', seq: 2, senderId: 'alice', kind: 'member', ts: 1, data: { action: 'invited', userIds: ['lin'] } } as unknown as Message
    expect(noticeText(member, english, nameOf)).toBe('Alice added Lin')
  })
})
