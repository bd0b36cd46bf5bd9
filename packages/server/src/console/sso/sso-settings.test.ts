import { describe, expect, it } from 'vitest'
import { loadSsoSettings } from './sso-settings.js'

const base = {
  WARBLER_OIDC_ISSUER: 'https://login.example.com/realms/acme',
  WARBLER_OIDC_CLIENT_ID: 'warbler',
  WARBLER_OIDC_REDIRECT_URI: 'https://chat.example.com/api/v1/console/sso/callback',
  WARBLER_OIDC_ROLE_MAP: 'warbler-admins=admin',
}

describe('loadSsoSettings', () => {
  it('is off without an issuer', () => {
    expect(loadSsoSettings({})).toBeUndefined()
  })

  it('reads the settings with their defaults', () => {
    const settings = loadSsoSettings({ ...base, WARBLER_OIDC_SCOPES: 'email groups' })!
    expect(settings.providerName).toBe('login.example.com')
    expect(settings.scopes).toBe('openid email groups')
    expect(settings.roleClaim).toBe('groups')
    expect(settings.trustEmail).toBe(false)
    expect(settings.roleMap.get('warbler-admins')).toBe('admin')
  })

  it('stops on what is missing or unsafe, naming the variable', () => {
    expect(() => loadSsoSettings({ ...base, WARBLER_OIDC_CLIENT_ID: '' })).toThrow(/WARBLER_OIDC_CLIENT_ID/)
    expect(() => loadSsoSettings({ ...base, WARBLER_OIDC_ROLE_MAP: undefined })).toThrow(/WARBLER_OIDC_ROLE_MAP/)
    expect(() => loadSsoSettings({ ...base, WARBLER_OIDC_ISSUER: 'http://login.example.com' })).toThrow(/WARBLER_OIDC_ISSUER.*https/)
    expect(() => loadSsoSettings({ ...base, WARBLER_OIDC_REDIRECT_URI: 'https://chat.example.com/callback' })).toThrow(/WARBLER_OIDC_REDIRECT_URI/)
    expect(() => loadSsoSettings({ ...base, WARBLER_OIDC_TRUST_EMAIL: 'maybe' })).toThrow(/WARBLER_OIDC_TRUST_EMAIL/)
    expect(loadSsoSettings({ ...base, WARBLER_OIDC_ISSUER: 'http://127.0.0.1:4000' })?.issuer.host).toBe('127.0.0.1:4000')
  })
})
