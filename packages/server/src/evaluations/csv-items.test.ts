import { describe, expect, it } from 'vitest'
import { itemsFromCsv, parseCsv } from './csv-items.js'

describe('eval items from CSV', () => {
  it('reads quoted fields with commas, quotes and line breaks, and splits several values by |', () => {
    const csv = '\uFEFFquestion,expected,expectedDocumentIds\r\n"How much is Pro, per month?","¥99|""99 yuan""",doc_1\r\n退款要多久？,3 个工作日,\n\n'
    expect(itemsFromCsv(csv)).toEqual([
      { question: 'How much is Pro, per month?', expected: ['¥99', '"99 yuan"'], expectedDocumentIds: ['doc_1'] },
      { question: '退款要多久？', expected: ['3 个工作日'] },
    ])
    expect(parseCsv('a,"b\nc"\n')).toEqual([['a', 'b\nc']])
  })

  it('takes Chinese headers and refuses a CSV without questions, in words', () => {
    expect(itemsFromCsv('问题,期望答案\n营业时间？,9:00\n')).toEqual([{ question: '营业时间？', expected: ['9:00'] }])
    expect(() => itemsFromCsv('expected\n1\n')).toThrow(/needs a "question" column/)
    expect(() => itemsFromCsv('question,expected\n,1\n')).toThrow(/Row 2 of the CSV has no question/)
    expect(() => itemsFromCsv('question\n"open')).toThrow(/never ends/)
  })
})
