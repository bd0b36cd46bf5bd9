import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeDocx, makePdf } from '../../../ai/src/knowledge/testing/document-fixtures.js'
import { makeDocxBomb, makeDocxWithLyingSize, makeMarkupHeavyDocx, makeZipWithEntries } from '../../../ai/src/knowledge/parse/testing/zip-bombs.js'
import { loadConfig } from '../../src/config/config.js'
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const MiB = 1024 * 1024
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

async function upload(url: string, secret: string, kbPath: string, data: Buffer, filename: string, type: string): Promise<string> {
  const form = new FormData()
  form.append('file', new Blob([data], { type }), filename)
  const response = await fetch(`${url}${kbPath}/documents`, { method: 'POST', headers: { authorization: `Bearer ${secret}` }, body: form })
  expect(response.status).toBe(202)
  return ((await response.json()) as { id: string }).id
}

async function settled(url: string, secret: string, path: string, onPoll?: () => Promise<void>): Promise<any> {
  for (let attempt = 0; attempt < 1200; attempt++) {
    const body = (await (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${secret}` } })).json()) as any
    if (body.status === 'ready' || body.status === 'failed') return body
    await onPoll?.()
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`${path} never settled`)
}

function residentMegabytes(pid: number): number {
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024
}

// The built server (dist/, `npx tsc -b packages/server` first) as an operator runs it.
describe('knowledge documents in a running server: parsing leaves the server alone', () => {
  let server: ServerProcess
  let dataDir: string
  const adminKey = 'limits-admin-key-0123456789'

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'warbler-kb-limits-'))
    server = await spawnServer({ dataDir, adminKey, env: { WARBLER_SQLITE_SYNCHRONOUS: 'normal' } })
  })
  afterAll(async () => {
    server.child.kill('SIGKILL')
    await server.exited
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('fails a 40 MiB DOCX bomb with document_too_large and answers /healthz quickly with flat memory while a big DOCX parses', async () => {
    const created = await fetch(`${server.url}/api/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Limits' }) })
    const app = (await created.json()) as { id: string; secret: string }
    const kb = (await (
      await fetch(`${server.url}/api/v1/apps/${app.id}/knowledge-bases`, { method: 'POST', headers: { authorization: `Bearer ${app.secret}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Docs' }) })
    ).json()) as { id: string }
    const kbPath = `/api/v1/apps/${app.id}/knowledge-bases/${kb.id}`
    const pid = server.child.pid!
    const baseline = residentMegabytes(pid)

    const bomb = await makeDocxBomb(40 * MiB)
    expect(bomb.length).toBeLessThan(200 * 1024)
    const bombId = await upload(server.url, app.secret, kbPath, bomb, 'bomb.docx', DOCX)
    const heavy = await makeMarkupHeavyDocx(6 * MiB)
    const heavyId = await upload(server.url, app.secret, kbPath, heavy, 'heavy.docx', DOCX)

    let slowest = 0
    let polls = 0
    let peak = baseline
    const probe = async () => {
      const started = performance.now()
      const health = await fetch(`${server.url}/healthz`)
      expect(health.status).toBe(200)
      slowest = Math.max(slowest, performance.now() - started)
      polls++
      peak = Math.max(peak, residentMegabytes(pid))
    }
    const failed = await settled(server.url, app.secret, `${kbPath}/documents/${bombId}`, probe)
    expect(failed).toMatchObject({ status: 'failed', chunkCount: 0, error: "The DOCX file's text parts inflate to 40 MiB, more than the limit of 16 MiB." })
    const ready = await settled(server.url, app.secret, `${kbPath}/documents/${heavyId}`, probe)
    expect(ready).toMatchObject({ status: 'ready' })
    expect(ready.error).toBeUndefined()
    // Parsing the 6 MiB document takes seconds (inline it blocked /healthz as long and added hundreds of MB).
    expect(polls).toBeGreaterThan(20)
    expect(slowest).toBeLessThan(1_000)
    expect(peak - baseline).toBeLessThan(120)
  }, 120_000)
})

describe('knowledge document limits over REST', () => {
  let server: TestServer
  let app: { id: string; secret: string }
  let kbPath: string

  beforeAll(async () => {
    const knowledge = { ...loadConfig({}).knowledge, maxChunks: 5, maxArchiveEntries: 1_000, maxExtractedBytes: 4 * MiB }
    server = await startTestServer({ config: { knowledge } })
    app = await server.createApp()
    const { body } = await server.rest('POST', `/api/v1/apps/${app.id}/knowledge-bases`, { secret: app.secret, body: { name: 'Docs' } })
    kbPath = `/api/v1/apps/${app.id}/knowledge-bases/${body.id}`
  })
  afterAll(async () => {
    await server.close()
  })

  const ingest = async (data: Buffer, filename: string, type: string) => settled(server.url, app.secret, `${kbPath}/documents/${await upload(server.url, app.secret, kbPath, data, filename, type)}`)

  it('fails a DOCX whose sizes lie once inflating passes the configured budget', async () => {
    expect(await ingest(await makeDocxWithLyingSize(40 * MiB, 1_000), 'liar.docx', DOCX)).toMatchObject({
      status: 'failed',
      error: 'The DOCX file inflates to more than the limit of 4 MiB.',
    })
  })

  it('fails a zip of 100,000 entries on its central directory', async () => {
    expect(await ingest(makeZipWithEntries(100_000), 'many.docx', DOCX)).toMatchObject({
      status: 'failed',
      error: 'The DOCX file has 100000 entries, more than the limit of 1000.',
    })
  })

  it('fails a document that makes more chunks than configured', async () => {
    const text = Array.from({ length: 40 }, (_, index) => `## Section ${index}\n\nParagraph ${index} of the handbook.`).join('\n\n')
    const failed = await ingest(Buffer.from(text), 'handbook.md', 'text/markdown')
    expect(failed).toMatchObject({ status: 'failed', chunkCount: 0 })
    expect(failed.error).toMatch(/^The document makes \d+ chunks, more than the limit of 5\.$/)
    const { body } = await server.rest('POST', `${kbPath}/documents`, { secret: app.secret, body: { title: 'Long', text, format: 'markdown' } })
    expect((await settled(server.url, app.secret, `${kbPath}/documents/${body.id}`)).error).toMatch(/more than the limit of 5/)
  })

  it('still ingests a normal DOCX and PDF', async () => {
    expect(await ingest(await makeDocx('保修政策', '整机保修一年。'), 'warranty.docx', DOCX)).toMatchObject({ status: 'ready', chunkCount: 1 })
    expect(await ingest(makePdf(['Refunds are paid within 30 days.']), 'refunds.pdf', 'application/pdf')).toMatchObject({ status: 'ready', chunkCount: 1 })
    const search = await server.rest('POST', `${kbPath}/search`, { secret: app.secret, body: { query: 'refunds paid', topK: 3 } })
    expect(search.body.results[0].text).toContain('Refunds are paid')
  })
})
