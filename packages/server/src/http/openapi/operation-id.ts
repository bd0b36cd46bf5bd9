/**
 * The one place operationIds and tags come from. Generated clients name their methods after the
 * operationId (`client.createUser`, `UsersApi.listUsers`), so it is derived from the route's method
 * and URL by fixed rules, and a route added later gets a readable one without doing anything:
 *
 * - the `/api/v1/apps/{appId}` prefix is dropped (every app route has it);
 * - `GET` a collection → `list<Plural>`, `POST` it → `create<Singular>`; an item (a segment followed by
 *   a parameter) → `get` / `update` (PATCH) / `set` (PUT) / `delete` `<Singular>`;
 * - a trailing action segment (`…/transfer`, `…/replay`, `…/sync`) → `<verb><Object>`;
 * - the object is named by the last two resources of the path (`listConversationMessages`,
 *   `replayWebhookDelivery`); an app-level singleton keeps `App` (`getAppSettings`).
 *
 * A route may still name its own (`openapi.operationId`); names are made unique in `assignOperationIds`.
 */

/** Trailing segments that are verbs rather than resources, with the verb they become. */
const ACTION_VERBS: Readonly<Record<string, string>> = {
  edit: 'edit',
  recall: 'recall',
  transfer: 'transfer',
  dissolve: 'dissolve',
  replay: 'replay',
  search: 'search',
  sync: 'sync',
  handoff: 'handOff',
  erase: 'erase',
  export: 'export',
  'import-openapi': 'importOpenApi',
  decision: 'decide',
  verify: 'verify',
  rotate: 'rotate',
  cancel: 'cancel',
  retry: 'retry',
  test: 'test',
  resolve: 'resolve',
  reopen: 'reopen',
  snooze: 'snooze',
  assign: 'assign',
  publish: 'publish',
  run: 'run',
}

/** Words that end in `s` but name one thing. */
const SINGULAR_WORDS = new Set(['settings', 'preferences', 'analytics', 'status', 'jwks', 'news', 'stats', 'metrics', 'access', 'address'])

/** Words with no plural that name a collection (`GET /feedback` lists feedback). */
const MASS_NOUNS = new Set(['feedback'])

/** Words spelled differently from plain capitalisation. */
const SPELLINGS: Readonly<Record<string, string>> = { openapi: 'OpenApi', asyncapi: 'AsyncApi', oauth: 'OAuth', sso: 'Sso' }

interface Step {
  /** The static segment, without a file extension (`jwks.json` → `jwks`). */
  name: string
  /** The segment is followed by a path parameter: it names one item of a collection. */
  item: boolean
}

function capitalise(word: string): string {
  return SPELLINGS[word] ?? word.charAt(0).toUpperCase() + word.slice(1)
}

function pascal(segment: string): string {
  return segment.split(/[-_.]/).filter(Boolean).map(capitalise).join('')
}

function lastWord(segment: string): string {
  return segment.split(/[-_.]/).at(-1) ?? segment
}

function isPlural(segment: string): boolean {
  const word = lastWord(segment)
  if (MASS_NOUNS.has(word)) return true
  return word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !SINGULAR_WORDS.has(word)
}

function singular(segment: string): string {
  if (!isPlural(segment) || MASS_NOUNS.has(lastWord(segment))) return segment
  const head = segment.slice(0, segment.length - lastWord(segment).length)
  const word = lastWord(segment)
  if (word.endsWith('ies')) return `${head}${word.slice(0, -3)}y`
  if (/(ches|shes|xes|sses)$/.test(word)) return `${head}${word.slice(0, -2)}`
  return `${head}${word.slice(0, -1)}`
}

/** The route's static segments after `/api/v1` (and after `/apps/:appId` for app routes). */
function stepsOf(url: string): { steps: Step[]; appScoped: boolean } {
  let segments = url.split('/').filter(Boolean)
  if (segments[0] === 'api') segments = segments.slice(1)
  if (/^v\d+$/.test(segments[0] ?? '')) segments = segments.slice(1)
  const appScoped = segments[0] === 'apps' && isParameter(segments[1]) && segments.length > 2
  if (appScoped) segments = segments.slice(2)
  const steps: Step[] = []
  for (const segment of segments) {
    if (isParameter(segment)) {
      const previous = steps.at(-1)
      if (previous) previous.item = true
      continue
    }
    steps.push({ name: segment.replace(/\.(json|yaml|js)$/, ''), item: false })
  }
  return { steps, appScoped }
}

