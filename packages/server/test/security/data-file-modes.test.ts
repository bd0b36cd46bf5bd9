import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

const modeOf = (path: string) => statSync(path).mode & 0o777

/** Every file under a directory, recursively. */
function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

async function until<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * Uploads a file in two halves over a real socket; between them (while the server spools it)
 * `midway` runs. Resolves with the answer.
 */
function uploadInTwoHalves(server: TestServer, appId: string, token: string, conversationId: string, midway: () => Promise<void>) {
  const boundary = 'warblerboundary'
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="conversationId"\r\n\r\n${conversationId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="secret.txt"\r\nContent-Type: text/plain\r\n\r\n${'first half '.repeat(2000)}`
  const tail = `${'second half '.repeat(2000)}\r\n--${boundary}--\r\n`
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const call = request(`${server.url}/api/v1/apps/${appId}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` } }, (response) => {
      let text = ''
      response.on('data', (chunk) => (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }))
    })
    call.on('error', reject)
    call.write(head)
    midway().then(() => call.end(tail), reject)
  })
}

describe('data directory and file modes', () => {
  const root = mkdtempSync(join(tmpdir(), 'warbler-modes-'))
  const dataDir = join(root, 'data')
  let server: TestServer | undefined
  afterAll(async () => {
    await server?.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('creates the data dir 0700 and the database, WAL, keys, uploads and spool files 0600', async () => {
    server = await startTestServer({ dataDir })
    expect(modeOf(dataDir)).toBe(0o700)
    const app = await server.createApp()
    const { alice } = await createUsers(server, app, ['alice', 'bob'])
    const group = await server.rest('POST', `/api/v1/apps/${app.id}/groups`, { secret: app.secret, body: { name: 'Team', ownerId: 'alice', memberIds: ['bob'] } })
    const spoolDir = join(dataDir, 'files-tmp')
    let spoolMode: number | undefined
    const uploaded = await uploadInTwoHalves(server, app.id, alice!, group.body.id, async () => {
      const spoolFile = await until(() => (existsSync(spoolDir) ? readdirSync(spoolDir)[0] : undefined))
      spoolMode = modeOf(join(spoolDir, spoolFile))
    })
    expect(uploaded.status).toBe(201)
    expect(spoolMode).toBe(0o600)

    const files = filesUnder(dataDir)
    for (const name of ['warbler.db', 'warbler.db-wal', 'warbler.db-shm', 'admin-key']) expect(files).toContain(join(dataDir, name))
    expect(files.some((path) => path.startsWith(join(dataDir, 'files') + '/'))).toBe(true)
    expect(files.map((path) => [path, modeOf(path).toString(8)])).toEqual(files.map((path) => [path, '600']))
  })

  it('tightens what an older install left world-readable when it starts', async () => {
    await server!.close()
    server = undefined
    chmodSync(dataDir, 0o755)
    for (const entry of readdirSync(dataDir, { withFileTypes: true })) chmodSync(join(dataDir, entry.name), entry.isDirectory() ? 0o755 : 0o644)
    server = await startTestServer({ dataDir })
    expect(modeOf(dataDir)).toBe(0o700)
    for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
      expect([entry.name, modeOf(join(dataDir, entry.name)).toString(8)]).toEqual([entry.name, entry.isDirectory() ? '700' : '600'])
    }
  })
})
