import { describe, expect, it } from 'vitest'
import { argumentLines, plainWords } from './tool-card.js'

const texts = { toolYes: 'yes', toolNo: 'no' }

describe('a tool confirmation in plain words', () => {
  it('names the action in words', () => {
    expect(plainWords('cancelOrder')).toBe('cancel order')
    expect(plainWords('find_pet_by_id')).toBe('find pet by id')
    expect(plainWords('refund-payment.v2')).toBe('refund payment v2')
  })

  it('lists the arguments as label and value, the HTTP body without its prefix, nested fields with ›', () => {
    expect(argumentLines({ orderId: 'A-1001', notify: false, tags: ['gift', 'fragile'], body: { reason: 'late', refund: { method: 'card', amount: 12.5 } } }, texts)).toEqual([
      ['Order id', 'A-1001'],
      ['Notify', 'no'],
      ['Tags', 'gift, fragile'],
      ['Reason', 'late'],
      ['Refund › method', 'card'],
      ['Refund › amount', '12.5'],
    ])
    expect(argumentLines({ items: [{ sku: 'X', qty: 2 }], note: null }, texts)).toEqual([
      ['Items', '[{"sku":"X","qty":2}]'],
      ['Note', '—'],
    ])
  })
})
