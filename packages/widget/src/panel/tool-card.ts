import type { ToolConfirmData } from '@warbler/sdk'
import type { WidgetLocale } from '../locale.js'
import type { WidgetTexts } from '../texts.js'

/** How answering a confirmation went (the card says it in words). */
export type ToolOutcome = 'approved' | 'declined' | 'expired' | 'answered' | 'notYours' | 'failed'

/** `cancelOrder`, `find_pet_by_id` → `cancel order`, `find pet by id`. */
export function plainWords(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase()
}

/**
 * The arguments as lines a visitor can read: `Order id: A-1001`, `Refund › method: card`. The
 * HTTP body is an implementation detail, so its fields are listed without a `body` prefix.
 */
export function argumentLines(args: Record<string, unknown>, texts: Pick<WidgetTexts, 'toolYes' | 'toolNo'>): Array<[label: string, value: string]> {
  const lines: Array<[string, string]> = []
  const label = (path: string[]) => path.map((part, index) => (index === 0 ? capitalise(plainWords(part)) : plainWords(part))).join(' › ')
  const walk = (value: unknown, path: string[], depth: number) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < 4) {
      for (const [key, inner] of Object.entries(value)) walk(inner, path.length === 0 && key === 'body' ? [] : [...path, key], depth + 1)
      return
    }
    lines.push([path.length ? label(path) : '—', valueText(value, texts)])
  }
  walk(args, [], 0)
  return lines
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function valueText(value: unknown, texts: Pick<WidgetTexts, 'toolYes' | 'toolNo'>): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'boolean') return value ? texts.toolYes : texts.toolNo
  if (Array.isArray(value)) return value.every((item) => item === null || typeof item !== 'object') ? value.map((item) => valueText(item, texts)).join(', ') : JSON.stringify(value)
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** The card's handle: the panel settles it when the bot's outcome arrives (another tab answered). */
export interface ToolCard {
  element: HTMLElement
  settle(outcome: ToolOutcome): void
}

/**
 * A bot's request to run an action that changes something: what it will do, the arguments in
 * plain words, Approve and Decline. After an answer the buttons go and the card says how it went.
 */
export function buildToolCard(
  texts: WidgetTexts,
  locale: WidgetLocale,
  botName: string,
  data: ToolConfirmData,
  decide: (approve: boolean) => Promise<ToolOutcome>,
  now: () => number = Date.now,
): ToolCard {
  const card = document.createElement('div')
  card.className = 'tool'
  card.setAttribute('role', 'group')
  const title = document.createElement('strong')
  title.id = `tool-${data.toolCallId}`
  title.textContent = texts.toolTitle
  card.setAttribute('aria-labelledby', title.id)
  const what = document.createElement('p')
  what.textContent = texts.toolWants(botName, plainWords(data.tool))
  const list = document.createElement('dl')
  for (const [label, value] of argumentLines(data.arguments, texts)) {
    const term = document.createElement('dt')
    term.textContent = label
    const detail = document.createElement('dd')
    detail.textContent = value
    list.append(term, detail)
  }
  const summary = document.createElement('p')
  summary.className = 'small'
  summary.textContent = data.summary
  card.append(title, what, list, summary)

  const status = document.createElement('p')
  status.setAttribute('role', 'status')
  status.tabIndex = -1
  const actions = document.createElement('div')
  actions.className = 'actions'
  const decline = document.createElement('button')
  decline.type = 'button'
  decline.className = 'secondary'
  decline.textContent = texts.toolDecline
  const approve = document.createElement('button')
  approve.type = 'button'
  approve.className = 'primary'
  approve.textContent = texts.toolApprove
  actions.append(decline, approve)
  let expiry: HTMLParagraphElement | undefined
  if (data.expiresAt !== undefined) {
    expiry = document.createElement('p')
    expiry.className = 'small'
    expiry.textContent = texts.toolExpiresAt(new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(data.expiresAt)))
    card.append(expiry)
  }
  card.append(actions, status)

  const words: Record<ToolOutcome, string> = {
    approved: texts.toolApproved,
    declined: texts.toolDeclined,
    expired: texts.toolExpired,
    answered: texts.toolAnswered,
    notYours: texts.toolNotYours,
    failed: texts.toolFailed,
  }
  let settled = false
  const settle = (outcome: ToolOutcome) => {
    status.textContent = words[outcome]
    if (outcome === 'failed') return
    settled = true
    const hadFocus = actions.contains(card.getRootNode() instanceof ShadowRoot ? (card.getRootNode() as ShadowRoot).activeElement : document.activeElement)
    actions.remove()
    expiry?.remove()
    // The pressed button is gone: keep the keyboard user where the answer is.
    if (hadFocus) status.focus()
  }
  let busy = false
  const answer = (yes: boolean) => {
    if (settled || busy) return
    busy = true
    approve.disabled = decline.disabled = true
    void decide(yes).then((outcome) => {
      busy = false
      approve.disabled = decline.disabled = false
      settle(outcome)
    })
  }
  approve.addEventListener('click', () => answer(true))
  decline.addEventListener('click', () => answer(false))
  if (data.expiresAt !== undefined && data.expiresAt <= now()) settle('expired')
  // While this tab's own answer is on its way, the bot's note about it must not pre-empt its words.
  return { element: card, settle: (outcome) => void (!settled && !busy && settle(outcome)) }
}
