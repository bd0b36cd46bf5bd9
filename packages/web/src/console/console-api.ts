import { requestJson } from '../shared/http.js'

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
