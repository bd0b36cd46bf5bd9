import { WarblerError } from '@warbler/protocol'
import type { Bus } from '../bus/bus.js'
import { withLease, type Leases } from '../cluster/leases.js'
import type { DomainEvents } from '../domain/domain-events.js'
import type { EventRecord } from '../storage/storage.js'
import { ConcurrencyGate } from './bot-concurrency.js'
import { replyAsBot, type BotSupportHooks, type ReplyDependencies } from './bot-reply.js'
import { BOT_TEXTS } from './bot-texts.js'
import { triggerReason } from './bot-triggers.js'
import { consecutiveBotTurns, MAX_CONSECUTIVE_BOT_TURNS } from './loop-guard.js'
import { sendWelcome } from './welcome-message.js'

/** The bus channel carrying `bot.cancel` requests to the node that streams the reply. */
export const BOT_CANCEL_CHANNEL = 'warbler:bot-cancel'

/** Settings of the runtime. */
export interface BotRuntimeOptions {
  /** Replies waiting per bot beyond its concurrency before it answers "busy" (default 16). */
  maxQueuedPerBot?: number
  /** How long a reply lease lives without renewal (default 60 s; renewed while streaming). */
  leaseTtlMs?: number
  /** Consecutive bot messages after which bots stop answering bots (default 3). */
  maxBotTurns?: number
}

/**
 * Makes bots answer (and greet people in new direct conversations). It listens to stored messages (`message.created`, and a bot's stream closing
 * as `message.edited` with status `final`, so bots can answer bots), decides which bots are
 * triggered, guards against bot loops, bounds each bot's concurrency with a queue, and takes the
 * lease `bot-reply:{appId}:{conversationId}:{seq}:{botId}` so a reply is made once in a cluster
 * (the placeholder's fixed `clientMsgId` makes a second attempt a no-op as well).
 *
 * @example
 * ```ts
 * const runtime = new BotRuntime(replyDependencies, { domainEvents, bus, leases })
 * await runtime.start()
 * ```
 */
export class BotRuntime {
  private readonly gates = new Map<string, ConcurrencyGate>()
  private readonly inFlight = new Set<Promise<void>>()
  private detach: Array<() => void | Promise<void>> = []
  private stopped = false

  /** Customer service's say in whether bots answer (set by the server when it wires support). */
  set support(hooks: BotSupportHooks | undefined) {
    this.deps.support = hooks
  }
  /** A/B variants of bots (set by the server when it wires evaluations). */
  set variants(variants: ReplyDependencies['variants']) {
    this.deps.variants = variants
  }
  private readonly options: Required<BotRuntimeOptions>

  constructor(
    private readonly deps: ReplyDependencies,
    private readonly wiring: { domainEvents: DomainEvents; bus: Bus; leases: Leases },
    options: BotRuntimeOptions = {},
  ) {
    this.options = { maxQueuedPerBot: 16, leaseTtlMs: 60_000, maxBotTurns: MAX_CONSECUTIVE_BOT_TURNS, ...options }
  }

  /** Starts listening. */
  async start(): Promise<void> {
    this.detach.push(
      this.wiring.domainEvents.on('message.created', ({ appId, event }) => {
        if (event.status === 'streaming' || event.body?.type !== 'text') return
        this.track(this.dispatch(appId, event, event.seq, event.body.text, event.body.mentions ?? []))
      }),
      this.wiring.domainEvents.on('message.edited', ({ appId, event }) => {
        // A bot's stream closed: other bots may answer it (bounded by the loop guard).
        if (event.status !== 'final' || event.targetSeq === undefined || event.body?.type !== 'text') return
        this.track(this.dispatchBotFinal(appId, event, event.targetSeq, event.body.text))
      }),
      this.wiring.domainEvents.on('conversation.created', ({ appId, conversationId, kind, memberIds }) => {
        if (kind !== 'direct') return
        this.track(this.deps.bots.botsOf(appId).then((bots) => sendWelcome(this.deps.messages, bots, appId, conversationId, memberIds)))
      }),
    )
    const unsubscribe = await this.wiring.bus.subscribe(BOT_CANCEL_CHANNEL, (payload) => {
      try {
        const { appId, conversationId, seq } = JSON.parse(payload) as { appId: string; conversationId: string; seq: number }
        this.deps.active.cancel(appId, conversationId, seq)
      } catch {
        // not ours
      }
    })
    this.detach.push(unsubscribe)
  }

