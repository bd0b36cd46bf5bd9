import { WarblerError } from '@warbler/protocol'
import { toToolName, type HttpParameter, type HttpToolSpec, type JsonSchema, type ToolDefinition } from '../tool-types.js'
import { toJsonSchema } from './normalize-schema.js'
import { parseSpec } from './parse-spec.js'
import { resolveRefs } from './resolve-refs.js'

/** A tool the import produced, before it gets an id. */
export type ImportedTool = Omit<ToolDefinition, 'id' | 'kind' | 'mcp'> & { kind: 'http'; http: HttpToolSpec }

/** An operation the import left out, and why. */
export interface SkippedOperation {
  operation: string
  reason: string
}

/** Options of {@link importOpenApi}. */
export interface ImportOpenApiOptions {
  /** Used instead of the spec's `servers` (and to resolve a relative server URL). */
  baseUrl?: string
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'] as const
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The first server's URL with its variables at their defaults, made absolute against `baseUrl`. */
function serverUrl(servers: unknown, baseUrl: string | undefined, operation: string): string {
  if (baseUrl !== undefined) return baseUrl.replace(/\/+$/, '')
  const first = Array.isArray(servers) ? servers.find(isObject) : undefined
  let url = typeof first?.url === 'string' ? first.url : undefined
  if (url !== undefined && isObject(first?.variables)) {
    for (const [name, variable] of Object.entries(first.variables)) {
      if (isObject(variable) && variable.default !== undefined) url = url.replaceAll(`{${name}}`, String(variable.default))
    }
  }
  if (url === undefined || !/^https?:\/\//i.test(url)) {
    throw new WarblerError('validation_failed', `${operation} has no absolute server URL: give \`baseUrl\` with the import.`)
  }
  return url.replace(/\/+$/, '')
}

/** The JSON body schema of a request body, or a reason it cannot be sent. */
function jsonBody(requestBody: unknown): { schema: JsonSchema; required: boolean } | { unsupported: string } | undefined {
  if (!isObject(requestBody) || !isObject(requestBody.content)) return undefined
  const types = Object.keys(requestBody.content)
  const json = types.find((type) => /^application\/(.+\+)?json\b/i.test(type))
  if (json === undefined) return requestBody.required === true ? { unsupported: `its body is ${types.join(', ')}, not JSON` } : undefined
  const media = requestBody.content[json]
  const schema = toJsonSchema(isObject(media) ? media.schema : {})
  if (typeof requestBody.description === 'string' && schema.description === undefined) schema.description = requestBody.description
  return { schema, required: requestBody.required === true }
}

/** Path-level parameters with the operation's own over them (same name and place). */
function mergedParameters(pathItem: Record<string, unknown>, operation: Record<string, unknown>): Record<string, unknown>[] {
  const byKey = new Map<string, Record<string, unknown>>()
  for (const list of [pathItem.parameters, operation.parameters]) {
    if (!Array.isArray(list)) continue
    for (const parameter of list) if (isObject(parameter)) byKey.set(`${String(parameter.in)}:${String(parameter.name)}`, parameter)
  }
  return [...byKey.values()]
}

function parameterSchema(parameter: Record<string, unknown>): JsonSchema {
  let schema: unknown = parameter.schema
  if (schema === undefined && isObject(parameter.content)) schema = Object.values(parameter.content).find(isObject)?.schema
  const result = toJsonSchema(schema)
  if (typeof parameter.description === 'string' && result.description === undefined) result.description = parameter.description
  return result
}

function describe(operation: Record<string, unknown>, method: string, path: string): string {
  const parts = [operation.summary, operation.description].filter((part): part is string => typeof part === 'string' && part.trim() !== '')
  const text = parts.length > 0 ? parts.join('\n\n') : `${method.toUpperCase()} ${path}`
  return text.length > 1024 ? `${text.slice(0, 1021)}...` : text
}

/**
 * Imports an OpenAPI 3.0 or 3.1 document (an object, or JSON or YAML text) as HTTP tools: one per
 * operation, named by `operationId` (else method and path), its path, query and header parameters
 * and a JSON body (as the `body` argument) in one JSON Schema object, with local `$ref`s resolved,
 * `allOf` merged and arrays and nested objects kept. GET and HEAD are `read`, everything else
 * `write`. The URL comes from the operation's, the path's or the document's first server (or
 * `baseUrl`). Cookie parameters cannot be sent and are left out; operations whose required body
 * is not JSON are skipped and listed with the reason.
 *
 * @example
 * ```ts
 * const { tools } = importOpenApi(readFileSync('petstore-expanded.yaml', 'utf8'))
 * tools.map((tool) => tool.name) // ['findPets', 'addPet', 'find_pet_by_id', 'deletePet']
 * ```
 */
export function importOpenApi(input: unknown, options: ImportOpenApiOptions = {}): { tools: ImportedTool[]; skipped: SkippedOperation[] } {
  const document = parseSpec(input)
  const tools: ImportedTool[] = []
  const skipped: SkippedOperation[] = []
  const names = new Set<string>()
  for (const [path, rawItem] of Object.entries(document.paths ?? {})) {
    const pathItem = resolveRefs(document, rawItem)
    if (!isObject(pathItem)) continue
    for (const method of METHODS) {
      const operation = pathItem[method]
      if (!isObject(operation)) continue
      const label = `${method.toUpperCase()} ${path}`
      const body = jsonBody(operation.requestBody)
      if (body && 'unsupported' in body) {
        skipped.push({ operation: label, reason: body.unsupported })
        continue
      }
      const properties: Record<string, JsonSchema> = {}
      const required: string[] = []
      const parameters: HttpParameter[] = []
      for (const parameter of mergedParameters(pathItem, operation)) {
        const name = parameter.name
        const place = parameter.in
        if (typeof name !== 'string' || (place !== 'path' && place !== 'query' && place !== 'header')) continue
        properties[name] = parameterSchema(parameter)
        if (parameter.required === true || place === 'path') required.push(name)
        parameters.push({ name, in: place, ...(place === 'query' && parameter.explode === false ? { explode: false } : {}) })
      }
      if (body) {
        properties.body = body.schema
        if (body.required) required.push('body')
      }
      let name = toToolName(typeof operation.operationId === 'string' ? operation.operationId : `${method}_${path}`)
      for (let suffix = 2; names.has(name); suffix++) name = `${name.slice(0, 60)}_${suffix}`
      names.add(name)
      const base = serverUrl(operation.servers ?? pathItem.servers ?? document.servers, options.baseUrl, label)
      const upper = method.toUpperCase() as HttpToolSpec['method']
      tools.push({
        name,
        description: describe(operation, method, path),
        parameters: { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false },
        risk: upper === 'GET' || upper === 'HEAD' ? 'read' : 'write',
        kind: 'http',
        http: { method: upper, url: `${base}${path}`, ...(parameters.length > 0 ? { parameters } : {}) },
      })
    }
  }
  if (tools.length === 0 && skipped.length === 0) throw new WarblerError('validation_failed', 'The spec has no operations to import.')
  return { tools, skipped }
}
