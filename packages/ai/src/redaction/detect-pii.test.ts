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

describe('detectPii: separated and disguised phones', () => {
  it('finds mobiles grouped 4-4-3, with dots, or with +86 and an area-code parenthesis', () => {
    expect(found('电话 1381 2345 678，或 138.1234.5678')).toEqual([
      ['phone', '1381 2345 678'],
      ['phone', '138.1234.5678'],
    ])
    expect(found('打 +86 (138) 1234 5678 或 (+86) 139-0000-1111 或 (138) 1234 5678')).toEqual([
      ['phone', '+86 (138) 1234 5678'],
      ['phone', '(+86) 139-0000-1111'],
      ['phone', '(138) 1234 5678'],
    ])
    expect(found('US +1 (415) 555-2671')).toEqual([['phone', '+1 (415) 555-2671']])
  })

  it.each([
    ['no-break space', '\u00a0'],
    ['narrow no-break space', '\u202f'],
    ['figure space', '\u2007'],
  ])('covers the whole number when a %s separates its groups', (_name, space) => {
    const phone = `138${space}1234${space}5678`
    expect(detectPii(`call ${phone} now`)).toEqual([{ type: 'phone', original: phone, start: 5, end: 5 + phone.length, canonical: '+8613812345678' }])
  })

  it.each([
    ['zero-width space', '\u200b'],
    ['zero-width non-joiner', '\u200c'],
    ['zero-width joiner', '\u200d'],
    ['word joiner', '\u2060'],
    ['BOM', '\ufeff'],
  ])('covers the whole number when a %s hides between its digits', (_name, invisible) => {
    for (const phone of [`138${invisible}1234${invisible}5678`, [...'13812345678'].join(invisible), `138 ${invisible}1234-5678`]) {
      expect(detectPii(`call ${phone} now`)).toEqual([{ type: 'phone', original: phone, start: 5, end: 5 + phone.length, canonical: '+8613812345678' }])
    }
  })

  it('gives every spelling of one number the same canonical form', () => {
    const spellings = ['13812345678', '1381 2345 678', '138.1234.5678', '+86 (138) 1234 5678', '0086 138 1234 5678', '138\u200b1234\u00a05678', '１３８－１２３４－５６７８']
    expect(new Set(spellings.map((spelling) => detectPii(spelling)[0]?.canonical))).toEqual(new Set(['+8613812345678']))
  })
})

describe('detectPii: separated and old resident IDs', () => {
  it('finds IDs split at their fields by spaces or dashes, and the 15-digit first generation', () => {
    expect(found('身份证 110105 19491231 002X，或 110105-19491231-002x，旧证 110105491231002')).toEqual([
      ['id', '110105 19491231 002X'],
      ['id', '110105-19491231-002x'],
      ['id', '110105491231002'],
    ])
    expect(found('旧证 110105 491231 002')).toEqual([['id', '110105 491231 002']])
  })

  it('reads an old ID as the 18-character number its holder carries today', () => {
    expect(detectPii('110105491231002')[0]?.canonical).toBe('11010519491231002X')
  })

  it('ignores grouped numbers that fail the checksum, the date, the region or the field boundaries', () => {
    expect(found('110105 19491231 0021')).toEqual([]) // wrong check character
    expect(found('110105-19491331-002X')).toEqual([]) // month 13
    expect(found('110105 491331 002')).toEqual([]) // old form, month 13
    expect(found('010105491231002')).toEqual([]) // old form, no region starts with 0
    expect(found('1101 0519 4912 3100 2X')).toEqual([]) // split inside the fields
  })
})

describe('detectPii: internationalised emails', () => {
  it('finds non-ASCII local parts, IDN and punycode domains and a full-width at sign', () => {
    expect(found('写信给 张三@example.com 或 zhangsan@例子.中国 或 zhangsan@xn--fsqu00a.xn--fiqs8s 或 josé@correo.es 或 li＠例子.公司')).toEqual([
      ['email', '张三@example.com'],
      ['email', 'zhangsan@例子.中国'],
      ['email', 'zhangsan@xn--fsqu00a.xn--fiqs8s'],
      ['email', 'josé@correo.es'],
      ['email', 'li＠例子.公司'],
    ])
  })

  it('keeps the surrounding Chinese sentence out of the address', () => {
    expect(found('请发邮件到张三@example.com谢谢')).toEqual([['email', '张三@example.com']])
    expect(found('我的邮箱是李四@例子.中国，谢谢')).toEqual([['email', '李四@例子.中国']])
    expect(found('邮箱li@acme.com谢谢')).toEqual([['email', 'li@acme.com']])
  })

  it('gives an IDN domain and its punycode the same canonical form', () => {
    expect(detectPii('ZhangSan@例子.中国')[0]?.canonical).toBe(detectPii('zhangsan@xn--fsqu00a.xn--fiqs8s')[0]?.canonical)
  })

  it('ignores at signs without an address around them', () => {
    expect(found('@张三 你好, 价格@5元, 张三@例子, a@b.c, x@-bad-.com')).toEqual([])
  })
})

