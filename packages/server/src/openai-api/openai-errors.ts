import { WarblerError } from '@warbler/protocol'

/** An error in OpenAI's shape: `{ error: { message, type, code } }` with its HTTP status. */
export interface OpenAiErrorResponse {
  status: number
  body: { error: { message: string; type: string; code: string | null; param: null } }
}

/** Maps any error to OpenAI's error shape, so OpenAI clients raise their usual exceptions. */
export function toOpenAiError(error: unknown): OpenAiErrorResponse {
  const make = (status: number, type: string, code: string | null, message: string): OpenAiErrorResponse => ({ status, body: { error: { message, type, code, param: null } } })
  if (!WarblerError.isInstance(error)) {
    const validation = (error as { validation?: unknown; statusCode?: number; message?: string }) ?? {}
    if (validation.statusCode !== undefined && validation.statusCode < 500) return make(validation.statusCode, 'invalid_request_error', null, validation.message ?? 'Bad request.')
    return make(500, 'api_error', 'internal', 'Something went wrong on the server.')
  }
  switch (error.code) {
    case 'unauthenticated':
    case 'invalid_credentials':
      return make(401, 'invalid_request_error', 'invalid_api_key', 'Send the app secret as the bearer token.')
    case 'not_found':
      return make(404, 'invalid_request_error', 'model_not_found', error.message)
    case 'validation_failed':
    case 'bad_request':
      return make(400, 'invalid_request_error', null, error.message)
    case 'quota_exceeded':
      return make(429, 'insufficient_quota', 'insufficient_quota', error.message)
    case 'rate_limited':
      return make(429, 'rate_limit_error', 'rate_limit_exceeded', error.message)
    case 'timeout':
      return make(504, 'api_error', 'timeout', 'The model provider did not answer in time.')
    case 'upstream_failed':
      return make(502, 'api_error', 'upstream_failed', 'The model provider failed.')
    default:
      return make(error.status >= 400 ? error.status : 500, error.status < 500 ? 'invalid_request_error' : 'api_error', error.code, error.message)
  }
}
