import { describe, expect, it } from 'vitest'
import { Redactor } from './redactor.js'

function conversation(): Redactor {
  const redactor = new Redactor()
  redactor.redact('电话 138 1234 5678，邮箱 li@example.com')
  return redactor
}

function streamThrough(redactor: Redactor, deltas: string[]): string[] {
  const restorer = redactor.createStreamRestorer()
  const out = deltas.map((delta) => restorer.push(delta))
  out.push(restorer.flush())
  return out
}

describe('stream restorer', () => {
  it('restores a placeholder split across deltas without showing a fragment of it', () => {
    const out = streamThrough(conversation(), ['好的，我会打 [PHO', 'NE', '_1', '] 联系您'])
    expect(out).toEqual(['好的，我会打 ', '', '', '138 1234 5678 联系您', ''])
    expect(out.some((piece) => piece.includes('[PHO'))).toBe(false)
  })

  it('splits at every possible point and always ends with the fully restored reply', () => {
    const redactor = conversation()
    const reply = '联系 [PHONE_1] 或 【email_1】，[not a placeholder] [PHONE_9]。'
    const expected = redactor.restore(reply)
    expect(expected).toBe('联系 138 1234 5678 或 li@example.com，[not a placeholder] [PHONE_9]。')
    for (let cut = 0; cut <= reply.length; cut++) {
      for (let second = cut; second <= reply.length; second++) {
        const out = streamThrough(redactor, [reply.slice(0, cut), reply.slice(cut, second), reply.slice(second)])
        expect(out.join('')).toBe(expected)
      }
    }
  })

  it('does not hold back text that cannot become a placeholder', () => {
    const restorer = conversation().createStreamRestorer()
    expect(restorer.push('see [1] and [x')).toBe('see [1] and [x')
    expect(restorer.push(' then [PHONE_1 is')).toBe(' then [PHONE_1 is')
  })

  it('hands back a dangling partial placeholder at the end of the stream', () => {
    const restorer = conversation().createStreamRestorer()
    expect(restorer.push('cut off [EMA')).toBe('cut off ')
    expect(restorer.flush()).toBe('[EMA')
  })
})
