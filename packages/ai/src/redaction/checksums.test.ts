import { describe, expect, it } from 'vitest'
import { isValidOldResidentId, isValidResidentId, passesLuhn, toEighteenDigitResidentId } from './checksums.js'

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

describe('resident ID regions and the 15-digit first generation', () => {
  it('rejects an 18-character ID whose region is no province, even with a right check character', () => {
    expect(isValidResidentId('190105194912310024')).toBe(false) // 19 is no province; the check character is right
    expect(isValidResidentId('11010519491231002X')).toBe(true)
  })

  it('accepts a 15-digit ID with a real region and birth date, and converts it to 18 characters', () => {
    expect(isValidOldResidentId('110105491231002')).toBe(true)
    expect(isValidOldResidentId('110105491331002')).toBe(false) // month 13
    expect(isValidOldResidentId('190105491231002')).toBe(false) // no such region
    expect(isValidOldResidentId('11010549123100')).toBe(false) // 14 digits
    expect(toEighteenDigitResidentId('110105491231002')).toBe('11010519491231002X')
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
