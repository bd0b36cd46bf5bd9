/**
 * The widget's panel, loaded with `import()` when the visitor opens the chat: one conversation with
 * the app's support bot (and, after a hand-off, its agents) over `@warbler/sdk`, inside the loader's
 * shadow root.
 */
import { newClientMsgId, toolConfirmOf, WarblerClient, type Message, type MessageDelta, type ToolConfirmData } from '@warbler/sdk'
import type { MountPanel, PanelHandle, PanelOptions, WidgetIdentity } from '../contract.js'
import { adoptCss } from '../styles.js'
import { errorText, textsFor } from '../texts.js'
import { renderMessage, type MessageViewContext } from './message-view.js'
import { buildPanelDom } from './panel-dom.js'
import { PANEL_CSS } from './panel-css.js'
import { buildAwayCard, type Availability } from './away-card.js'
import { buildCsatPrompt } from './csat-prompt.js'
import { buildPreChatForm, type PreChatAnswers } from './prechat-form.js'
import { restCall, WidgetRequestError } from './rest.js'
import { buildToolCard, type ToolCard, type ToolOutcome } from './tool-card.js'
import { buildNotifyToggle, notificationsSupported } from './notify-toggle.js'
import { VisitorSession, type VisitorGrant } from './visitor-session.js'
import { buildAnswerFeedback, type GivenFeedback } from './answer-feedback.js'

const leadKey = (appId: string, userId: string) => `warbler.widget.${appId}.lead.${userId}`
const csatKey = (appId: string, conversationId: string, seq: number) => `warbler.widget.${appId}.csat.${conversationId}.${seq}`
const feedbackKey = (appId: string, conversationId: string, seq: number) => `warbler.widget.${appId}.feedback.${conversationId}.${seq}`

class Panel implements PanelHandle {
  readonly #options: PanelOptions
  readonly #texts
  readonly #dom
  readonly #session: VisitorSession
  readonly #messages = new Map<number, Message>()
  readonly #elements = new Map<number, HTMLElement>()
  readonly #pending = new Map<string, HTMLElement>()
  readonly #agentNames = new Map<string, string>()
  readonly #unread = new Set<number>()
  readonly #toolCards = new Map<string, { node: HTMLElement; card: ToolCard }>()
  /** Tool calls the bot already reported on (another tab or an earlier visit answered them). */
  readonly #answeredCalls = new Set<string>()
  #client: WarblerClient | undefined
  #grant: VisitorGrant | undefined
  #starting: Promise<void> | undefined
  #open = false
  #preChat: HTMLFormElement | undefined
  #csat: { seq: number; form: HTMLFormElement } | undefined
  #away: HTMLFormElement | undefined

