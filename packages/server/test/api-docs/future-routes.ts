import { ResourceId } from '@warbler/protocol'
import { z } from 'zod'
import type { DocumentedRoute } from '../../src/http/openapi/documented-route.js'

/**
 * Routes as an engineer might add them tomorrow, with no `openapi` metadata and no tag: the
 * document must still name, tag, secure and give 4xx answers to each, and stay lint-clean.
 */
export const FUTURE_ROUTES: readonly DocumentedRoute[] = [
  { method: 'GET', url: '/api/v1/apps/:appId/eval-sets', summary: 'List eval sets.', auth: 'app', params: z.object({ appId: ResourceId }), response: z.object({ items: z.array(z.object({ id: z.string() })), next: z.string().nullable() }) },
  { method: 'POST', url: '/api/v1/apps/:appId/eval-sets', summary: 'Create an eval set.', auth: 'app', body: z.object({ name: z.string(), items: z.array(z.object({ question: z.string() })) }), status: 201 },
  // No params schema at all, and a parameter named differently from the route below on the same path.
  { method: 'GET', url: '/api/v1/apps/:appId/eval-runs/:id', summary: 'Read an eval run.', auth: 'app' },
  { method: 'DELETE', url: '/api/v1/apps/:appId/eval-runs/:runId', summary: 'Delete an eval run.', auth: 'app', params: z.object({ appId: ResourceId, runId: ResourceId }) },
  { method: 'POST', url: '/api/v1/apps/:appId/knowledge-bases/:kbId/sources/:sourceId/sync', summary: 'Sync a source now.', auth: 'app', status: 202 },
  { method: 'GET', url: '/api/v1/apps/:appId/jwks.json', summary: 'The app’s public keys.', auth: 'none' },
  { method: 'GET', url: '/api/v1/retention/runs', summary: 'Retention runs.', auth: 'operator', query: z.object({ limit: z.coerce.number().int().default(50) }) },
  { method: 'PUT', url: '/api/v1/apps/:appId/settings/retention', summary: 'Set retention.', auth: 'app', body: z.object({ messagesDays: z.number().int().optional() }) },
]
