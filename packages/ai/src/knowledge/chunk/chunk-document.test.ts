import { describe, expect, it } from 'vitest'
import { parseMarkdown } from '../parse/parse-markdown.js'
import { chunkDocument } from './chunk-document.js'
import { estimateTokens } from './estimate-tokens.js'
import { splitSentences } from './split-sentences.js'

describe('splitSentences', () => {
  it('splits on Chinese punctuation and keeps every character', () => {
    const text = '今天天气很好。我们去公园吧！你来吗？我不去；他去。'
    const sentences = splitSentences(text)
    expect(sentences).toEqual(['今天天气很好。', '我们去公园吧！', '你来吗？', '我不去；', '他去。'])
    expect(sentences.join('')).toBe(text)
  })

  it('keeps a closing quote with its sentence and splits English on ". "', () => {
    expect(splitSentences('他说：“好。”然后走了。')).toEqual(['他说：“好。”', '然后走了。'])
    expect(splitSentences('It costs 3.5 dollars. Pay now.')).toEqual(['It costs 3.5 dollars. ', 'Pay now.'])
  })
})

describe('chunkDocument', () => {
  it('records the heading path and starts a new chunk at each heading', () => {
    const document = parseMarkdown('# Guide\n\nIntro text.\n\n## Install\n\nRun the installer.\n\n### Linux\n\nUse apt.\n\n## Usage\n\nOpen it.')
    const chunks = chunkDocument(document, { targetTokens: 100, overlapTokens: 0, maxTokens: 200 })
    expect(chunks.map((chunk) => [chunk.headingPath, chunk.text])).toEqual([
      [['Guide'], 'Intro text.'],
      [['Guide', 'Install'], 'Run the installer.'],
      [['Guide', 'Install', 'Linux'], 'Use apt.'],
      [['Guide', 'Usage'], 'Open it.'],
    ])
  })

  it('cuts Chinese text at sentence ends near the target size, with overlap', () => {
    const sentence = '知识库把公司的文档切成小块以便检索。'
    const text = Array.from({ length: 20 }, () => sentence).join('')
    const chunks = chunkDocument({ blocks: [{ kind: 'paragraph', text }] }, { targetTokens: 30, overlapTokens: 10, maxTokens: 60 })
    expect(chunks.length).toBeGreaterThan(3)
    for (const chunk of chunks) {
      expect(chunk.text.endsWith('。')).toBe(true)
      expect(chunk.tokenCount).toBeLessThanOrEqual(30)
    }
    // overlap: each chunk starts with the last sentence of the previous one
    expect(chunks[1]!.text.startsWith(sentence)).toBe(true)
  })

  it('keeps a table and a Q&A pair whole when they fit', () => {
    const rows = ['plan | price | seats', 'basic | 10 | 1', 'team | 50 | 10', 'enterprise | 500 | 100']
    const chunks = chunkDocument(
      { blocks: [{ kind: 'paragraph', text: 'Prices follow.' }, { kind: 'table', rows }, { kind: 'qa', question: '能退款吗？', answer: '30天内可以全额退款。' }] },
      { targetTokens: 8, overlapTokens: 0, maxTokens: 200 },
    )
    expect(chunks.map((chunk) => chunk.text)).toEqual(['Prices follow.', rows.join('\n'), 'Q: 能退款吗？\nA: 30天内可以全额退款。'])
  })

  it('never emits a chunk over the hard cap, even for one endless sentence or a huge table', () => {
    const endless = '无标点的超长文本'.repeat(500)
    const rows = ['name | value', ...Array.from({ length: 300 }, (_, index) => `row ${index} | ${'x'.repeat(40)}`)]
    const chunks = chunkDocument(
      { blocks: [{ kind: 'paragraph', text: endless + ' ' + 'word '.repeat(3000) }, { kind: 'table', rows }] },
      { targetTokens: 50, overlapTokens: 10, maxTokens: 80 },
    )
    for (const chunk of chunks) expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(80)
    // the split table repeats its header in every part
    const tableChunks = chunks.filter((chunk) => chunk.text.includes('row '))
    expect(tableChunks.length).toBeGreaterThan(1)
    for (const chunk of tableChunks) expect(chunk.text.startsWith('name | value')).toBe(true)
    // nothing is lost
    expect(chunks.map((chunk) => chunk.text).join('').replace(/\s/g, '')).toContain(endless)
  })

  it('keeps a fenced code block as code, line breaks and all, and a list as a list', () => {
    const markdown = '# Cluster\n\nStart two nodes:\n\n```bash\nexport A=1\nwarbler start --port 8080\nwarbler start --port 8081\n```\n\n- one Redis\n- one PostgreSQL\n\n1. build\n2. run'
    const chunks = chunkDocument(parseMarkdown(markdown), { targetTokens: 80, overlapTokens: 0, maxTokens: 200 })
    expect(chunks.map((chunk) => chunk.text)).toEqual([
      'Start two nodes:',
      '```bash\nexport A=1\nwarbler start --port 8080\nwarbler start --port 8081\n```',
      '- one Redis\n- one PostgreSQL',
      '1. build\n2. run',
    ])
    expect(chunks.every((chunk) => chunk.headingPath[0] === 'Cluster')).toBe(true)
  })

  it('cuts long code between lines, every part still fenced and under the cap', () => {
    const code = Array.from({ length: 200 }, (_, index) => `echo line ${index}`).join('\n')
    const chunks = chunkDocument({ blocks: [{ kind: 'code', text: code, language: 'sh' }] }, { targetTokens: 50, overlapTokens: 0, maxTokens: 60 })
    expect(chunks.length).toBeGreaterThan(3)
    for (const chunk of chunks) {
      expect(chunk.text.startsWith('```sh\n')).toBe(true)
      expect(chunk.text.endsWith('\n```')).toBe(true)
      expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(60)
    }
    expect(chunks.map((chunk) => chunk.text.slice(6, -4)).join('\n')).toBe(code)
  })
})
