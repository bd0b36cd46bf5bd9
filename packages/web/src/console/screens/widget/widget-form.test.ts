import { WidgetSettings } from '@warbler/protocol'
import { describe, expect, it } from 'vitest'
import { checkOrigins, contrastWithWhite, darkerForWhite, draftOf, draftProblems, MIN_CONTRAST, settingsOf, snippetOf } from './widget-form.js'

describe('widget form', () => {
  it('checks origins line by line and explains a pasted page address', () => {
    const lines = checkOrigins('https://Shop.example.com\nhttps://shop.example.com/cart, http://localhost:3000\nshop.example.com\nftp://files.example.com\nhttps://bad_host')
    expect(lines.map((line) => line.origin ?? line.problem)).toEqual(['https://shop.example.com', 'path', 'http://localhost:3000', 'missingScheme', 'scheme', 'invalid'])
  })

  it('computes the WCAG contrast of white text and finds a darker shade that passes', () => {
    expect(contrastWithWhite('#ffffff')).toBeCloseTo(1, 5)
    expect(contrastWithWhite('#000000')).toBeCloseTo(21, 5)
    expect(contrastWithWhite('#2563eb')).toBeGreaterThan(MIN_CONTRAST)
    expect(contrastWithWhite('#facc15')).toBeLessThan(2)
    const darker = darkerForWhite('#facc15')
    expect(contrastWithWhite(darker)).toBeGreaterThanOrEqual(MIN_CONTRAST)
    expect(darker).not.toBe('#000000')
    expect(darkerForWhite('#2563eb')).toBe('#2563eb')
  })

  it('turns a draft into settings the server accepts, and back', () => {
    const draft = { ...draftOf(undefined), originsText: 'https://shop.example.com\nhttps://SHOP.example.com', botId: 'assistant', color: '#B91C1C', position: 'left' as const, greetingEn: ' Hi! ', greetingZh: '你好', consentEn: 'I agree' }
    expect(draftProblems(draft)).toEqual([])
    const settings = settingsOf(draft)
    expect(settings).toEqual({
      allowedOrigins: ['https://shop.example.com'],
      botId: 'assistant',
      theme: { color: '#b91c1c', position: 'left', greeting: { en: 'Hi!', 'zh-CN': '你好' } },
      preChat: { enabled: false, fields: ['name', 'email'], consent: { en: 'I agree' } },
      requireIdentity: false,
    })
    expect(WidgetSettings.parse(settings)).toEqual(settings)
    expect(settingsOf(draftOf(WidgetSettings.parse(settings)))).toEqual(settings)
  })

  it('refuses to save bad origins, a bad colour or a pre-chat form without fields', () => {
    const base = draftOf(undefined)
    expect(draftProblems({ ...base, originsText: 'https://shop.example.com/cart' })).toEqual(['origins'])
    expect(draftProblems({ ...base, color: 'blue' })).toEqual(['color'])
    expect(draftProblems({ ...base, preChatEnabled: true, preChatFields: [] })).toEqual(['fields'])
  })

  it('writes the snippet with the app id and, with identity required, the user attributes', () => {
    expect(snippetOf('https://chat.example.com', 'app_1', false)).toBe('<script src="https://chat.example.com/widget.js" data-app-id="app_1" async></script>')
    expect(snippetOf('https://chat.example.com', 'app_1', true)).toContain('data-user-hash="USER_HASH"')
  })
})
