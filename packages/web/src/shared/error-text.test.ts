import { ERROR_CODES, WarblerError } from '@warbler/protocol'
import { describe, expect, it } from 'vitest'
import { ApiError } from './http.js'
import { errorMessage, errorText } from './error-text.js'
import { en } from './locales/en.js'
import { zhCN } from './locales/zh-cn.js'

/** A `t` over one locale table, as i18next resolves `errors.<code>`. */
function translator(table: { errors: Record<string, string> }) {
  return (key: string) => table.errors[key.replace(/^errors\./, '')] ?? key
}

describe('error texts', () => {
  it('have a human sentence for every protocol error code in English and Chinese', () => {
    for (const code of Object.keys(ERROR_CODES)) {
      for (const [language, table] of [['en', en], ['zh-CN', zhCN]] as const) {
        const text = (table.errors as Record<string, string>)[code]
        expect(text, `${language} ${code}`).toBeTruthy()
        expect(text, `${language} ${code}`).not.toMatch(/[a-z]+_[a-z]+/)
      }
    }
  })

  it('turn failures into sentences, never codes', () => {
    const t = translator(en)
    expect(errorText(t, new WarblerError('send_timeout'))).toBe('No connection — the server did not confirm it in time.')
    expect(errorText(translator(zhCN), { code: 'user_not_found' })).toBe('没有使用此 ID 的用户。')
    expect(errorText(t, new Error('payload_too_large'))).toBe('That is too large to send.')
    expect(errorText(t, new TypeError('Failed to fetch'))).toBe('The server cannot be reached. Check your network.')
    expect(errorText(t, 'not_connected')).toBe('No connection right now.')
    expect(errorText(t, { code: 'some_future_code' })).toBe('Something went wrong. Try again.')
    expect(errorText(t, undefined)).toBe('Something went wrong. Try again.')
  })

  it('give admins the sentence, or the server\'s own words where they say which field or state', () => {
    const t = translator(zhCN)
    expect(errorMessage(t, new ApiError(403, 'forbidden', 'The caller may not do this.'))).toBe('你没有权限执行此操作。')
    expect(errorMessage(t, new ApiError(400, 'validation_failed', 'password: at least 10 characters'))).toBe('password: at least 10 characters')
    expect(errorMessage(t, new ApiError(500, 'http_error', 'HTTP 500'))).toBe('HTTP 500')
    expect(errorMessage(t, new ApiError(409, 'conflict', 'conflict'))).toBe('内容已被同时修改，请刷新后重试。')
  })
})
