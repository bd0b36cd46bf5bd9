import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig, type ServerConfig } from '../../src/config/config.js'
import { createLogger } from '../../src/observability/logger.js'
import { createWarblerServer, type WarblerServer } from '../../src/server.js'

/** An in-process server on a random port with its own temporary data dir. */
export interface TestServer {
  server: WarblerServer
  url: string
  operatorKey: string
  dataDir: string
  /** Creates an app and returns its id and secret. */
  createApp(name?: string): Promise<{ id: string; secret: string }>
  /** Calls the REST API; returns status and parsed JSON. */
  rest(method: string, path: string, options?: { secret?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any }>
  close(): Promise<void>
}

/** Starts a server for a test. Limits and other settings may be overridden. */
export async function startTestServer(overrides: { limits?: Partial<ServerConfig['limits']>; config?: Partial<ServerConfig>; dataDir?: string; server?: Omit<NonNullable<Parameters<typeof createWarblerServer>[1]>, 'logger'> } = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'warbler-test-'))
  const base = loadConfig({ PORT: '0', HOST: '127.0.0.1', WARBLER_DATA_DIR: dataDir, WARBLER_DEMO: 'false', WARBLER_SQLITE_SYNCHRONOUS: 'normal' })
  const config: ServerConfig = { ...base, ...overrides.config, limits: { ...base.limits, ...overrides.limits } }
  const server = await createWarblerServer(config, { ...overrides.server, logger: createLogger({ level: 'silent' }) })
  const { url } = await server.listen()
  const operatorKey = server.context.operatorKey
  const rest: TestServer['rest'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers }
    if (options.secret) headers.authorization = `Bearer ${options.secret}`
    let body: string | undefined
    if (options.raw !== undefined) body = options.raw
    else if (options.body !== undefined) body = JSON.stringify(options.body)
    if (body !== undefined) headers['content-type'] ??= 'application/json'
    const response = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) })
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // not JSON (metrics)
    }
    return { status: response.status, body: parsed }
  }
  return {
    server,
    url,
    operatorKey,
    dataDir,
    rest,
    async createApp(name = 'Test app') {
      const { status, body } = await rest('POST', '/api/v1/apps', { secret: operatorKey, body: { name } })
      if (status !== 201) throw new Error(`createApp: ${status} ${JSON.stringify(body)}`)
      return { id: body.id, secret: body.secret }
    },
    async close() {
      await server.close()
      if (!overrides.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Creates users in an app and returns a token for each. */
export async function createUsers(testServer: TestServer, app: { id: string; secret: string }, ids: string[]): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {}
  for (const id of ids) {
    const created = await testServer.rest('POST', `/api/v1/apps/${app.id}/users`, { secret: app.secret, body: { id, name: id } })
    if (created.status !== 201) throw new Error(`createUser ${id}: ${created.status} ${JSON.stringify(created.body)}`)
    const token = await testServer.rest('POST', `/api/v1/apps/${app.id}/users/${id}/tokens`, { secret: app.secret, body: {} })
    tokens[id] = token.body.token
  }
  return tokens
}
