import { ErrorResponse, PROTOCOL_VERSION } from '@warbler/protocol'
import { z } from 'zod'
import type { RouteSpec } from './route.js'

function schemaOf(type: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(type, { io, unrepresentable: 'any' }) as Record<string, unknown>
  return schema
}

function parametersOf(route: RouteSpec): unknown[] {
  const parameters: unknown[] = []
  for (const [location, schema] of [['path', route.params], ['query', route.query]] as const) {
    if (!schema) continue
    const json = schemaOf(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] }
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      parameters.push({ name, in: location, required: location === 'path' || (json.required ?? []).includes(name), schema: property })
    }
  }
  return parameters
}

/** Builds the OpenAPI 3.1 document from the same zod schemas the routes validate with. */
export function buildOpenApi(routes: readonly RouteSpec[], options: { version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}')
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      parameters: parametersOf(route),
      responses: {
        [String(route.status ?? 200)]: {
          description: 'Success',
          ...(route.response ? { content: { 'application/json': { schema: schemaOf(route.response, 'output') } } } : {}),
        },
        default: { description: 'Error', content: { 'application/json': { schema: schemaOf(ErrorResponse, 'output') } } },
      },
    }
    if (route.auth !== 'none') operation.security = [{ [route.auth === 'operator' ? 'operatorKey' : 'appSecret']: [] }]
    if (route.body) operation.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } }
    ;(paths[path] ??= {})[route.method.toLowerCase()] = operation
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Warbler REST API',
      version: options.version,
      description: `Server API of Warbler (protocol v${PROTOCOL_VERSION}). Errors are { "error": { "code", "message" } } with codes from @warbler/protocol.`,
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        operatorKey: { type: 'http', scheme: 'bearer', description: 'The operator key (WARBLER_ADMIN_KEY or data/admin-key).' },
        appSecret: { type: 'http', scheme: 'bearer', description: 'The app secret.' },
      },
    },
    paths,
  }
}
