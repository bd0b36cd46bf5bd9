import { ErrorResponse, PROTOCOL_VERSION, type ErrorCode } from '@warbler/protocol'
import type { z } from 'zod'
import type { DocumentedRoute } from './openapi/documented-route.js'
import { ERROR_SCHEMA_REF, errorExample, errorResponsesOf } from './openapi/error-responses.js'
import { schemaOf } from './openapi/json-schema.js'
import { NamedSchemas } from './openapi/named-schemas.js'
import { assignOperationIds, deriveTag } from './openapi/operation-id.js'
import { SECURITY_SCHEMES, securityOf } from './openapi/security-schemes.js'
import { TAG_DESCRIPTIONS } from './openapi/tag-descriptions.js'
import { TRANSPORT_OPERATIONS } from './openapi/transport-operations.js'
import { buildWebhooks } from './openapi/webhook-docs.js'

const BINARY = { type: 'string', format: 'binary', contentMediaType: 'application/octet-stream' }

/** The path parameters of a Fastify URL, in order (`/apps/:appId/users/:userId` → appId, userId). */
function pathParameterNames(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]!)
}

/**
 * The parameters of an operation: every parameter of the URL (typed by `params` when it names it,
 * else a string, so a route without a params schema still documents its path), then `query`.
 * `rename` gives a path parameter the name an identical path already uses in the document.
 */
function parametersOf(route: DocumentedRoute, rename: Readonly<Record<string, string>>): unknown[] {
  const parameters: unknown[] = []
  const describe = (schema: z.ZodType | undefined) =>
    schema ? (schemaOf(schema, 'input') as { properties?: Record<string, { description?: string }>; required?: string[] }) : {}
  const path = describe(route.params)
  for (const name of pathParameterNames(route.url)) {
    const { description, ...schema } = path.properties?.[name] ?? { type: 'string' }
    parameters.push({ name: rename[name] ?? name, in: 'path', required: true, ...(description ? { description } : {}), schema })
  }
  const query = describe(route.query)
  for (const [name, property] of Object.entries(query.properties ?? {})) {
    const { description, ...schema } = property
    parameters.push({ name, in: 'query', required: (query.required ?? []).includes(name), ...(description ? { description } : {}), schema })
  }
  if (route.openapi?.binaryResponse?.ranges) {
    parameters.push({ name: 'Range', in: 'header', required: false, description: 'One byte range, `bytes=<start>-<end>`.', schema: { type: 'string', example: 'bytes=0-1023' } })
  }
  return parameters
}

function requestBodyOf(route: DocumentedRoute, named: NamedSchemas): Record<string, unknown> | undefined {
  const content: Record<string, unknown> = {}
  const example = route.openapi?.examples?.request
  const json = route.body ?? route.openapi?.jsonBody
  if (json) content['application/json'] = { schema: named.input(json), ...(example === undefined ? {} : { example }) }
  const multipart = route.openapi?.multipart
  if (multipart) {
    const fields = multipart.fields ? (schemaOf(multipart.fields, 'input') as { properties?: Record<string, unknown> }) : {}
    content['multipart/form-data'] = {
      schema: {
        type: 'object',
        properties: { ...fields.properties, [multipart.file]: { ...BINARY, description: 'The file (send it as the last part).' } },
        required: [...(multipart.required ?? [multipart.file])],
      },
    }
  }
  return Object.keys(content).length > 0 ? { required: true, content } : undefined
}

function successResponsesOf(route: DocumentedRoute, named: NamedSchemas): Record<string, unknown> {
  const binary = route.openapi?.binaryResponse
  if (binary) {
    const response = {
      description: binary.description,
      headers: {
        'Content-Disposition': { description: '`inline` (raster images) or `attachment`, with the file name.', schema: { type: 'string' } },
      },
      content: { [binary.contentType ?? '*/*']: { schema: BINARY } },
    }
    return binary.ranges ? { '200': response, '206': { ...response, description: 'The requested byte range (`Content-Range` says which).' } } : { '200': response }
  }
  const example = route.openapi?.examples?.response
  return {
    [String(route.status ?? 200)]: {
      description: route.status === 202 ? 'Accepted; the work continues in the background.' : 'Success.',
      ...(route.response ? { content: { 'application/json': { schema: named.output(route.response), ...(example === undefined ? {} : { example }) } } } : {}),
    },
  }
}

