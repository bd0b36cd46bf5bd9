import { WarblerError } from '@warbler/protocol'
import type { HttpToolSpec } from './tool-types.js'

/** The name of the header that says who is asking (a JWT signed by the app). */
export const IDENTITY_HEADER = 'Warbler-Identity'

/** Headers an argument may never set: the identity, credentials and what the client owns. */
const PROTECTED_HEADERS = new Set(['warbler-identity', 'authorization', 'proxy-authorization', 'cookie', 'host', 'content-length', 'transfer-encoding', 'connection'])

/** One request of an HTTP tool, before it is sent. */
export interface BuiltRequest {
  method: HttpToolSpec['method']
  url: string
  /** Headers from the spec and the arguments (no secrets, no identity: the executor adds those last). */
  headers: Record<string, string>
  body?: string
}

function scalar(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)
}

/**
 * Fills an HTTP tool's template from the model's arguments: `{name}` path segments
 * (percent-encoded, so an argument cannot add a segment or a query), query parameters (arrays
 * repeated or comma-joined), header parameters (never the protected ones), and the `body`
 * argument as JSON. Arguments the tool does not declare are ignored. Throws `validation_failed`
 * when a path parameter is missing.
 */
export function buildHttpRequest(spec: HttpToolSpec, args: Record<string, unknown>): BuiltRequest {
  const declared = spec.parameters ?? []
  let url = spec.url
  for (const parameter of declared.filter((item) => item.in === 'path')) {
    const value = args[parameter.name]
    if (value === undefined || value === null || value === '') throw new WarblerError('validation_failed', `The argument ${parameter.name} is required.`)
    url = url.replaceAll(`{${parameter.name}}`, encodeURIComponent(scalar(value)))
  }
  const target = new URL(url)
  const headers: Record<string, string> = {}
  for (const parameter of declared) {
    const value = args[parameter.name]
    if (value === undefined || value === null) continue
    if (parameter.in === 'query') {
      if (Array.isArray(value)) {
        if (parameter.explode === false) target.searchParams.append(parameter.name, value.map(scalar).join(','))
        else for (const item of value) target.searchParams.append(parameter.name, scalar(item))
      } else target.searchParams.append(parameter.name, scalar(value))
    } else if (parameter.in === 'header' && !PROTECTED_HEADERS.has(parameter.name.toLowerCase())) {
      headers[parameter.name] = scalar(value).replace(/[\r\n]/g, ' ')
    }
  }
  for (const [name, value] of Object.entries(spec.headers ?? {})) if (!PROTECTED_HEADERS.has(name.toLowerCase())) headers[name] = value
  const request: BuiltRequest = { method: spec.method, url: target.toString(), headers }
  // GET and HEAD carry no body: a stray `body` argument is ignored like any undeclared one.
  if (args.body !== undefined && spec.method !== 'GET' && spec.method !== 'HEAD') {
    request.body = JSON.stringify(args.body)
    headers['content-type'] = 'application/json'
  }
  return request
}
