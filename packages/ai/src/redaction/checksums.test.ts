import { describe, expect, it } from 'vitest'
import { isValidResidentId, passesLuhn } from './checksums.js'

describe('isValidResidentId', () => {
  it('accepts IDs with a correct GB 11643 check character, X in either case', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true)
    expect(isValidResidentId('11010519491231002x')).toBe(true)
    expect(isValidResidentId('310115198512073019')).toBe(true)
    expect(isValidResidentId('110105200002291235')).toBe(true) // 29 Feb 2000 existed
  })

  it('rejects a wrong check character, an impossible birth date and a future one', () => {
    expect(isValidResidentId('110105194912310021')).toBe(false)
    expect(isValidResidentId('110105199002301231')).toBe(false) // 30 Feb, though the checksum is right
    expect(isValidResidentId('310115198512073019', new Date('1980-01-01'))).toBe(false)
    expect(isValidResidentId('31011519851207301')).toBe(false)
  })
})

describe('passesLuhn', () => {
  it('tells real card numbers from one-digit typos', () => {
    expect(passesLuhn('4111111111111111')).toBe(true)
    expect(passesLuhn('6222021234567894')).toBe(true)
    expect(passesLuhn('6222021234567895')).toBe(false)
    expect(passesLuhn('4111 1111 1111 1111')).toBe(false) // digits only
  })
})
