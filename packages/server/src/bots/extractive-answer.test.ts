import type { SearchResult } from '@warbler/ai'
import { describe, expect, it } from 'vitest'
import { extractiveAnswer } from './extractive-answer.js'

let counter = 0
const hit = (text: string, overrides: Partial<SearchResult> = {}): SearchResult => ({
  chunkId: `chk_${++counter}`,
  documentId: `doc_${counter}`,
  knowledgeBaseId: 'kb_1',
  title: 'deploy.md',
  text,
  score: 1,
  headingPath: ['Deploying Warbler', '2. Cluster'],
  ...overrides,
})

describe('extractiveAnswer', () => {
  it('declines an off-topic question honestly, in its language, flagged missing_knowledge', () => {
    const results = [hit('Run two nodes behind a load balancer, with Redis and PostgreSQL.')]
    const english = extractiveAnswer(results, 'What is the refund policy for my order #1234?')
    expect(english).toMatchObject({ handoff: true, handoffReason: 'missing_knowledge', citations: [], language: 'en' })
    expect(english.text).toContain("I don't know")
    expect(english.text).not.toMatch(/\p{Script=Han}/u)
    const chinese = extractiveAnswer(results, '我的订单1234的退款政策是什么？')
    expect(chinese).toMatchObject({ handoff: true, handoffReason: 'missing_knowledge', language: 'zh' })
    expect(chinese.text).toContain('我不知道')
    expect(chinese.text).not.toMatch(/[a-z]{3}/i)
  })

  it('answers with the intro in the question\'s language only, one source list (the citations) carrying the passage', () => {
    const results = [hit('A cluster is two or more nodes sharing one PostgreSQL and one Redis.', { score: 2 })]
    const answer = extractiveAnswer(results, 'How do I deploy a cluster?')
    expect(answer.handoff).toBe(false)
    expect(answer.text.startsWith('Here is what I found in the knowledge base:')).toBe(true)
    expect(answer.text).not.toMatch(/\p{Script=Han}/u)
    expect(answer.text).toContain('> A cluster is two or more nodes sharing one PostgreSQL and one Redis. [1]')
    // no second, plain-text source list under the passages
    expect(answer.text).not.toContain('[1] deploy.md')
    expect(answer.citations).toEqual([expect.objectContaining({ index: 1, title: 'deploy.md', headingPath: ['Deploying Warbler', '2. Cluster'], text: results[0]!.text })])
    const chinese = extractiveAnswer([hit('集群由两个或更多节点组成，共用一个 PostgreSQL 和一个 Redis。', { title: 'deploy.zh-CN.md', headingPath: ['部署 Warbler', '2. 集群'] })], '怎么部署集群？')
    expect(chinese.text.startsWith('以下是知识库中的相关内容：')).toBe(true)
    expect(chinese.text).not.toContain('Here is')
  })

  it('keeps code blocks with their line breaks, tables as tables, lists as lists, and puts prose before a config dump', () => {
    const code = hit('```bash\nexport WARBLER_REDIS_URL=redis://10.0.0.5:6379\nwarbler start --cluster\n```', { score: 3 })
    const prose = hit('To run a cluster, start every node with the same PostgreSQL and Redis URLs.', { score: 2, headingPath: ['Deploying Warbler', '2. Cluster', 'Start'] })
    const table = hit('variable | default\nWARBLER_REDIS_URL | none\nWARBLER_DATABASE_URL | sqlite', { score: 2, headingPath: ['Deploying Warbler', '2. Cluster', 'Settings'] })
    const answer = extractiveAnswer([code, prose, table], 'How do I start a cluster with Redis?')
    const [intro, first, second, third] = answer.text.split('\n\n')
    expect(intro).toBe('Here is what I found in the knowledge base:')
    expect(first).toBe('> To run a cluster, start every node with the same PostgreSQL and Redis URLs. [1]')
    expect(second).toBe('| variable | default |\n| --- | --- |\n| WARBLER_REDIS_URL | none |\n| WARBLER_DATABASE_URL | sqlite |')
    expect(answer.text).toContain('```bash\nexport WARBLER_REDIS_URL=redis://10.0.0.5:6379\nwarbler start --cluster\n```\n[3]')
    expect(third).toBe('[2]')
    expect(answer.citations.map((citation) => citation.chunkId)).toEqual([prose.chunkId, table.chunkId, code.chunkId])
    const list = extractiveAnswer([hit('- one PostgreSQL\n- one Redis\n- two nodes')], 'What does a cluster need?')
    expect(list.text).toContain('- one PostgreSQL\n- one Redis\n- two nodes [1]')
  })

  it('closes a shortened code block and keeps citations within the message ext limit', () => {
    const long = hit('```sh\n' + Array.from({ length: 300 }, (_, index) => `echo 集群节点 ${index}`).join('\n') + '\n```')
    const answer = extractiveAnswer([long, hit('集群'.repeat(900)), hit('集群节点'.repeat(400))], '集群节点怎么启动？')
    expect(answer.text).toMatch(/…\n```\n\[\d\]/)
    expect(Buffer.byteLength(JSON.stringify({ citations: answer.citations }))).toBeLessThan(8 * 1024)
  })

  it('quotes only passages that are about the question', () => {
    const answer = extractiveAnswer([hit('To verify a webhook, compare its signature with the HMAC-SHA256 of the body.', { score: 2 }), hit('The console has owner, admin and agent roles.', { score: 1.5 })], 'How do I verify a webhook signature?')
    expect(answer.citations).toHaveLength(1)
    expect(answer.text).not.toContain('console')
  })
})
