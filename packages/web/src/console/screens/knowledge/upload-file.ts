import { ApiError } from '../../../shared/http.js'

/**
 * Uploads one file into a knowledge base through the console (multipart `file`, the session
 * cookie and the CSRF header): any format the server parses, PDF and Word included.
 */
export async function uploadDocument<T>(appId: string, knowledgeBaseId: string, file: File): Promise<T> {
  const form = new FormData()
  form.append('file', file, file.name)
  const response = await fetch(`/api/v1/console/apps/${encodeURIComponent(appId)}/knowledge-bases/${encodeURIComponent(knowledgeBaseId)}/documents`, {
    method: 'POST',
    headers: { accept: 'application/json', 'x-warbler-console': '1' },
    credentials: 'same-origin',
    body: form,
  })
  const parsed = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | T | undefined
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`)
  }
  return parsed as T
}