  /**
   * Cancels a streaming reply: at once when it streams on this node, else through the bus on the
   * node that streams it. Resolves true when it was found here.
   */
  async cancel(appId: string, conversationId: string, seq: number): Promise<boolean> {
    if (this.deps.active.cancel(appId, conversationId, seq)) return true
    await this.wiring.bus.publish(BOT_CANCEL_CHANNEL, JSON.stringify({ appId, conversationId, seq }))
    return false
  }

  /** Stops listening, aborts streaming replies (they finalise with the text so far) and waits for them. */
  async stop(): Promise<void> {
    this.stopped = true
    for (const detach of this.detach.splice(0)) await detach()
    this.deps.active.cancelAll()
    await Promise.allSettled([...this.inFlight])
  }

  /** Resolves when no reply is being made (tests). */
  async idle(): Promise<void> {
    for (let round = 0; round < 100 && this.inFlight.size > 0; round++) await Promise.allSettled([...this.inFlight])
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((error) => {
        // A reply that raced a hand-off is refused by the ownership check: expected, not a failure.
        if (WarblerError.isInstance(error) && error.code === 'conflict') this.deps.logger.info({ err: error }, 'bot reply not posted: a person owns the conversation')
        else this.deps.logger.error({ err: error }, 'bot runtime failed')
      })
      .finally(() => this.inFlight.delete(tracked))
    this.inFlight.add(tracked)
  }

  private async dispatchBotFinal(appId: string, edit: EventRecord, targetSeq: number, text: string): Promise<void> {
    const bots = await this.deps.bots.botsOf(appId)
    if (!bots.some((bot) => bot.id === edit.senderId)) return
    const target = await this.deps.storage.events.get(appId, edit.conversationId, targetSeq)
    if (!target || target.kind !== 'message') return
    await this.dispatch(appId, { ...target, status: 'final' }, targetSeq, text, [])
  }

  private async dispatch(appId: string, event: EventRecord, triggerSeq: number, text: string, mentions: readonly string[]): Promise<void> {
    if (this.stopped) return
    const bots = await this.deps.bots.botsOf(appId)
    if (bots.length === 0) return
    const candidates = bots.filter((bot) => bot.id !== event.senderId)
    if (candidates.length === 0) return
    const conversation = await this.deps.storage.conversations.get(appId, event.conversationId)
    if (!conversation || conversation.dissolvedAt !== null) return
    const members = new Set(await this.deps.storage.conversations.memberIds(appId, event.conversationId))
    const botIds = new Set(bots.map((bot) => bot.id))
    const triggered = candidates.filter(
      (bot) => members.has(bot.id) && triggerReason(bot.id, bot.config, { conversationKind: conversation.kind, senderId: event.senderId, text, mentions }) !== undefined,
    )
    if (triggered.length === 0) return
    if (this.deps.support) {
      const own = triggered.filter((bot) => bot.config.handoffPhrases !== undefined).flatMap((bot) => bot.config.handoffPhrases!)
      if (!(await this.deps.support.beforeBotReply(appId, event, botIds, triggered.some((bot) => bot.config.handoffPhrases !== undefined) ? own : undefined))) return
    }
    if (botIds.has(event.senderId)) {
      const { events } = await this.deps.storage.events.range(appId, event.conversationId, { beforeSeq: triggerSeq + 1, limit: this.options.maxBotTurns + 2 })
      if (consecutiveBotTurns(events, (id) => botIds.has(id)) >= this.options.maxBotTurns) {
        this.deps.logger.info({ appId, conversationId: event.conversationId, seq: triggerSeq }, 'bot loop guard: not answering another bot')
        return
      }
    }
    await Promise.all(
      triggered.map(async (bot) => {
        const gateKey = `${appId}:${bot.id}`
        let gate = this.gates.get(gateKey)
        if (!gate) this.gates.set(gateKey, (gate = new ConcurrencyGate(bot.config.maxConcurrency, this.options.maxQueuedPerBot)))
        gate.setLimit(bot.config.maxConcurrency)
        const request = { bot, appId, conversationId: event.conversationId, group: conversation.kind === 'group', triggerSeq, userId: event.senderId, text }
        const ran = await gate.tryRun(async () => {
          await withLease(this.wiring.leases, `bot-reply:${appId}:${event.conversationId}:${triggerSeq}:${bot.id}`, this.options.leaseTtlMs, () => replyAsBot(this.deps, request))
        })
        if (!ran) {
          await this.deps.messages.append({
            appId, conversationId: event.conversationId, senderId: bot.id, kind: 'message', body: { type: 'text', text: BOT_TEXTS.busy }, status: 'final',
            clientMsgId: `bot-reply:${event.conversationId}:${triggerSeq}`, ext: { error: 'busy' }, ts: Date.now(),
          })
        }
      }),
    )
  }
}
