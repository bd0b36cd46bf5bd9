import { describe, expect, it } from 'vitest'
import { AgentParams, CsatRequest, ListSupportQuery, NoteRequest, PatchSupportRequest } from './support-schemas.js'

describe('support request schemas take user ids as users have them', () => {
  // Visitors are `visitor:…`; customers' own ids may be emails.
  const ids = ['visitor:u:alice@example.com', 'lin.agent@corp', 'cus_1']

  it('accepts any user id where a user is named', () => {
    for (const id of ids) {
      expect(CsatRequest.safeParse({ userId: id, rating: 5 }).success).toBe(true)
      expect(NoteRequest.safeParse({ authorId: id, text: 'called back' }).success).toBe(true)
      expect(AgentParams.safeParse({ appId: 'app_1', userId: id }).success).toBe(true)
      expect(PatchSupportRequest.safeParse({ assigneeId: id }).success).toBe(true)
      expect(ListSupportQuery.safeParse({ assigneeId: id }).success).toBe(true)
    }
  })

  it('still refuses what is no user id', () => {
    expect(CsatRequest.safeParse({ userId: 'a b', rating: 5 }).success).toBe(false)
    expect(CsatRequest.safeParse({ userId: '../x', rating: 5 }).success).toBe(false)
  })
})
