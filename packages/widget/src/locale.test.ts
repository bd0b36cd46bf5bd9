import { expect, it } from 'vitest'
import { pickLocale } from './locale.js'
import { errorText, textsFor } from './texts.js'

it('data-locale wins, then the page language, then the browser; any zh is Chinese', () => {
  expect(pickLocale('zh-CN', 'en', 'en-US')).toBe('zh-CN')
  expect(pickLocale(undefined, 'zh-Hans', 'en-US')).toBe('zh-CN')
  expect(pickLocale('', '', 'zh-TW')).toBe('zh-CN')
  expect(pickLocale('en', 'zh-CN', 'zh-CN')).toBe('en')
  expect(pickLocale(undefined, null, 'de-DE')).toBe('en')
})

it('the labels tests and screen readers rely on, and human words for error codes', () => {
  expect([textsFor('en').openChat, textsFor('en').message]).toEqual(['Open chat', 'Message'])
  expect([textsFor('zh-CN').openChat, textsFor('zh-CN').message]).toEqual(['打开聊天', '消息'])
  expect(errorText(textsFor('en'), 'invalid_credentials')).not.toMatch(/_/)
  expect(errorText(textsFor('zh-CN'), 'rate_limited')).toBe(textsFor('zh-CN').tooMany)
})
