import { ApiError, requestJson } from '../shared/http.js'

/** A console account as the server shows it. */
export interface ConsoleAccount {
  id: string
  email: string
  name: string
  role: 'owner' | 'admin' | 'agent' | 'viewer'
  disabled: boolean
  createdAt: number
}

/** The signed-in account and what it may do. */
export interface ConsoleSession {
  account: ConsoleAccount
  permissions: string[]
}

/** Calls the console API (`/api/v1/console…`) with the session cookie and the CSRF header. */
export function consoleApi<T>(method: string, path: string, body?: unknown): Promise<T> {
  return requestJson<T>(method, `/api/v1/console${path}`, body)
}

/** Calls an app API route (`/api/v1/apps/{appId}/…`) through the console, as the signed-in account. */
export function appApi<T>(appId: string, method: string, path: string, body?: unknown): Promise<T> {
  return requestJson<T>(method, `/api/v1/console/apps/${encodeURIComponent(appId)}/api/${path}`, body)
}

/** What the console shows on load (`GET /api/v1/console/start`, always 200). */
export interface ConsoleStart {
  session: ConsoleSession | null
  /** No active owner yet: the first-run setup form is offered. */
  ownerNeeded: boolean
}

/** Creates the first owner with the operator key (`POST /api/v1/console/owners`). */
export async function createFirstOwner(operatorKey: string, owner: { email: string; password: string }): Promise<ConsoleAccount> {
  const response = await fetch('/api/v1/console/owners', {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${operatorKey}` },
    body: JSON.stringify(owner),
  })
  const parsed = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | ConsoleAccount | undefined
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`)
  }
  return parsed as ConsoleAccount
}
