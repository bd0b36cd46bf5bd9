import { describe, expect, it } from 'vitest'
import { csatBars, handoffRate, reasonBars } from './support-analytics.js'

describe('support analytics figures', () => {
  it('gives the hand-off rate as a percentage, none without bot conversations', () => {
    expect(handoffRate({ handoffs: 1, botConversations: 4 })).toBe('25%')
    expect(handoffRate({ handoffs: 2, botConversations: 3 })).toBe('67%')
    expect(handoffRate({ handoffs: 0, botConversations: 0 })).toBeUndefined()
  })
  it('shows every reason, zero included, in a fixed order', () => {
    const bars = reasonBars({ handoffsByReason: { missing_knowledge: 3, customer_request: 5 } }, (reason) => reason)
    expect(bars).toEqual([
      { label: 'customer_request', value: 5 },
      { label: 'missing_knowledge', value: 3 },
      { label: 'tool_failure', value: 0 },
      { label: 'policy', value: 0 },
      { label: 'other', value: 0 },
    ])
  })
  it('rounds CSAT averages to one decimal and names the bars', () => {
    expect(csatBars([{ label: 'lin', count: 3, average: 4.333 }], (label) => label.toUpperCase())).toEqual([{ label: 'LIN', value: 4.3 }])
  })
})
