import type { Person } from '@warbler/protocol'
import { ApiError } from '../../shared/http.js'
import type { FileAccess } from '../file-upload.js'

/** The most ids one directory lookup may carry (the server's bound). */
export const IDS_PER_LOOKUP = 100

/**
 * Asks the server's people directory (`GET /api/v1/apps/{appId}/people`) with the chat user's
 * token: by name or id (`q`), or for known ids. Errors become {@link ApiError} with the server's code.
 */
export async function fetchPeople(access: FileAccess, query: { q: string } | { ids: readonly string[] }, limit = 20): Promise<Person[]> {
  const search = new URLSearchParams('q' in query ? { q: query.q, limit: String(limit) } : { ids: query.ids.join(',') })
  const response = await fetch(`/api/v1/apps/${encodeURIComponent(access.appId)}/people?${search}`, { headers: { authorization: `Bearer ${access.token}`, accept: 'application/json' } })
  const parsed = (await response.json().catch(() => undefined)) as { items?: Person[]; error?: { code?: string; message?: string } } | undefined
  if (!response.ok) throw new ApiError(response.status, parsed?.error?.code ?? 'http_error', parsed?.error?.message ?? `HTTP ${response.status}`)
  return parsed?.items ?? []
}
