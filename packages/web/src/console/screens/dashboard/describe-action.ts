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

/** An audit entry as the dashboard receives it (`GET …/overview`: `activity`). */
export interface ActivityEntry {
  action: string
  target: string | null
  details?: Record<string, unknown> | null
  /** The console account's name, for entries made in the console. */
  actorName?: string
  /** The current name of the bot the entry is about, when it still exists. */
  targetName?: string
}

/** What a sentence of the dashboard says: the verb, the kind of thing (last resource of the route) and its name when known. */
export interface ActivitySentence extends ActionSummary {
  /** The last resource of the route (`bots`, `documents`), or undefined for named console actions. */
  resource?: string
  /** The thing's name: what a creation answered, else its current name, else its id in the path. */
  name?: string
}

/**
 * Reads an audit entry as the parts of a sentence ("Olivia created the bot Helper"): the verb and
 * resource from the action's route, the name from what a creation recorded (`details.created`), the
 * bot's current name, or the id after the resource in the target path.
 *
 * @example
 * ```ts
 * describeActivity({ action: 'POST /api/v1/apps/:appId/bots', target: '/api/v1/apps/a/bots', details: { created: { id: 'helper', name: 'Helper' } } })
 * // { verb: 'create', subject: 'bots', resource: 'bots', name: 'Helper' }
 * ```
 */
export function describeActivity(entry: ActivityEntry): ActivitySentence {
  const summary = describeAction(entry.action)
  if (summary.verb === 'other') return summary
  const pattern = entry.action.slice(entry.action.indexOf(' ') + 1).split('/')
  const path = (entry.target ?? '').split('/')
  const resourceAt = pattern.findLastIndex((segment) => segment !== '' && !segment.startsWith(':'))
  const resource = pattern[resourceAt]
  if (resource === undefined || resourceAt < 3) return summary
  const created = entry.details?.created as { id?: unknown; name?: unknown } | undefined
  const idInPath = pattern[resourceAt + 1]?.startsWith(':') && pattern.length === path.length ? path[resourceAt + 1] : undefined
  const name = typeof created?.name === 'string' ? created.name : (entry.targetName ?? (idInPath ? decodeURIComponent(idInPath) : typeof created?.id === 'string' ? created.id : undefined))
  return { ...summary, resource, ...(name ? { name } : {}) }
}
