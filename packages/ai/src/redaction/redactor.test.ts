import { describe, expect, it } from 'vitest'
import { redact, Redactor } from './redactor.js'

describe('redact', () => {
  it('replaces each kind with its own numbered placeholder and restores the reply', () => {
    const { text, restore } = redact('我是李雷，电话13812345678，邮箱 li@example.com，身份证11010519491231002X，卡号6222021234567894，IP 10.0.0.8')
    expect(text).toBe('我是李雷，电话[PHONE_1]，邮箱 [EMAIL_1]，身份证[ID_1]，卡号[CARD_1]，IP [IP_1]')
    expect(restore('已记录 [PHONE_1] 和 [EMAIL_1]，卡 [CARD_1]')).toBe('已记录 13812345678 和 li@example.com，卡 6222021234567894')
  })

  it('leaves text without personal data alone', () => {
    expect(redact('订单 ORD13812345678X 版本 1.2.3.4.5').text).toBe('订单 ORD13812345678X 版本 1.2.3.4.5')
  })

  it('does nothing when disabled for a bot', () => {
    expect(redact('13812345678', { enabled: false }).text).toBe('13812345678')
  })

  it('redacts only the configured types', () => {
    expect(redact('13812345678 li@example.com', { types: ['email'] }).text).toBe('13812345678 [EMAIL_1]')
  })

  it('never redacts allow-listed values, whatever their spelling', () => {
    const { text } = redact('客服 400@warbler.example 或 138-0000-1111；我的 13812345678', { allow: ['400@Warbler.example', '13800001111'] })
    expect(text).toBe('客服 400@warbler.example 或 138-0000-1111；我的 [PHONE_1]')
  })

  it('restores full-width originals exactly as the user wrote them', () => {
    const { text, restore } = redact('手机１３８１２３４５６７８')
    expect(text).toBe('手机[PHONE_1]')
    expect(restore('[PHONE_1]')).toBe('１３８１２３４５６７８')
  })
})

describe('redact: separated spellings', () => {
  it('replaces each separated or disguised value entirely and restores it as written', () => {
    const input = '电话 +86 (138) 1234 5678，备用 1390\u200b0001\u200b111，身份证 110105 19491231 002X，卡 6222.0212.3456.7894，邮箱 张三@例子.中国，主机 fe80::1%eth0'
    const { text, restore } = redact(input)
    expect(text).toBe('电话 [PHONE_1]，备用 [PHONE_2]，身份证 [ID_1]，卡 [CARD_1]，邮箱 [EMAIL_1]，主机 [IP_1]')
    expect(restore(text)).toBe(input)
  })

  it('gives an old 15-digit ID and the 18-character ID of the same person one placeholder', () => {
    const redactor = new Redactor()
    expect(redactor.redact('旧证 110105491231002，新证 11010519491231002X')).toBe('旧证 [ID_1]，新证 [ID_1]')
  })

  it('allow-lists a value in any spelling', () => {
    expect(redact('热线 138.0000.1111 或 138\u00a00000\u00a01111', { allow: ['13800001111'] }).text).toBe('热线 138.0000.1111 或 138\u00a00000\u00a01111')
  })
})

describe('Redactor across a conversation', () => {
  it('gives the same value the same placeholder in every message, and new values new numbers', () => {
    const redactor = new Redactor()
    expect(redactor.redact('my number is 13812345678')).toBe('my number is [PHONE_1]')
    expect(redactor.redact('again: +86 138 1234 5678, and my wife: 13900001111')).toBe('again: [PHONE_1], and my wife: [PHONE_2]')
    expect(redactor.restore('Calling [PHONE_2], then [PHONE_1].')).toBe('Calling 13900001111, then 13812345678.')
  })

  it('restores placeholders the model respelled, and leaves unknown ones', () => {
    const redactor = new Redactor()
    redactor.redact('13812345678 li@example.com')
    expect(redactor.restore('[phone_1] / [ PHONE 1 ] / 【PHONE_1】 / ［EMAIL-1］ / [EMAIL1] / [PHONE_１]')).toBe(
      '13812345678 / 13812345678 / 13812345678 / li@example.com / li@example.com / 13812345678',
    )
    expect(redactor.restore('[PHONE_7] and [CARD_1] and PHONE_1')).toBe('[PHONE_7] and [CARD_1] and PHONE_1')
  })

  it('survives a round trip through stored state', () => {
    const first = new Redactor()
    first.redact('13812345678 and 13900001111')
    const stored = JSON.parse(JSON.stringify(first.toJSON()))
    const resumed = new Redactor({}, stored)
    expect(resumed.redact('13900001111, 15000002222')).toBe('[PHONE_2], [PHONE_3]')
    expect(resumed.restore('[PHONE_1]')).toBe('13812345678')
  })

  it('lists what it replaced', () => {
    const redactor = new Redactor()
    redactor.redact('li@example.com 13812345678')
    expect(redactor.entries.map((entry) => [entry.placeholder, entry.original])).toEqual([
      ['[EMAIL_1]', 'li@example.com'],
      ['[PHONE_1]', '13812345678'],
    ])
  })
})
