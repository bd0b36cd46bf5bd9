import { describe, expect, it } from 'vitest'
import { claimAt, mapRole } from './role-mapping.js'
import { parseRoleMap } from './sso-settings.js'

const map = parseRoleMap('warbler-owners=owner, warbler-admins=admin,support=agent,staff=viewer')

describe('role mapping', () => {
  it('gives the most powerful role any value maps to', () => {
    expect(mapRole({ groups: ['staff', 'support'] }, 'groups', map)).toBe('agent')
    expect(mapRole({ groups: ['warbler-admins', 'warbler-owners'] }, 'groups', map)).toBe('owner')
    expect(mapRole({ groups: 'staff' }, 'groups', map)).toBe('viewer')
  })

  it('maps nothing for unknown values, a missing claim or a claim of another type', () => {
    expect(mapRole({ groups: ['sales'] }, 'groups', map)).toBeUndefined()
    expect(mapRole({}, 'groups', map)).toBeUndefined()
    expect(mapRole({ groups: { staff: true } }, 'groups', map)).toBeUndefined()
    expect(mapRole({ groups: ['Staff'] }, 'groups', map)).toBeUndefined()
  })

  it('reads nested (Keycloak realm roles) and dotted claim names', () => {
    expect(mapRole({ realm_access: { roles: ['support'] } }, 'realm_access.roles', map)).toBe('agent')
    expect(claimAt({ 'https://example.com/roles': ['staff'] }, 'https://example.com/roles')).toEqual(['staff'])
    expect(claimAt({ a: { b: 1 } }, 'a.c')).toBeUndefined()
    expect(claimAt({ a: 'x' }, 'a.length')).toBeUndefined()
  })

  it('refuses a map naming a role the console does not have', () => {
    expect(() => parseRoleMap('staff=superuser')).toThrow(/WARBLER_OIDC_ROLE_MAP/)
    expect(() => parseRoleMap('=admin')).toThrow(/WARBLER_OIDC_ROLE_MAP/)
    expect(parseRoleMap('CN=Admins,OU=Groups=admin;x=viewer').get('CN=Admins,OU=Groups')).toBe('admin')
  })
})