describe('detectPii: grouped cards', () => {
  it('finds Luhn-valid cards with dots, 6-10, 4-6-5 and 4-4-4-4-3 grouping', () => {
    expect(found('卡 6222.0212.3456.7894；622202 1234567894；3782 822463 10005；6214 8301 2345 6789 020')).toEqual([
      ['card', '6222.0212.3456.7894'],
      ['card', '622202 1234567894'],
      ['card', '3782 822463 10005'],
      ['card', '6214 8301 2345 6789 020'],
    ])
  })

  it('ignores the same groupings when Luhn fails, and other groupings', () => {
    expect(found('订单 6222.0212.3456.7895；622202 1234567895；6214 8301 2345 6789 021；62 2202 1234 5678 94；(6222) 0212 3456 7894')).toEqual([])
  })

  it('takes mixed spaces and dashes, as people type them', () => {
    expect(found('卡 6222-0212 3456-7894')).toEqual([['card', '6222-0212 3456-7894']])
  })
})

describe('detectPii: IPv6', () => {
  it('finds full, compressed, IPv4-embedded and zoned addresses, next to IPv4', () => {
    expect(found('hosts 2001:0db8:85a3:0000:0000:8a2e:0370:7334, 2001:db8::1, ::ffff:192.168.1.10, fe80::1%eth0 and 10.0.0.8')).toEqual([
      ['ip', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
      ['ip', '2001:db8::1'],
      ['ip', '::ffff:192.168.1.10'],
      ['ip', 'fe80::1%eth0'],
      ['ip', '10.0.0.8'],
    ])
    expect(found('连到[2001:db8::8a2e:370:7334]:8080失败')).toEqual([['ip', '2001:db8::8a2e:370:7334']])
    expect(found('地址：2001:db8::1，网关：::ffff:10.0.0.1，时间：12:30')).toEqual([
      ['ip', '2001:db8::1'],
      ['ip', '::ffff:10.0.0.1'],
    ])
  })

  it('gives every spelling of one address the same canonical form', () => {
    expect(new Set(['2001:DB8:0:0:0:0:0:1', '2001:db8::1', '2001:0db8::0001'].map((address) => detectPii(address)[0]?.canonical))).toEqual(new Set(['2001:db8::1']))
  })

  it('ignores :: in code, times, MAC addresses, the loopback and words', () => {
    expect(found('std::vector<int> a::b x[1::2] Foo::Bar at 12:30 or 12:30:45, mac 00:1a:2b:3c:4d:5e, ::1, ::, deadbeef:cafe')).toEqual([])
  })
})

describe('detectPii: what is not personal data', () => {
  it('leaves ordinary numbers, dates, prices and times alone', () => {
    const text = '2024-01-15 12:30 会议，2024.01.15，¥1,299.00，3.14159，价格 138.00 元，第 12345 号，共 1 380 人，13:45:59'
    expect(found(text)).toEqual([])
  })

  it('treats a bare dotted quad as an address but a prefixed or longer version string as a version', () => {
    expect(found('released 1.2.3.4')).toEqual([['ip', '1.2.3.4']])
    expect(found('v1.2.3.4, version1.2.3.4, 1.2.3.4.5, 10.0.0.1-beta is fine too')).toEqual([['ip', '10.0.0.1']])
  })

  it('leaves order numbers that fail Luhn or the ID checksum alone, grouped or not', () => {
    expect(found('订单 6222 0212 3456 7895，单号 440305 19900101 1234，运单 4403051990010112345')).toEqual([])
  })
})

describe('detectPii: speed', () => {
  const length = 100_000
  const fill = (unit: string): string => unit.repeat(Math.ceil(length / unit.length)).slice(0, length)
  let seed = 7
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  const adversarial: Record<string, string> = {
    'digits and spaces': fill('1 '),
    'random digits and separators': Array.from({ length }, () => (random() < 0.7 ? String(Math.floor(random() * 10)) : ' -.()+\u200b'[Math.floor(random() * 7)])).join(''),
    'dotted digits': fill('1.'),
    'phone after phone': fill('13812345678 '),
    'at signs': fill('a@'),
    'colons and hex': fill('1:'),
    'one long local part': `${fill('a')}@example.com`,
    'one long domain': `a@${fill('a.')}`,
  }

  /** The median time of detectPii over `text`. */
  function medianTime(text: string): number {
    const times: number[] = []
    for (let run = 0; run < 5; run++) {
      const started = performance.now()
      detectPii(text)
      times.push(performance.now() - started)
    }
    return times.sort((a, b) => a - b)[2]!
  }

  it.each(Object.entries(adversarial))('takes about as long on 100k characters of %s as on ordinary text', (_name, text) => {
    const plain = fill('我们明天下午三点在会议室讨论 the quarterly plan, 预算 1,299 元, version 2.3. ')
    medianTime(plain) // warm up
    // A backtracking or quadratic scan is hundreds of times slower here; linear ones stay within a few times.
    expect(medianTime(text) / medianTime(plain)).toBeLessThan(20)
  })
})

describe('detectPii: type selection', () => {
  it('only looks for the requested types', () => {
    const text = 'li@example.com 13812345678'
    expect(detectPii(text, new Set(['phone'])).map((match) => match.type)).toEqual(['phone'])
  })
})
