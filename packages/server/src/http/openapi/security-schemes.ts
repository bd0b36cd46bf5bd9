import type { DocumentedRoute } from './documented-route.js'
import type { SecuritySchemeName } from './operation-docs.js'

/** The credentials of the REST API, as OpenAPI security schemes. */
export const SECURITY_SCHEMES: Readonly<Record<SecuritySchemeName, Record<string, unknown>>> = {
  operatorKey: {
    type: 'http',
    scheme: 'bearer',
    description:
      'The operator key of the deployment (`WARBLER_ADMIN_KEY`, or the key generated on first start and kept in the data dir). It may act on every app; keep it on your servers.',
  },
  appSecret: {
    type: 'http',
    scheme: 'bearer',
    description: 'The secret of one app (answered once by `createApp`, rotated with `rotateAppSecret`). It acts on that app only; keep it on your backend.',
  },
  userToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A user token minted by your backend with `createUserToken` (or a widget visitor token). It acts as that one user; it is what browsers and apps hold.',
  },
  consoleSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'warbler_console',
    description:
      'A signed-in console session. The console calls app routes through `/api/v1/console/apps/{appId}/api/…` with this cookie and the header `x-warbler-console: 1`; it is not accepted on the paths below directly.',
  },
}

/**
 * The security requirements of a route: declared ones (`openapi.security`) for routes that check
 * credentials in their handler, else from `auth` — the operator key, or the app secret (which the
 * operator key may stand in for). A public route answers `[]` (declared public, not forgotten).
 */
export function securityOf(route: DocumentedRoute): Record<string, string[]>[] {
  const declared = route.openapi?.security
  if (declared) return declared.map((name) => ({ [name]: [] }))
  if (route.auth === 'operator') return [{ operatorKey: [] }]
  if (route.auth === 'app') return [{ appSecret: [] }, { operatorKey: [] }]
  return []
}
