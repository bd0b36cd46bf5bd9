import { WarblerError } from '@warbler/protocol'
import type { MultipartOf, OperationId, OperationInfo, OperationMethod, PathArgs, ResultOf } from './operation-types.js'
import type { ServerCall } from './server-http.js'

/** How many path parameters a template has. */
function parameterCount(path: string): number {
  return (path.match(/\{[^}]+\}/g) ?? []).length
}

/** Fills `{name}` parameters with the given values, URL-encoded, in order. */
export function fillPath(path: string, values: readonly unknown[]): string {
  let index = 0
  return path.replace(/\{[^}]+\}/g, (name) => {
    const value = values[index++]
    if (value === undefined || value === null || value === '') throw new WarblerError('bad_request', `Missing path parameter ${name} of ${path}.`)
    return encodeURIComponent(String(value))
  })
}

/**
 * An SDK method for one REST operation: its path parameters first, then the JSON body (POST, PUT,
 * PATCH) or the query (GET, DELETE), then — for a body operation that also takes one — the query.
 * The method carries {@link OperationInfo} so a test can hold the SDK against the OpenAPI document.
 *
 * @example
 * ```ts
 * const getUser = operation(call, 'getUser', 'GET', '/users/{userId}')
 * await getUser('alice') // GET /api/v1/apps/{appId}/users/alice
 * ```
 */
export function operation<Id extends OperationId, Path extends string>(call: ServerCall, operationId: Id, method: OperationInfo['method'], path: Path): OperationMethod<Id, Path> {
  const count = parameterCount(path)
  const takesBody = method === 'POST' || method === 'PUT' || method === 'PATCH'
  const run = async (...args: unknown[]): Promise<ResultOf<Id>> => {
    const filled = fillPath(path, args.slice(0, count))
    const [input, query] = args.slice(count) as [unknown, Record<string, unknown> | undefined]
    const request = takesBody
      ? { method, path: filled, ...(input === undefined ? {} : { body: input }), ...(query ? { query } : {}) }
      : { method, path: filled, ...(input === undefined ? {} : { query: input as Record<string, unknown> }) }
    return (await call(request)) as ResultOf<Id>
  }
  return Object.assign(run, { operation: { operationId, method, path } }) as unknown as OperationMethod<Id, Path>
}

/** A file to upload: its bytes (a `Blob`, `Uint8Array` or `ArrayBuffer`), name and type. */
export interface UploadInput {
  data: Blob | Uint8Array | ArrayBuffer
  filename: string
  /** The MIME type (default: `application/octet-stream`, or the Blob's own). */
  contentType?: string
}

/** A multipart form with the text fields first and the file last, as the server wants it. */
export function formOf(fields: Record<string, unknown>, fileField: string, file: UploadInput): FormData {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue
    form.append(key, typeof value === 'string' ? value : JSON.stringify(value))
  }
  const type = file.contentType ?? (file.data instanceof Blob && file.data.type !== '' ? file.data.type : 'application/octet-stream')
  const blob = file.data instanceof Blob ? file.data : new Blob([file.data], { type })
  form.append(fileField, blob.type === type ? blob : new Blob([blob], { type }), file.filename)
  return form
}

/**
 * An SDK method for a multipart operation: path parameters, the file, then the other form fields.
 */
export function uploadOperation<Id extends OperationId, Path extends string, FileField extends string>(
  call: ServerCall,
  operationId: Id,
  path: Path,
  fileField: FileField,
): ((...args: [...PathArgs<Path>, UploadInput, Omit<MultipartOf<Id>, FileField>?]) => Promise<ResultOf<Id>>) & { readonly operation: OperationInfo } {
  const count = parameterCount(path)
  const run = async (...args: unknown[]): Promise<ResultOf<Id>> => {
    const filled = fillPath(path, args.slice(0, count))
    const [file, fields] = args.slice(count) as [UploadInput | undefined, Record<string, unknown> | undefined]
    if (!file || !(file.data instanceof Blob || file.data instanceof Uint8Array || file.data instanceof ArrayBuffer)) throw new WarblerError('bad_request', 'Give the file as { data, filename }.')
    return (await call({ method: 'POST', path: filled, form: formOf(fields ?? {}, fileField, file) })) as ResultOf<Id>
  }
  return Object.assign(run, { operation: { operationId, method: 'POST' as const, path } }) as never
}
