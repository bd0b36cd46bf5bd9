import type { RouteSpec } from '../route.js'

/**
 * A route as the API document sees it: a {@link RouteSpec} without its handler. Endpoints Fastify
 * serves outside `registerRoutes` (file bytes, the multipart knowledge upload) are described in this
 * shape too (`transport-operations.ts`), so one builder writes every operation.
 */
export type DocumentedRoute = Omit<RouteSpec, 'handler'>
