import type { ChatSession } from './chat-session.js'

/** What a `tool.confirm` message carries (see docs/tools.md). */
export interface ToolConfirmData {
  toolCallId: string
  tool: string
  arguments: Record<string, unknown>
  summary: string
  expiresAt?: number
}

/** How answering a confirmation went, in the words the card shows. */
export type DecisionOutcome = 'approved' | 'declined' | 'expired' | 'answered' | 'notYours' | 'failed'

/** Reads the data of a `tool.confirm` body; undefined when it is not one. */
export function toolConfirmData(body: { type: string; customType?: string; data?: unknown } | undefined): ToolConfirmData | undefined {
  if (body?.type !== 'custom' || body.customType !== 'tool.confirm') return undefined
  const data = body.data as Partial<ToolConfirmData> | undefined
  if (!data || typeof data.toolCallId !== 'string' || typeof data.tool !== 'string') return undefined
  return { toolCallId: data.toolCallId, tool: data.tool, arguments: data.arguments ?? {}, summary: typeof data.summary === 'string' ? data.summary : data.tool, ...(typeof data.expiresAt === 'number' ? { expiresAt: data.expiresAt } : {}) }
}

/** The app and user a user token names (its `app` and `sub` claims). */
export function tokenSubject(token: string): { appId: string; userId: string } | undefined {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { app?: unknown; sub?: unknown }
    return typeof payload.app === 'string' && typeof payload.sub === 'string' ? { appId: payload.app, userId: payload.sub } : undefined
  } catch {
    return undefined
  }
}

/**
 * Answers a confirmation as the signed-in user, with their own token and the exact arguments the
 * card showed (the server refuses anything else).
 */
export async function decideToolCall(session: ChatSession, data: ToolConfirmData, approve: boolean, fetchImpl: typeof fetch = fetch): Promise<DecisionOutcome> {
  const subject = tokenSubject(session.token)
  if (!subject) return 'failed'
  let response: Response
  try {
    response = await fetchImpl(`${session.url.replace(/\/+$/, '')}/api/v1/apps/${encodeURIComponent(subject.appId)}/tool-calls/${encodeURIComponent(data.toolCallId)}/decision`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: session.userId ?? subject.userId, approve, arguments: data.arguments }),
    })
  } catch {
    return 'failed'
  }
  if (response.ok) return approve ? 'approved' : 'declined'
  const error = ((await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined)?.error
  if (response.status === 403) return 'notYours'
  if (response.status === 409) return /expired/i.test(error?.message ?? '') ? 'expired' : 'answered'
  return 'failed'
}
