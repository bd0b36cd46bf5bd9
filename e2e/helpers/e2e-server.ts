import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../packages/server/src/config/config.js'
import { webAppDir } from '../../packages/server/src/console/web-app.js'
import { ensureDemoSeed, type DemoCredentials } from '../../packages/server/src/demo-seed.js'
import { createLogger } from '../../packages/server/src/observability/logger.js'
import { createWarblerServer, type WarblerServer } from '../../packages/server/src/server.js'

/** A Warbler node for browser tests: demo seed on, serving the built web app, own data dir. */
export interface E2eServer {
  server: WarblerServer
  url: string
  operatorKey: string
  demo: DemoCredentials
  dataDir: string
  /** Calls the REST API with a bearer key. */
  rest(method: string, path: string, options?: { key?: string; body?: unknown }): Promise<{ status: number; body: any }>
  close(): Promise<void>
}

/**
 * Starts the server in this process (the web app must be built: `npm run build`). Give `dataDir`
 * and `port` to start again where a stopped server was (its data dir is then kept on close).
 */
export async function startE2eServer(options: { dataDir?: string; port?: number } = {}): Promise<E2eServer> {
  if (!existsSync(join(webAppDir(), 'index.html'))) throw new Error(`${webAppDir()} has no build: run npm run build first`)
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'warbler-e2e-'))
  const config = loadConfig({ PORT: String(options.port ?? 0), HOST: '127.0.0.1', WARBLER_DATA_DIR: dataDir, WARBLER_DEMO: 'true', WARBLER_SQLITE_SYNCHRONOUS: 'normal' })
  // Bots and webhooks may call the fake provider and receivers the tests run on 127.0.0.1.
  const server = await createWarblerServer(config, { logger: createLogger({ level: 'silent' }), bots: { outboundAllowlist: ['127.0.0.0/8'] }, webhooks: { outboundAllowlist: ['127.0.0.0/8'], pollIntervalMs: 100 } })
  const { url } = await server.listen()
  const demo = await ensureDemoSeed(server.context)
  if (!demo) throw new Error('the demo seed was not created')
  const operatorKey = server.context.operatorKey
  return {
    server,
    url,
    operatorKey,
    demo,
    dataDir,
    async rest(method, path, options = {}) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${options.key ?? operatorKey}`, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      })
      const text = await response.text()
      let body: unknown = text
      try {
        body = JSON.parse(text)
      } catch {
        // not JSON
      }
      return { status: response.status, body }
    },
    async close() {
      await server.close()
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
