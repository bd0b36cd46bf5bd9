/**
 * `@warbler/server`: the Warbler node as a library.
 *
 * @example
 * ```ts
 * import { createWarblerServer, loadConfig } from '@warbler/server'
 * const server = await createWarblerServer(loadConfig({ PORT: '8080', WARBLER_DATA_DIR: './data' }))
 * await server.listen()
 * ```
 */
export { createWarblerServer, type WarblerServer } from './server.js'
export { loadConfig, type ServerConfig } from './config/config.js'
export { ensureDemoSeed, type DemoCredentials } from './demo-seed.js'
export type { Storage } from './storage/storage.js'
export type { Bus } from './bus/bus.js'
export { SqliteStorage } from './storage/sqlite/sqlite-storage.js'
export { MemoryBus } from './bus/memory/memory-bus.js'
export { verifyWebhookSignature } from './webhooks/verify-signature.js'
