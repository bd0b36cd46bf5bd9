import { describe, expect, it } from 'vitest'
import { AppRetention, cutoffOf } from './retention-policy.js'

const DAY = 24 * 60 * 60 * 1000

describe('retention policy', () => {
  it('expires content kept for some days, and keeps forever without a number', () => {
    expect(cutoffOf(30, 100 * DAY)).toBe(70 * DAY)
    expect(cutoffOf(null, 100 * DAY)).toBeUndefined()
    expect(cutoffOf(undefined, 100 * DAY)).toBeUndefined()
  })

  it("lets a conversation's own value replace the app's, field by field", () => {
    const retention = new AppRetention({ messagesDays: 30, filesDays: 10 }, [
      { appId: 'a', conversationId: 'c_short', messagesDays: 1, filesDays: null, updatedAt: 0 },
      { appId: 'a', conversationId: 'c_files', messagesDays: null, filesDays: 2, updatedAt: 0 },
    ])
    expect(retention.of('c_short')).toEqual({ messagesDays: 1, filesDays: 10 })
    expect(retention.of('c_files')).toEqual({ messagesDays: 30, filesDays: 2 })
    expect(retention.of('c_other')).toEqual({ messagesDays: 30, filesDays: 10 })
    expect(retention.conversationsWithOwnFiles).toEqual(['c_files'])
    expect(retention.active).toBe(true)
    expect(new AppRetention({ messagesDays: null, filesDays: null }, []).active).toBe(false)
    expect(new AppRetention({}, [{ appId: 'a', conversationId: 'c', messagesDays: 5, filesDays: null, updatedAt: 0 }]).active).toBe(true)
  })
})
