import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { WarblerError } from '@warbler/protocol'
import { z } from 'zod'
import type { DemoCredentials } from '../demo-seed.js'
import type { ServerContext } from '../server-context.js'
import { parseBody } from './console-route.js'

/** Demo sign-in tokens last a day. */
const DEMO_TOKEN_TTL_SECONDS = 24 * 60 * 60

/** The demo seed, when demo mode is on and the seed exists; otherwise undefined. */
async function demoSeed(context: ServerContext): Promise<DemoCredentials | undefined> {
  if (!context.config.seedDemo) return undefined
  const file = join(context.config.dataDir, 'demo.json')
  if (!existsSync(file)) return undefined
  const seed = JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials
  return (await context.storage.apps.get(seed.appId)) ? seed : undefined
}

/**
 * The demo sign-in of the chat app: `GET /api/v1/demo` lists the demo app's users and
 * `POST /api/v1/demo/session { userId }` mints a token for one of them. Both answer 404 unless
 * the demo seed exists and WARBLER_DEMO is on; they never reach any other app.
 */
export function registerDemoRoutes(fastify: FastifyInstance, context: ServerContext): void {
  fastify.get('/api/v1/demo', async () => {
    const seed = await demoSeed(context)
    if (!seed) throw new WarblerError('not_found', 'Demo mode is off.')
    const users = await Promise.all(seed.users.map((id) => context.storage.users.get(seed.appId, id)))
    // Everyone in the demo app (bots included), so the chat app can show names instead of ids.
    const directory = await context.storage.users.list(seed.appId, { limit: 200 })
    return {
      appId: seed.appId,
      users: users.filter((user) => user !== undefined).map((user) => ({ id: user.id, name: user.name, kind: user.kind, avatarUrl: user.avatarUrl })),
      directory: directory.map((user) => ({ id: user.id, name: user.name, kind: user.kind })),
    }
  })

  fastify.post('/api/v1/demo/session', async (request) => {
    const seed = await demoSeed(context)
    if (!seed) throw new WarblerError('not_found', 'Demo mode is off.')
    const { userId } = parseBody(z.object({ userId: z.string().min(1).max(128) }), request.body)
    if (!seed.users.includes(userId)) throw new WarblerError('forbidden', 'Only the demo users can sign in here.')
    const { token, expiresAt } = await context.users.mintToken(seed.appId, userId, DEMO_TOKEN_TTL_SECONDS)
    return { token, expiresAt, appId: seed.appId, userId, url: `${request.protocol}://${request.host}` }
  })
}
