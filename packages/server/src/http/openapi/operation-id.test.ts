import { describe, expect, it } from 'vitest'
import { assignOperationIds, deriveOperationId, deriveTag } from './operation-id.js'

const cases: [string, string, string][] = [
  ['POST', '/api/v1/apps', 'createApp'],
  ['GET', '/api/v1/apps', 'listApps'],
  ['GET', '/api/v1/apps/:appId/settings', 'getAppSettings'],
  ['POST', '/api/v1/apps/:appId/users', 'createUser'],
  ['GET', '/api/v1/apps/:appId/users/:userId', 'getUser'],
  ['POST', '/api/v1/apps/:appId/users/:userId/tokens', 'createUserToken'],
  ['GET', '/api/v1/apps/:appId/conversations/:conversationId/messages', 'listConversationMessages'],
  ['POST', '/api/v1/apps/:appId/conversations/:conversationId/messages/:seq/recall', 'recallConversationMessage'],
  ['POST', '/api/v1/apps/:appId/webhooks/:webhookId/deliveries/:deliveryId/replay', 'replayWebhookDelivery'],
  ['GET', '/api/v1/apps/:appId/knowledge-bases/:kbId/documents/:docId/chunks', 'listDocumentChunks'],
  ['POST', '/api/v1/apps/:appId/knowledge-bases/:kbId/search', 'searchKnowledgeBase'],
  ['GET', '/api/v1/apps/:appId/agents', 'listAgents'],
  ['PUT', '/api/v1/apps/:appId/agents/:userId', 'setAgent'],
  ['POST', '/api/v1/apps/:appId/conversations/:conversationId/handoff', 'handOffConversation'],
  ['PATCH', '/api/v1/apps/:appId/conversations/:conversationId/support', 'updateConversationSupport'],
  ['GET', '/api/v1/apps/:appId/support/conversations', 'listSupportConversations'],
  ['POST', '/api/v1/apps/:appId/tools/import-openapi', 'importOpenApiTools'],
  ['POST', '/api/v1/apps/:appId/tool-calls/:toolCallId/decision', 'decideToolCall'],
  ['GET', '/api/v1/apps/:appId/jwks.json', 'getAppJwks'],
  ['POST', '/api/v1/apps/:appId/users/:userId/erase', 'eraseUser'],
  ['GET', '/api/v1/apps/:appId/exports/:exportId', 'getExport'],
  ['POST', '/api/v1/apps/:appId/knowledge-bases/:kbId/sources/:sourceId/sync', 'syncKnowledgeBaseSource'],
  ['GET', '/api/v1/apps/:appId/eval-runs/:id', 'getEvalRun'],
  ['GET', '/api/v1/apps/:appId/push/vapid-public-key', 'getPushVapidPublicKey'],
  ['GET', '/api/v1/audit/head', 'getAuditHead'],
  ['GET', '/api/v1/apps/:appId/feedback', 'listFeedback'],
  ['POST', '/api/v1/apps/:appId/conversations/:conversationId/messages/:seq/feedback', 'createMessageFeedback'],
  ['GET', '/api/v1/apps/:appId/conversations/:conversationId/messages/:seq/feedback', 'listMessageFeedback'],
  ['GET', '/api/v1/apps/:appId/users/:userId/push-preferences', 'getUserPushPreferences'],
  ['POST', '/api/v1/apps/:appId/visitors/lead', 'createVisitorLead'],
  ['GET', '/api/v1/apps/:appId/support/canned-replies', 'listSupportCannedReplies'],
  ['GET', '/api/v1/apps/{appId}/files/{fileId}/url', 'getFileUrl'],
  ['GET', '/api/v1/apps/:appId/policies', 'listPolicies'],
  ['GET', '/api/v1/apps/:appId/knowledge-bases/:kbId/sources/:sourceId/runs', 'listSourceRuns'],
]

describe('deriveOperationId', () => {
  it.each(cases)('%s %s → %s', (method, url, expected) => {
    expect(deriveOperationId(method, url)).toBe(expected)
  })
})

describe('deriveTag', () => {
  it('names the first resource, and apps for the app and its singletons', () => {
    expect(deriveTag('/api/v1/apps/:appId/knowledge-bases/:kbId/search')).toBe('knowledge-bases')
    expect(deriveTag('/api/v1/apps/:appId/settings')).toBe('apps')
    expect(deriveTag('/api/v1/apps')).toBe('apps')
    expect(deriveTag('/api/v1/audit/head')).toBe('audit')
  })
})

describe('assignOperationIds', () => {
  it('keeps explicit ids and makes colliding derived ones unique by their whole path', () => {
    const ids = assignOperationIds([
      { method: 'GET', url: '/api/v1/apps/:appId/a/:aId/b/:bId/items' },
      { method: 'GET', url: '/api/v1/apps/:appId/c/:cId/b/:bId/items' },
      { method: 'POST', url: '/api/v1/apps/:appId/messages', operationId: 'sendMessage' },
      { method: 'POST', url: '/api/v1/apps/:appId/other/send-message', operationId: undefined },
    ])
    expect(ids).toEqual(['listABItems', 'listCBItems', 'sendMessage', 'createOtherSendMessage'])
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('refuses two routes that declare the same id', () => {
    expect(() => assignOperationIds([{ method: 'GET', url: '/a', operationId: 'x' }, { method: 'GET', url: '/b', operationId: 'x' }])).toThrow(/operationId x/)
  })

  it('numbers ids that stay equal', () => {
    expect(assignOperationIds([{ method: 'GET', url: '/api/v1/x' }, { method: 'GET', url: '/api/v1/x' }])).toEqual(['getX', 'getX2'])
  })
})
