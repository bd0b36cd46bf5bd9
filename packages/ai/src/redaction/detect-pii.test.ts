import { describe, expect, it } from 'vitest'
import { detectPii, type PiiType } from './detect-pii.js'

const found = (text: string): Array<[PiiType, string]> => detectPii(text).map((match) => [match.type, match.original])

describe('detectPii: phones', () => {
  it('finds mainland mobiles with +86 / 0086 prefixes, spaces and dashes', () => {
    expect(found('call 13812345678 or 138 1234 5678 or 138-1234-5678')).toEqual([
      ['phone', '13812345678'],
      ['phone', '138 1234 5678'],
      ['phone', '138-1234-5678'],
    ])
    expect(found('+86 139 0000 1111; 0086-15912345678; +8618612345678')).toEqual([
      ['phone', '+86 139 0000 1111'],
      ['phone', '0086-15912345678'],
      ['phone', '+8618612345678'],
    ])
  })

  it('finds a number glued to Chinese text', () => {
    expect(found('电话13812345678谢谢')).toEqual([['phone', '13812345678']])
  })

  it('ignores numbers inside words and longer digit runs', () => {
    expect(found('order ORD13812345678X shipped')).toEqual([])
    expect(found('tracking 13812345678901234567')).toEqual([]) // 20 digits
    expect(found('12812345678 is not a mobile (12x)')).toEqual([])
  })

  it('finds E.164 numbers of 8 to 15 digits, and no fewer', () => {
    expect(found('London +44 20 7946 0958, US +14155552671.')).toEqual([
      ['phone', '+44 20 7946 0958'],
      ['phone', '+14155552671'],
    ])
    expect(found('score +1234567 points')).toEqual([])
    expect(found('+1234567890123456 is 16 digits')).toEqual([])
  })

  it('reads full-width digits and plus signs but keeps them as written', () => {
    expect(found('手机：１３８１２３４５６７８')).toEqual([['phone', '１３８１２３４５６７８']])
    expect(found('＋８６　１３８　１２３４　５６７８')).toEqual([['phone', '＋８６　１３８　１２３４　５６７８']])
  })
})

describe('detectPii: emails', () => {
  it('finds emails, including a full-width @, and prefers them over a phone inside', () => {
    expect(found('mail li.lei+bot@example.com.cn now')).toEqual([['email', 'li.lei+bot@example.com.cn']])
    expect(found('邮箱13812345678@qq.com')).toEqual([['email', '13812345678@qq.com']])
    expect(found('写信到 wang＠example.com')).toEqual([['email', 'wang＠example.com']])
    expect(found('not an email: a@b, @home, x@y.z')).toEqual([])
  })
})

describe('detectPii: resident IDs and bank cards', () => {
  it('finds IDs with a valid checksum and birth date, X in either case', () => {
    expect(found('身份证11010519491231002X。')).toEqual([['id', '11010519491231002X']])
    expect(found('id 11010519491231002x')).toEqual([['id', '11010519491231002x']])
    expect(found('身份证：１１０１０５１９４９１２３１００２Ｘ')).toEqual([['id', '１１０１０５１９４９１２３１００２Ｘ']])
  })

  it('ignores an ID with a wrong checksum or an impossible date', () => {
    expect(found('id 440305199001011234')).toEqual([])
    expect(found('id 110105199002301231')).toEqual([])
  })

  it('prefers the ID when an 18-digit number is both a valid ID and Luhn-valid', () => {
    expect(found('号码 440305199001010149')).toEqual([['id', '440305199001010149']])
  })

  it('finds Luhn-valid cards, contiguous or in groups of four', () => {
    expect(found('卡号 6222021234567894，另一张 4111 1111 1111 1111 和 6214-8301-2345-6789-02')).toEqual([
      ['card', '6222021234567894'],
      ['card', '4111 1111 1111 1111'],
      ['card', '6214-8301-2345-6789-02'],
    ])
    expect(found('amex 3782 822463 10005')).toEqual([['card', '3782 822463 10005']])
  })

  it('ignores a card failing Luhn and 13-digit timestamps', () => {
    expect(found('card 6222021234567895')).toEqual([])
    expect(found('at 1700000000007 ms')).toEqual([])
  })
})

describe('detectPii: IPv4', () => {
  it('finds addresses with octets up to 255, next to CJK or punctuation', () => {
    expect(found('服务器192.168.1.10挂了, also 8.8.8.8.')).toEqual([
      ['ip', '192.168.1.10'],
      ['ip', '8.8.8.8'],
    ])
  })

  it('ignores out-of-range octets and longer dotted runs like version strings', () => {
    expect(found('256.1.1.1 and 1.2.3.4.5 and v10.0.0.1 and 01.2.3.4')).toEqual([])
  })
})

describe('detectPii: type selection', () => {
  it('only looks for the requested types', () => {
    const text = 'li@example.com 13812345678'
    expect(detectPii(text, new Set(['phone'])).map((match) => match.type)).toEqual(['phone'])
  })
})
