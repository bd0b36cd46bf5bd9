import type { ErrorCode } from '@warbler/protocol'
import type { z } from 'zod'

/** The security schemes of the REST API (see `security-schemes.ts`). */
export type SecuritySchemeName = 'operatorKey' | 'appSecret' | 'userToken' | 'consoleSession'

/**
 * What the OpenAPI document says about a route beyond its zod shapes. Every field is optional:
 * a route without it still gets an operationId, a tag, security and its error responses derived
 * from its definition (method, URL, `auth`, which shapes it validates).
 *
 * @example
 * ```ts
 * defineRoute({ method: 'POST', url: '/api/v1/apps/:appId/messages', auth: 'app', …,
 *   openapi: { operationId: 'sendMessage', errors: ['blocked', 'rate_limited'] } })
 * ```
 */
export interface OperationDocs {
  /** Overrides the derived operationId (keep it stable: generated clients name methods after it). */
  operationId?: string
  /** Longer Markdown text shown under the summary. */
  description?: string
  /**
   * Who may call it, for routes that authenticate in their handler (`auth: 'none'`): each entry is
   * one accepted credential. `[]` declares the route public.
   */
  security?: readonly SecuritySchemeName[]
  /** Error codes the route may answer besides the ones derived from its definition. */
  errors?: readonly ErrorCode[]
  /** A multipart/form-data body the handler reads itself: the file part's name and the text fields. */
  multipart?: { file: string; fields?: z.ZodObject; required?: readonly string[] }
  /** A JSON body the handler parses itself (alongside `multipart`, for routes taking either). */
  jsonBody?: z.ZodType
  /** Example request body and success answer (checked against the schemas by the lint test). */
  examples?: { request?: unknown; response?: unknown }
  /** The success answer is the bytes of a file, not JSON; `ranges`: it honours `Range` (206 Partial Content). */
  binaryResponse?: { description: string; ranges?: boolean; contentType?: string }
}
