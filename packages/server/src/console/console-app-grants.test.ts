import type { FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import { ConsoleAppGrants } from './console-app-grants.js'

function requestWith(authorization: string | undefined): FastifyRequest {
  return { headers: authorization === undefined ? {} : { authorization }, raw: {} } as unknown as FastifyRequest
}

const principal = { appId: 'app_1', accountEmail: 'agent@example.com', role: 'agent' as const }

describe('ConsoleAppGrants', () => {
  it('binds a grant to the one request that claims it, once', () => {
    const grants = new ConsoleAppGrants()
    const grant = grants.issue(principal)
    const first = requestWith(`Bearer ${grant}`)
    expect(grants.claim(first)).toEqual(principal)
    expect(grants.principalOf(first)).toEqual(principal)
    const second = requestWith(`Bearer ${grant}`)
    expect(() => grants.claim(second)).toThrow(expect.objectContaining({ code: 'unauthenticated' }))
    expect(grants.principalOf(second)).toBeUndefined()
  })

  it('ignores other credentials, refuses unknown, voided and expired grants', () => {
    let now = 1_000
    const grants = new ConsoleAppGrants(() => now)
    expect(grants.claim(requestWith('Bearer wsk_app-secret'))).toBeUndefined()
    expect(grants.claim(requestWith(undefined))).toBeUndefined()
    expect(() => grants.claim(requestWith('Bearer wcg_guessed'))).toThrow(expect.objectContaining({ code: 'unauthenticated' }))
    const voided = grants.issue(principal)
    grants.void(voided)
    expect(() => grants.claim(requestWith(`Bearer ${voided}`))).toThrow(expect.objectContaining({ code: 'unauthenticated' }))
    const late = grants.issue(principal)
    now += 30_000
    expect(() => grants.claim(requestWith(`Bearer ${late}`))).toThrow(expect.objectContaining({ code: 'unauthenticated' }))
  })
})
