import { describe, expect, it } from 'vitest'
import { scopeOf } from './ip-allowlist-hook.js'

const request = (url: string, authorization?: string) => ({ url, headers: authorization ? { authorization } : {} })

describe('scopeOf', () => {
  it('judges every bearer key that is not a user token by the admin list, a wrong one too', () => {
    expect(scopeOf(request('/api/v1/apps', 'Bearer operator-key-of-any-shape.with.dots'), 'operator-key-of-any-shape.with.dots')).toEqual({ scope: 'admin', actorType: 'operator' })
    expect(scopeOf(request('/api/v1/apps/a/users', 'Bearer wsk_abc'), 'k')).toEqual({ scope: 'admin', actorType: 'app-secret' })
    expect(scopeOf(request('/v1/chat/completions', 'Bearer guessed'), 'k')).toEqual({ scope: 'admin', actorType: 'anonymous' })
    expect(scopeOf(request('/api/v1/console/owners', 'Bearer wok_guess'), 'k')?.scope).toBe('admin')
  })

  it('leaves user and visitor tokens (JWTs) and console proxy grants alone outside the console', () => {
    expect(scopeOf(request('/api/v1/apps/a/files', 'Bearer aaa.bbb.ccc'), 'k')).toBeUndefined()
    expect(scopeOf(request('/api/v1/apps/a/users', 'Bearer wcg_grant'), 'k')).toBeUndefined()
    expect(scopeOf(request('/healthz'), 'k')).toBeUndefined()
  })

  it('judges the console pages and API by the console list', () => {
    for (const url of ['/console', '/console/', '/console?x=1', '/api/v1/console/session', '/api/v1/console/sso/callback?code=1']) {
      expect(scopeOf(request(url), 'k')?.scope).toBe('console')
    }
    expect(scopeOf(request('/consoles'), 'k')).toBeUndefined()
    expect(scopeOf(request('/api/v1/consoleX'), 'k')).toBeUndefined()
  })
})
