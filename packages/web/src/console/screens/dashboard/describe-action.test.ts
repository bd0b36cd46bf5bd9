import { describe, expect, it } from 'vitest'
import { describeAction } from './describe-action.js'

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
