#!/usr/bin/env node
/**
 * Writes packages/sdk/src/server/openapi-types.ts: the TypeScript types of the REST API, generated
 * by openapi-typescript from the OpenAPI document the server serves. `@warbler/sdk/server` types its
 * methods from it. Run after changing a route (the SDK's coverage test fails while it is stale):
 *
 *   npx tsc -b packages/server && node packages/sdk/scripts/generate-server-types.mjs
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const root = resolve(import.meta.dirname, '../../..')
const dist = (path) => pathToFileURL(join(root, 'packages/server/dist', path)).href
const { loadConfig } = await import(dist('config/config.js'))
const { createLogger } = await import(dist('observability/logger.js'))
const { createWarblerServer } = await import(dist('server.js'))
const { renderServerTypes } = await import(pathToFileURL(join(import.meta.dirname, 'render-server-types.mjs')).href)

const dataDir = mkdtempSync(join(tmpdir(), 'warbler-sdk-types-'))
const server = await createWarblerServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', WARBLER_DATA_DIR: dataDir, WARBLER_DEMO: 'false' }), { logger: createLogger({ level: 'silent' }) })
try {
  const { url } = await server.listen()
  const document = await (await fetch(`${url}/api/v1/openapi.json`)).json()
  const target = join(root, 'packages/sdk/src/server/openapi-types.ts')
  writeFileSync(target, await renderServerTypes(document))
  console.info(`wrote ${target}`)
} finally {
  await server.close()
  rmSync(dataDir, { recursive: true, force: true })
}
