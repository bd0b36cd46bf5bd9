import { describe, expect, it } from 'vitest'
import { parseTeams } from './support-settings-screen.js'

describe('teams typed by an admin', () => {
  it('splits on ASCII and Chinese commas, trims, drops empties and repeats', () => {
    expect(parseTeams(' billing, vip ,,billing')).toEqual(['billing', 'vip'])
    expect(parseTeams('售后，VIP')).toEqual(['售后', 'VIP'])
    expect(parseTeams('  ')).toEqual([])
  })
})
