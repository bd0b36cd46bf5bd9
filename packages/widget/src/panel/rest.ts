/** A refused widget request: the server's error code (for a human sentence) and message. */
export class WidgetRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** Calls the Warbler REST API from the host page (CORS: only allowed origins get an answer). */
export async function restCall<T>(base: string, path: string, init: { method?: string; token?: string; json?: unknown; body?: BodyInit } = {}): Promise<T> {
  const headers: Record<string, string> = {}
  if (init.token) headers.authorization = `Bearer ${init.token}`
  if (init.json !== undefined) headers['content-type'] = 'application/json'
  let response: Response
  try {
    response = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers,
      credentials: 'omit',
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : init.body !== undefined ? { body: init.body } : {}),
    })
  } catch (error) {
    throw new WidgetRequestError('unavailable', error instanceof Error ? error.message : 'network error')
  }
  const body = (await response.json().catch(() => undefined)) as (T & { error?: { code?: string; message?: string } }) | undefined
  if (!response.ok) throw new WidgetRequestError(body?.error?.code ?? 'unavailable', body?.error?.message ?? `HTTP ${response.status}`)
  return body as T
}
