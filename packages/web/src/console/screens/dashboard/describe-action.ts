/** An audit action as a person reads it: what kind of change, and on what. */
export interface ActionSummary {
  /** `create`, `change`, `delete`, or `other` (sign-ins, named console actions). */
  verb: 'create' | 'change' | 'delete' | 'other'
  /** The resource path without ids: `bots › test-answer`; the action itself when it is not an API route. */
  subject: string
}

const VERBS: Record<string, ActionSummary['verb']> = { POST: 'create', PUT: 'change', PATCH: 'change', DELETE: 'delete' }

/**
 * Reads an audit action: `POST /api/v1/apps/:appId/bots/:botId` → create · `bots`; named console
 * actions (`app.create`, `console.sign-in`) stay as they are.
 *
 * @example
 * ```ts
 * describeAction('DELETE /api/v1/apps/:appId/knowledge-bases/:kbId/documents/:docId') // { verb: 'delete', subject: 'knowledge-bases › documents' }
 * ```
 */
export function describeAction(action: string): ActionSummary {
  const match = /^(POST|PUT|PATCH|DELETE) (\/api\/v1\/\S*)$/.exec(action)
  if (!match) return { verb: 'other', subject: action }
  const segments = match[2]!.split('/').filter((segment) => segment !== '' && !segment.startsWith(':'))
  const resource = segments.slice(segments[2] === 'apps' ? 3 : 2)
  return { verb: VERBS[match[1]!]!, subject: resource.length > 0 ? resource.join(' › ') : 'apps' }
}
