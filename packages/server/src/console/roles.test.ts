import { describe, expect, it } from 'vitest'
import { permissionForAppRoute, roleAllows } from './roles.js'

describe('console roles on app API routes', () => {
  const inbox: [string, string][] = [
    ['PUT', '/api/v1/apps/:appId/agents/:userId'],
    ['POST', '/api/v1/apps/:appId/conversations/:conversationId/handoff'],
    ['PATCH', '/api/v1/apps/:appId/conversations/:conversationId/support'],
    ['POST', '/api/v1/apps/:appId/conversations/:conversationId/notes'],
    ['POST', '/api/v1/apps/:appId/conversations/:conversationId/messages/:seq/feedback'],
    ['POST', '/api/v1/apps/:appId/messages'],
    ['POST', '/api/v1/apps/:appId/bots/:botId/test-answer'],
  ]

  it('lets an agent work the inbox, and a viewer only read it', () => {
    for (const [method, pattern] of inbox) {
      const permission = permissionForAppRoute(method, pattern)
      expect(roleAllows('agent', permission), `${method} ${pattern}`).toBe(true)
      expect(roleAllows('viewer', permission), `${method} ${pattern}`).toBe(false)
    }
    expect(roleAllows('viewer', permissionForAppRoute('GET', '/api/v1/apps/:appId/support/conversations'))).toBe(true)
  })

  it('keeps canned replies, support settings and minting tokens for admins', () => {
    for (const [method, pattern] of [
      ['POST', '/api/v1/apps/:appId/support/canned-replies'],
      ['PUT', '/api/v1/apps/:appId/support/settings'],
      ['DELETE', '/api/v1/apps/:appId/agents/:userId'],
      ['POST', '/api/v1/apps/:appId/users/:userId/tokens'],
      ['PATCH', '/api/v1/apps/:appId/bots/:botId'],
      ['POST', '/api/v1/apps/:appId/knowledge-bases/:kbId/documents/:docId/reindex'],
    ] as const) {
      expect(roleAllows('agent', permissionForAppRoute(method, pattern)), `${method} ${pattern}`).toBe(false)
      expect(roleAllows('admin', permissionForAppRoute(method, pattern)), `${method} ${pattern}`).toBe(true)
    }
  })
})
