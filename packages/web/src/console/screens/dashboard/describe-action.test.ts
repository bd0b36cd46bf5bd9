import { describe, expect, it } from 'vitest'
import { describeAction, describeActivity } from './describe-action.js'

describe('describeAction', () => {
  it('reads app API routes as a verb and the resource without ids', () => {
    expect(describeAction('POST /api/v1/apps/:appId/bots')).toEqual({ verb: 'create', subject: 'bots' })
    expect(describeAction('PATCH /api/v1/apps/:appId/bots/:botId')).toEqual({ verb: 'change', subject: 'bots' })
    expect(describeAction('DELETE /api/v1/apps/:appId/knowledge-bases/:kbId/documents/:docId')).toEqual({ verb: 'delete', subject: 'knowledge-bases › documents' })
    expect(describeAction('POST /api/v1/apps')).toEqual({ verb: 'create', subject: 'apps' })
  })
  it('keeps named console actions', () => {
    expect(describeAction('console.sign-in')).toEqual({ verb: 'other', subject: 'console.sign-in' })
  })
})

describe('describeActivity', () => {
  it('names what a creation recorded, else the current name, else the id in the path', () => {
    expect(describeActivity({ action: 'POST /api/v1/apps/:appId/bots', target: '/api/v1/apps/a1/bots', details: { created: { id: 'helper', name: 'Helper' } } })).toMatchObject({ verb: 'create', resource: 'bots', name: 'Helper' })
    expect(describeActivity({ action: 'PATCH /api/v1/apps/:appId/bots/:botId', target: '/api/v1/apps/a1/bots/helper', targetName: 'Helper bot' })).toMatchObject({ verb: 'change', resource: 'bots', name: 'Helper bot' })
    expect(describeActivity({ action: 'DELETE /api/v1/apps/:appId/bots/:botId', target: '/api/v1/apps/a1/bots/old%20one' })).toMatchObject({ verb: 'delete', resource: 'bots', name: 'old one' })
  })
  it('has no name when the entry says none, and no resource for named console actions', () => {
    const created = describeActivity({ action: 'POST /api/v1/apps/:appId/users', target: '/api/v1/apps/a1/users' })
    expect(created).toMatchObject({ verb: 'create', resource: 'users' })
    expect(created.name).toBeUndefined()
    expect(describeActivity({ action: 'console.sign-in', target: null }).resource).toBeUndefined()
  })
})