  constructor(options: PanelOptions) {
    this.#options = options
    this.#texts = textsFor(options.locale)
    this.#session = new VisitorSession(options.base, options.appId, options.locale, options.identity)
    adoptCss(options.root, PANEL_CSS)
    this.#dom = buildPanelDom(this.#texts, options.config.bot?.name ?? 'Chat', options.config.theme.position)
    options.root.querySelector('.w')?.appendChild(this.#dom.panel)
    // Only when the site opted in by hosting the worker (data-push-worker), and the browser can.
    if (options.pushWorker && notificationsSupported()) {
      this.#dom.banner.after(
        buildNotifyToggle(this.#texts, options.appId, options.pushWorker, async () => {
          await this.#start()
          return this.#client
        }),
      )
    }
    this.#wire()
    this.#greeting()
    // Loaded by a returning visitor's idle prefetch: connect now so unread answers reach the badge.
    void this.#start()
  }

  open(): void {
    this.#open = true
    this.#dom.panel.hidden = false
    void this.#start().then(() => this.#markRead())
    ;(this.#preChat?.querySelector('input') ?? this.#dom.input).focus()
    this.#scroll()
  }

  close(): void {
    this.#open = false
    this.#dom.panel.hidden = true
  }

  identify(identity: WidgetIdentity): void {
    this.#session.identify(identity)
    // A different user: start over with their conversation.
    const client = this.#client
    this.#client = undefined
    this.#grant = undefined
    this.#starting = undefined
    void client?.close()
    for (const element of this.#elements.values()) element.remove()
    this.#messages.clear()
    this.#elements.clear()
    this.#toolCards.clear()
    this.#answeredCalls.clear()
    this.#unread.clear()
    this.#options.onUnread(0)
    void this.#start()
  }

  #wire(): void {
    const { dom } = { dom: this.#dom }
    dom.close.addEventListener('click', () => this.#options.onClose())
    dom.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.#options.onClose()
    })
    dom.composer.addEventListener('submit', (event) => {
      event.preventDefault()
      this.#sendText()
    })
    dom.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault()
        this.#sendText()
      }
    })
    dom.input.addEventListener('input', () => {
      if (this.#grant && this.#client && dom.input.value !== '') this.#client.typing.start(this.#grant.conversationId)
    })
    dom.attach.addEventListener('click', () => dom.file.click())
    dom.file.addEventListener('change', () => {
      const file = dom.file.files?.[0]
      dom.file.value = ''
      if (file) void this.#upload(file)
    })
  }

  #greeting(): void {
    const { greeting } = this.#options.config.theme
    const text = greeting[this.#options.locale] ?? greeting.en
    if (!text) return
    const node = document.createElement('div')
    node.className = 'greeting'
    node.textContent = text
    this.#dom.log.appendChild(node)
  }

  #banner(text: string | undefined): void {
    this.#dom.banner.hidden = !text
    this.#dom.banner.textContent = text ?? ''
  }

  #start(): Promise<void> {
    this.#starting ??= this.#connect().catch((error: unknown) => {
      this.#starting = undefined
      this.#banner(errorText(this.#texts, error instanceof WidgetRequestError ? error.code : (error as { code?: string }).code))
    })
    return this.#starting
  }

  async #connect(): Promise<void> {
    this.#dom.status.textContent = this.#texts.connecting
    const grant = await this.#session.grant()
    this.#grant = grant
    this.#banner(undefined)
    const client = new WarblerClient({
      url: this.#options.base,
      token: grant.token,
      // Visitor tokens are short-lived: the SDK asks for a new one on token_expired.
      getToken: async () => {
        const next = await this.#session.grant()
        this.#grant = next
        return next.token
      },
    })
    this.#client = client
    client.on('message', (message) => this.#onMessage(message))
    client.on('notice', (message) => this.#onMessage(message))
    client.on('message-update', (message) => this.#onMessage(message))
    client.on('message-delta', (delta) => this.#onDelta(delta))
    client.on('typing', (notice) => {
      if (notice.conversationId !== grant.conversationId || notice.userId === grant.userId) return
      this.#dom.typing.textContent = notice.active ? this.#texts.typing(this.#nameOf(notice.userId)) : ''
    })
    client.on('receipt', (receipt) => {
      if (receipt.conversationId !== grant.conversationId || receipt.userId === grant.userId || receipt.readSeq === undefined) return
      this.#showRead(receipt.readSeq)
    })
    client.on('connection-state-change', ({ state }) => {
      this.#dom.status.textContent = state === 'connected' ? '' : this.#texts.connecting
      if (state === 'disconnected') this.#banner(this.#texts.offline)
      else if (state === 'connected') this.#banner(undefined)
    })
    client.on('send-failed', ({ clientMsgId }) => this.#pending.get(clientMsgId)?.classList.add('failed'))
    await client.connect()
    const page = await client.history(grant.conversationId, { beforeSeq: Number.MAX_SAFE_INTEGER, limit: 50 })
    for (const message of page.messages) this.#onMessage(message, true)
    this.#maybePreChat(grant)
    if (this.#open) this.#markRead()
  }

  #nameOf(userId: string): string {
    if (userId === this.#grant?.bot.id) return this.#grant.bot.name
    return this.#agentNames.get(userId) ?? this.#texts.agent
  }

  #viewContext(): MessageViewContext {
    const grant = this.#grant!
    return {
      texts: this.#texts,
      selfId: grant.userId,
      botId: grant.bot.id,
      botName: grant.bot.name,
      agentName: (userId) => this.#agentNames.get(userId),
      absolute: (url) => (url.startsWith('/') ? `${this.#options.base}${url}` : url),
      fileUrl: async (fileId) => {
        const answer = await restCall<{ url: string }>(this.#options.base, `/api/v1/apps/${encodeURIComponent(this.#options.appId)}/files/${encodeURIComponent(fileId)}/url`, { token: await this.#token() })
        return answer.url.startsWith('/') ? `${this.#options.base}${answer.url}` : answer.url
      },
      feedbackFor: (message) => this.#feedbackFor(message),
    }
  }

  /** 👍/👎 under each finished answer of the bot, sent with the visitor's token to the feedback route. */
  #feedbackFor(message: Message): HTMLElement | undefined {
    const grant = this.#grant!
    if (message.senderId !== grant.bot.id || message.kind !== 'message' || message.status !== 'final' || message.recalledAt || message.body?.type !== 'text') return undefined
    const key = feedbackKey(this.#options.appId, message.conversationId, message.seq)
    let given: GivenFeedback | undefined
    try {
      given = JSON.parse(localStorage.getItem(key) ?? 'null') ?? undefined
    } catch {
      given = undefined
    }
    return buildAnswerFeedback(this.#texts, given, async (input) => {
      try {
        await restCall(this.#options.base, `/api/v1/apps/${encodeURIComponent(this.#options.appId)}/conversations/${encodeURIComponent(message.conversationId)}/messages/${message.seq}/feedback`, {
          method: 'POST',
          token: await this.#token(),
          json: input,
        })
      } catch (error) {
        throw new Error(error instanceof WidgetRequestError && error.code !== 'unavailable' ? errorText(this.#texts, error.code) : this.#texts.feedbackFailed)
      }
      try {
        localStorage.setItem(key, JSON.stringify({ rating: input.rating, ...(input.reason ? { reason: input.reason } : {}) }))
      } catch {
        // Not kept past a reload; the server has it.
      }
    })
  }

  /** A token with at least a minute left (REST calls; the WebSocket refreshes on its own). */
  async #token(): Promise<string> {
    if (!this.#grant || this.#grant.expiresAt - Date.now() < 60_000) this.#grant = await this.#session.grant()
    return this.#grant.token
  }

  #onMessage(message: Message, fromHistory = false): void {
    const grant = this.#grant
    if (!grant || message.conversationId !== grant.conversationId) return
    const known = this.#messages.has(message.seq)
    this.#messages.set(message.seq, message)
    const data = message.data as { support?: string; assigneeId?: string; assigneeName?: string } | undefined
    if (data?.assigneeId && data.assigneeName) this.#agentNames.set(data.assigneeId, data.assigneeName)
    if (message.senderId !== grant.userId && message.kind === 'message') this.#dom.typing.textContent = ''
    const answeredCall = (message.ext as { toolCallId?: unknown } | undefined)?.toolCallId
    if (typeof answeredCall === 'string' && message.senderId === grant.bot.id) {
      this.#answeredCalls.add(answeredCall)
      this.#toolCards.get(answeredCall)?.card.settle('answered')
    }
    this.#render(message)
    if (data?.support) this.#supportChanged(message.seq, data.support)
    if (data?.support === 'assigned') this.#clearAway()
    if (data?.support === 'handoff' && !known && !fromHistory) void this.#checkAvailability()
    if (!known && !fromHistory && message.kind === 'message' && message.senderId !== grant.userId) {
      if (this.#open && document.visibilityState === 'visible') this.#markRead()
      else {
        this.#unread.add(message.seq)
        this.#options.onUnread(this.#unread.size)
      }
    }
  }

  /** After a resolution (the latest support notice), ask for a rating once; a reopen takes the prompt away. */
  #supportChanged(seq: number, status: string): void {
    if (this.#csat && this.#csat.seq > seq) return
    this.#csat?.form.remove()
    this.#csat = undefined
    const grant = this.#grant!
    if (status !== 'resolved' || this.#rated(grant.conversationId, seq)) return
    const form = buildCsatPrompt(this.#texts, async (rating, comment) => {
      try {
        await restCall(this.#options.base, `/api/v1/apps/${encodeURIComponent(this.#options.appId)}/visitors/csat`, {
          method: 'POST',
          token: await this.#token(),
          json: { conversationId: grant.conversationId, rating, ...(comment ? { comment } : {}) },
        })
      } catch (error) {
        // Rated already (another tab): thank the visitor all the same.
        if (!(error instanceof WidgetRequestError && error.code === 'conflict')) throw new Error(errorText(this.#texts, (error as WidgetRequestError).code))
      }
      try {
        localStorage.setItem(csatKey(this.#options.appId, grant.conversationId, seq), String(rating))
      } catch {
        // Shown again after a reload; the server refuses a second rating.
      }
    })
    this.#csat = { seq, form }
    this.#dom.log.appendChild(form)
    this.#scroll()
  }

  /** After a hand-off: when nobody can answer now, say when someone will and offer to answer by email. */
  async #checkAvailability(): Promise<void> {
    let availability: Availability
    try {
      availability = await restCall<Availability>(this.#options.base, `/api/v1/apps/${encodeURIComponent(this.#options.appId)}/widget/availability`)
    } catch {
      return
    }
    if (availability.agentsAvailable || this.#away) return
    const { consent } = this.#options.config.preChat
    this.#away = buildAwayCard(this.#texts, this.#options.locale, availability, consent[this.#options.locale] ?? consent.en, async (email, agreed) => {
      try {
        await restCall(this.#options.base, `/api/v1/apps/${encodeURIComponent(this.#options.appId)}/visitors/lead`, { method: 'POST', token: await this.#token(), json: { email, consent: agreed } })
      } catch (error) {
        throw new Error(error instanceof WidgetRequestError && error.code === 'validation_failed' ? error.message.replace(/^[a-z]+: /, '') : errorText(this.#texts, (error as WidgetRequestError).code))
      }
    })
    this.#dom.log.appendChild(this.#away)
    this.#scroll()
  }

  #clearAway(): void {
    this.#away?.remove()
    this.#away = undefined
  }

  #rated(conversationId: string, seq: number): boolean {
    try {
      return localStorage.getItem(csatKey(this.#options.appId, conversationId, seq)) !== null
    } catch {
      return false
    }
  }

  #render(message: Message): void {
    const confirm = message.recalledAt ? undefined : toolConfirmOf(message.body)
    const node = confirm ? this.#toolNode(message, confirm) : renderMessage(message, this.#viewContext())
    const pending = message.clientMsgId ? this.#pending.get(message.clientMsgId) : undefined
    const existing = this.#elements.get(message.seq) ?? pending
    if (pending && message.clientMsgId) this.#pending.delete(message.clientMsgId)
    if (existing === node) return
    if (existing) existing.replaceWith(node)
    else this.#insert(node, message.seq)
    this.#elements.set(message.seq, node)
    this.#scroll()
  }

  /** A `tool.confirm` message: one card per tool call, kept across re-renders so its answer stays. */
  #toolNode(message: Message, data: ToolConfirmData): HTMLElement {
    const known = this.#toolCards.get(data.toolCallId)
    if (known) return known.node
    const grant = this.#grant!
    const node = document.createElement('div')
    node.className = 'msg wide'
    node.dataset.seq = String(message.seq)
    const who = document.createElement('span')
    who.className = 'who'
    who.textContent = this.#nameOf(message.senderId)
    const card = buildToolCard(this.#texts, this.#options.locale, grant.bot.name, data, (approve) => this.#decide(data, approve))
    node.append(who, card.element)
    if (this.#answeredCalls.has(data.toolCallId)) card.settle('answered')
    this.#toolCards.set(data.toolCallId, { node, card })
    return node
  }

  /** Answers a confirmation as the visitor, with the visitor's token and the exact arguments shown. */
  async #decide(data: ToolConfirmData, approve: boolean): Promise<ToolOutcome> {
    const client = this.#client
    if (!client) return 'failed'
    try {
      await client.tools.decide(data.toolCallId, { approve, arguments: data.arguments })
      return approve ? 'approved' : 'declined'
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string }
      if (code === 'forbidden') return 'notYours'
      if (code === 'conflict') return /expired/i.test(message ?? '') ? 'expired' : 'answered'
      return 'failed'
    }
  }

  #insert(node: HTMLElement, seq: number): void {
    // Keep seq order: history pages and live events may arrive in any order.
    const after = [...this.#elements.entries()].filter(([other]) => other > seq).sort(([a], [b]) => a - b)[0]
    if (after) this.#dom.log.insertBefore(node, after[1])
    else this.#dom.log.appendChild(node)
  }

  #onDelta(delta: MessageDelta): void {
    const message = this.#messages.get(delta.seq)
    if (!message || message.conversationId !== delta.conversationId || message.body?.type !== 'text') return
    const text = message.body.text.slice(0, delta.offset) + delta.text
    const next: Message = { ...message, body: { ...message.body, text } }
    this.#messages.set(delta.seq, next)
    this.#render(next)
  }

  #showRead(readSeq: number): void {
    for (const [seq, element] of this.#elements) {
      const message = this.#messages.get(seq)
      if (!message || message.senderId !== this.#grant?.userId || seq > readSeq || element.querySelector('.meta')) continue
      const meta = document.createElement('span')
      meta.className = 'meta'
      meta.textContent = this.#texts.read
      element.appendChild(meta)
    }
  }

  #markRead(): void {
    const grant = this.#grant
    const client = this.#client
    if (!grant || !client) return
    const last = Math.max(0, ...[...this.#messages.keys()])
    this.#unread.clear()
    this.#options.onUnread(0)
    if (last > 0) void client.markRead(grant.conversationId, last).catch(() => undefined)
  }

  #scroll(): void {
    this.#dom.log.scrollTop = this.#dom.log.scrollHeight
  }

  #sendText(): void {
    const text = this.#dom.input.value.trim()
    if (!text) return
    this.#dom.input.value = ''
    void this.#send({ type: 'text', text }, text)
  }

  async #send(body: Parameters<WarblerClient['send']>[1], preview: string): Promise<void> {
    await this.#start()
    const client = this.#client
    const grant = this.#grant
    if (!client || !grant) return
    const clientMsgId = newClientMsgId()
    const node = document.createElement('div')
    node.className = 'msg me'
    const bubble = document.createElement('div')
    bubble.className = 'bubble'
    bubble.textContent = preview
    node.appendChild(bubble)
    this.#pending.set(clientMsgId, node)
    this.#dom.log.appendChild(node)
    this.#scroll()
    const retry = () => {
      node.removeEventListener('click', retry)
      node.classList.remove('failed')
      void client.send(grant.conversationId, body, { clientMsgId }).catch(() => {
        node.classList.add('failed')
        node.addEventListener('click', retry)
      })
    }
    try {
      await client.send(grant.conversationId, body, { clientMsgId })
    } catch {
      node.classList.add('failed')
      node.title = this.#texts.failed
      node.addEventListener('click', retry)
    }
  }

  async #upload(file: File): Promise<void> {
    await this.#start()
    const grant = this.#grant
    if (!grant) return
    this.#banner(this.#texts.uploading(file.name))
    try {
      const form = new FormData()
      form.append('conversationId', grant.conversationId)
      form.append('file', file, file.name)
      const uploaded = await restCall<{ id: string; name: string; mime: string; size: number; width: number | null; height: number | null }>(
        this.#options.base,
        `/api/v1/apps/${encodeURIComponent(this.#options.appId)}/files`,
        { method: 'POST', token: await this.#token(), body: form },
      )
      this.#banner(undefined)
      const image = uploaded.mime.startsWith('image/')
      await this.#send(
        image
          ? { type: 'image', fileId: uploaded.id, name: uploaded.name, mime: uploaded.mime, size: uploaded.size, ...(uploaded.width ? { width: uploaded.width } : {}), ...(uploaded.height ? { height: uploaded.height } : {}) }
          : { type: 'file', fileId: uploaded.id, name: uploaded.name, mime: uploaded.mime, size: uploaded.size },
        uploaded.name,
      )
    } catch {
      this.#banner(this.#texts.uploadFailed)
    }
  }

  #maybePreChat(grant: VisitorGrant): void {
    const { preChat } = this.#options.config
    const answered = (() => {
      try {
        return localStorage.getItem(leadKey(this.#options.appId, grant.userId)) !== null
      } catch {
        return false
      }
    })()
    if (!preChat.enabled || answered || grant.identified || this.#messages.size > 0 || this.#preChat) return
    this.#dom.composer.hidden = true
    this.#preChat = buildPreChatForm(this.#texts, this.#options.locale, preChat, (answers) => this.#submitLead(answers))
    this.#dom.log.after(this.#preChat)
  }

  async #submitLead(answers: PreChatAnswers): Promise<void> {
    try {
      await restCall(this.#options.base, `/api/v1/apps/${encodeURIComponent(this.#options.appId)}/visitors/lead`, { method: 'POST', token: await this.#token(), json: answers })
    } catch (error) {
      throw new Error(error instanceof WidgetRequestError && error.code === 'validation_failed' ? error.message.replace(/^[a-z]+: /, '') : errorText(this.#texts, (error as WidgetRequestError).code))
    }
    try {
      localStorage.setItem(leadKey(this.#options.appId, this.#grant!.userId), String(Date.now()))
    } catch {
      // The form shows again next time; harmless.
    }
    this.#preChat?.remove()
    this.#preChat = undefined
    this.#dom.composer.hidden = false
    this.#dom.input.focus()
  }
}

/** Mounts the panel into the loader's shadow root. */
export const mountPanel: MountPanel = (options) => new Panel(options)