function operationOf(
  route: DocumentedRoute,
  context: { operationId: string; tag: string; rename: Readonly<Record<string, string>>; named: NamedSchemas; codes: Set<ErrorCode> },
): Record<string, unknown> {
  const { operationId, tag, named, codes } = context
  const description = route.openapi?.description
  const requestBody = requestBodyOf(route, named)
  return {
    operationId,
    summary: route.summary,
    ...(description ? { description } : {}),
    tags: [tag],
    security: securityOf(route),
    parameters: parametersOf(route, context.rename),
    ...(requestBody ? { requestBody } : {}),
    responses: {
      ...successResponsesOf(route, named),
      ...errorResponsesOf(route, codes),
      default: {
        description: 'The server failed or is not ready: `internal`, `unavailable`, `timeout`, `upstream_failed`, `server_shutting_down`.',
        content: { 'application/json': { schema: { $ref: ERROR_SCHEMA_REF } } },
      },
    },
  }
}

/**
 * Builds the OpenAPI 3.1 document from the same zod schemas the routes validate with: every
 * operation with its operationId, tag, security, error responses, multipart bodies and binary
 * answers; and every webhook event under `webhooks`.
 *
 * @example
 * ```ts
 * const document = buildOpenApi(routes, { version: '0.1.0' })
 * document.paths['/api/v1/apps/{appId}/users'].post.operationId // 'createUser'
 * ```
 */
export function buildOpenApi(routes: readonly DocumentedRoute[], options: { version: string }): Record<string, unknown> {
  const all = [...routes, ...TRANSPORT_OPERATIONS]
  const operationIds = assignOperationIds(all.map((route) => ({ method: route.method, url: route.url, operationId: route.openapi?.operationId })))
  const named = new NamedSchemas()
  const codes = new Set<ErrorCode>()
  named.output(ErrorResponse as z.ZodType)
  const paths: Record<string, Record<string, unknown>> = {}
  const tags = new Set<string>(['webhooks'])
  // Paths that differ only in parameter names are one path to OpenAPI: the first route's names win.
  const namesByShape = new Map<string, string[]>()
  all.forEach((route, index) => {
    const tag = route.tag ?? deriveTag(route.url)
    tags.add(tag)
    const names = pathParameterNames(route.url)
    const shape = route.url.replace(/:[A-Za-z0-9_]+/g, ':')
    const canonical = namesByShape.get(shape) ?? names
    namesByShape.set(shape, canonical)
    const rename = Object.fromEntries(names.map((name, position) => [name, canonical[position] ?? name]))
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => `{${rename[name]}}`)
    ;(paths[path] ??= {})[route.method.toLowerCase()] = operationOf(route, { operationId: operationIds[index]!, tag, rename, named, codes })
  })
  const webhooks = buildWebhooks(named)
  return {
    openapi: '3.1.0',
    info: {
      title: 'Warbler REST API',
      version: options.version,
      summary: 'The server API of Warbler, the self-hosted chat cloud with AI bots.',
      description: `Server API of Warbler (protocol v${PROTOCOL_VERSION}). Errors are \`{ "error": { "code", "message" } }\` with the codes of @warbler/protocol; times are epoch milliseconds. The WebSocket protocol is described by the AsyncAPI document at /api/v1/asyncapi.json.`,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/', description: 'This server (the document is served by the server it describes).' }],
    tags: [...tags].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? `Operations on ${name.replace(/-/g, ' ')}.` })),
    components: {
      schemas: named.components(),
      examples: Object.fromEntries([...codes].sort().map((code) => [code, errorExample(code)])),
      securitySchemes: SECURITY_SCHEMES,
    },
    paths,
    webhooks,
  }
}