function isParameter(segment: string | undefined): boolean {
  return segment !== undefined && (segment.startsWith(':') || segment.startsWith('{') || segment === '*')
}

/** The noun a step contributes when it is not the target: singular (`/visitors/lead` → `VisitorLead`). */
function contextNoun(step: Step): string {
  return pascal(singular(step.name))
}

const ITEM_VERBS: Readonly<Record<string, string>> = { GET: 'get', PATCH: 'update', PUT: 'set', DELETE: 'delete', POST: 'create' }
const COLLECTION_VERBS: Readonly<Record<string, string>> = { GET: 'list', PATCH: 'update', PUT: 'set', DELETE: 'delete', POST: 'create' }

/**
 * The operationId of a route derived from its method and URL (Fastify `:param` or OpenAPI `{param}`).
 * `depth` is how many resources of the path name the object (2 reads well; the whole path is unique).
 *
 * @example
 * ```ts
 * deriveOperationId('GET', '/api/v1/apps/:appId/conversations/:conversationId/messages') // 'listConversationMessages'
 * deriveOperationId('POST', '/api/v1/apps/:appId/webhooks/:webhookId/deliveries/:deliveryId/replay') // 'replayWebhookDelivery'
 * ```
 */
export function deriveOperationId(method: string, url: string, depth = 2): string {
  const { steps, appScoped } = stepsOf(url)
  const upper = method.toUpperCase()
  const target = steps.at(-1)
  if (!target) return `${upper.toLowerCase()}Root`
  const action = !target.item && steps.length > 1 ? ACTION_VERBS[target.name] : undefined
  if (action) {
    const objects = steps.slice(0, -1).slice(-depth)
    const last = objects.at(-1)
    // A collection-level action keeps the plural: `importOpenApiTools`, but `searchKnowledgeBase`.
    const nouns = objects.map((step) => (step === last && !step.item && isPlural(step.name) ? pascal(step.name) : contextNoun(step)))
    return `${action}${nouns.join('')}`
  }
  let verb: string
  let noun: string
  if (target.item) {
    verb = ITEM_VERBS[upper] ?? upper.toLowerCase()
    noun = pascal(singular(target.name))
  } else if (isPlural(target.name)) {
    verb = COLLECTION_VERBS[upper] ?? upper.toLowerCase()
    noun = pascal(upper === 'POST' ? singular(target.name) : target.name)
  } else {
    verb = ITEM_VERBS[upper] ?? upper.toLowerCase()
    noun = pascal(target.name)
  }
  const parents = steps.slice(0, -1).slice(-(depth - 1)).map(contextNoun)
  if (depth < 2) parents.length = 0
  if (steps.length === 1 && appScoped && !target.item && !isPlural(target.name)) parents.unshift('App')
  return `${verb}${parents.join('')}${noun}`
}

/**
 * The tag of a route: the first resource of its path (`users`, `knowledge-bases`, `support`), `apps`
 * for the app itself and its singletons.
 */
export function deriveTag(url: string): string {
  const { steps, appScoped } = stepsOf(url)
  const first = steps[0]
  if (!first) return 'apps'
  if (appScoped && steps.length === 1 && !first.item && !isPlural(first.name)) return 'apps'
  return first.name
}

/** One operation to name: its method, URL and the operationId it asks for, if any. */
export interface OperationKey {
  method: string
  url: string
  operationId?: string | undefined
}

/**
 * operationIds for a list of operations, in order, all distinct: explicit ones are kept (two equal
 * explicit ids are a programming error and throw); derived ones that collide are named by their whole
 * path, then numbered.
 */
export function assignOperationIds(operations: readonly OperationKey[]): string[] {
  const explicit = new Set<string>()
  for (const operation of operations) {
    if (!operation.operationId) continue
    if (explicit.has(operation.operationId)) throw new Error(`Two routes declare operationId ${operation.operationId}`)
    explicit.add(operation.operationId)
  }
  const short = operations.map((operation) => operation.operationId ?? deriveOperationId(operation.method, operation.url))
  const counts = new Map<string, number>()
  for (const id of short) counts.set(id, (counts.get(id) ?? 0) + 1)
  const taken = new Set<string>(explicit)
  return operations.map((operation, index) => {
    if (operation.operationId) return operation.operationId
    let id = short[index]!
    if (counts.get(id)! > 1 || explicit.has(id)) id = deriveOperationId(operation.method, operation.url, Number.POSITIVE_INFINITY)
    let unique = id
    for (let suffix = 2; taken.has(unique); suffix += 1) unique = `${id}${suffix}`
    taken.add(unique)
    return unique
  })
}
