import { describe, expect, it } from 'vitest'
import { appApiUrl, parseForwardedCall } from './forwarded-path.js'

const PREFIX = '/api/v1/console/apps/app_1/api/'

describe('parseForwardedCall', () => {
  it('rebuilds the app API address from re-encoded segments and the real query', () => {
    const call = parseForwardedCall(`${PREFIX}users/alice%40example.com/ban?limit=5&q=a%20b`)
    expect(call).toEqual({ appId: 'app_1', segments: ['users', 'alice@example.com', 'ban'], query: '?limit=5&q=a+b' })
    expect(appApiUrl(call)).toBe('/api/v1/apps/app_1/users/alice%40example.com/ban?limit=5&q=a+b')
    expect(appApiUrl(parseForwardedCall(`${PREFIX}users`))).toBe('/api/v1/apps/app_1/users')
  })

  it.each([
    ['a backslash, encoded or not', ['users/..%5Cconsole', 'users\\..\\x', 'users/a%5cb']],
    ['an encoded slash', ['..%2F..%2Fconsole%2Fowners', 'users/a%2fb']],
    ['a smuggled ? or #', ['users/x%3F/ban', 'users/x%23/ban']],
    ['dot segments, plain or encoded', ['../../console/owners', 'users/./x', '%2E%2E/x', '%2e/x', 'users/..']],
    ['double encoding', ['%252E%252E/x', 'users/%255C']],
    ['empty segments', ['users//x', '', 'users/']],
    ['control characters and semicolons', ['users/a%00b', 'users/a%0Ab', 'users/a;b']],
    ['malformed percent-encoding', ['users/%E0%A4%A', 'users/%zz']],
  ])('refuses %s with 400', (_what, paths) => {
    for (const path of paths) expect(() => parseForwardedCall(`${PREFIX}${path}`), path).toThrow(expect.objectContaining({ code: 'bad_request' }))
  })

  it('refuses an app id that is not one clean segment, and an address outside the proxy', () => {
    expect(() => parseForwardedCall('/api/v1/console/apps/..%2Fx/api/users')).toThrow(expect.objectContaining({ code: 'bad_request' }))
    expect(() => parseForwardedCall('/api/v1/apps/app_1/users')).toThrow(expect.objectContaining({ code: 'bad_request' }))
  })
})
