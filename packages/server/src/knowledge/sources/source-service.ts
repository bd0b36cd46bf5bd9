import { chunkHash, sourceTag, validateSourceSettings, type KnowledgeService, type SyncedDocuments } from '@warbler/ai'
import { WarblerError } from '@warbler/protocol'
import { newId } from '../../domain/ids.js'
import type { KnowledgeCurationRecord, KnowledgeSourceRecord, KnowledgeSourceStore } from '../../storage/knowledge-source-store.js'
import type { Clock } from '../../support/clock.js'
import { nextRunAt, spreadOffsetMs } from './schedule.js'
import { newRun, type SourceScheduler } from './source-scheduler.js'
import { toCurationView, toRunView, toSourceView, type SourceRunView, type SourceView } from './source-views.js'

/** What a new source may say. */
export interface SourceInput {
  kind: string
  url: string
  everyMinutes?: number | null
  include?: string[]
  exclude?: string[]
  depth?: number
  maxPages?: number
  basePath?: string
  /** A bearer token (FastGPT API file library); kept sealed, never shown. */
  token?: string
  /** Start paused (no first sync). */
  paused?: boolean
}

/** What a curation may say. */
export interface CurationInput {
  documentId: string
  /** The chunk an `edit` or `disable` applies to (a pin may name one to anchor to). */
  chunkId?: string
  action: 'edit' | 'disable' | 'pin'
  text?: string
  question?: string
  answer?: string
}

/** Schedules accepted: every 5 minutes to once a week. */
const MIN_EVERY_MINUTES = 5
const MAX_EVERY_MINUTES = 7 * 24 * 60
/** Sources per knowledge base. */
const MAX_SOURCES_PER_KB = 50

/**
 * Knowledge sources of the apps' knowledge bases: create (a first sync is queued), pause, resume,
 * change, delete (its documents go too), sync now, runs; and curations of passages, applied at
 * once and kept across re-syncs. Every call takes the app id and checks the knowledge base is the
 * app's.
 */
export class KnowledgeSourceService {
  constructor(
    private readonly deps: {
      store: KnowledgeSourceStore
      knowledge: KnowledgeService
      documents: SyncedDocuments
      scheduler: SourceScheduler
      clock: Clock
      /** Seals a source's token with the app's data key. */
      seal: (appId: string, secret: string) => Promise<string>
    },
  ) {}

  /** Adds a source to a knowledge base and queues its first sync (unless `paused`). */
  async create(appId: string, kbId: string, input: SourceInput): Promise<SourceView & { lastRun?: SourceRunView }> {
    await this.deps.knowledge.getKnowledgeBase(appId, kbId)
    const { kind, settings } = validateSourceSettings(input.kind, input)
    const everyMinutes = validateEvery(input.everyMinutes)
    if (input.token !== undefined && (typeof input.token !== 'string' || input.token === '' || input.token.length > 4096)) {
      throw new WarblerError('validation_failed', 'token must be 1 to 4,096 characters.')
    }
    if ((await this.deps.store.listSources(appId, kbId)).length >= MAX_SOURCES_PER_KB) {
      throw new WarblerError('validation_failed', `A knowledge base holds at most ${MAX_SOURCES_PER_KB} sources.`)
    }
    const now = this.deps.clock.now()
    const id = newId('src')
    const paused = input.paused === true
    const record: KnowledgeSourceRecord = {
      appId, id, kbId, kind, settings: settings as unknown as Record<string, unknown>,
      sealedSecret: input.token ? await this.deps.seal(appId, input.token) : null,
      everyMinutes, status: paused ? 'paused' : 'active', checkpoint: null,
      nextRunAt: everyMinutes ? now + everyMinutes * 60_000 + spreadOffsetMs(id, everyMinutes) : null,
      consecutiveFailures: 0, lastRunId: null, createdAt: now, updatedAt: now,
    }
    await this.deps.store.createSource(record)
    if (paused) return toSourceView(record)
    const run = await this.queue(appId, id, 'manual')
    return { ...toSourceView({ ...record, lastRunId: run.id }), lastRun: run }
  }

  /** The sources of a knowledge base. */
  async list(appId: string, kbId: string): Promise<SourceView[]> {
    await this.deps.knowledge.getKnowledgeBase(appId, kbId)
    return (await this.deps.store.listSources(appId, kbId)).map(toSourceView)
  }

  /** One source, with its latest run. */
  async get(appId: string, kbId: string, sourceId: string): Promise<SourceView & { lastRun?: SourceRunView }> {
    const source = await this.require(appId, kbId, sourceId)
    const [latest] = await this.deps.store.listRuns(appId, sourceId, 1)
    return { ...toSourceView(source), ...(latest ? { lastRun: toRunView(latest) } : {}) }
  }

  /** Pauses or resumes a source, or changes its schedule, patterns or token. */
  async update(appId: string, kbId: string, sourceId: string, patch: { status?: 'active' | 'paused'; everyMinutes?: number | null; include?: string[]; exclude?: string[]; depth?: number; maxPages?: number; token?: string | null }): Promise<SourceView> {
    const source = await this.require(appId, kbId, sourceId)
    const now = this.deps.clock.now()
    const { settings } = validateSourceSettings(source.kind, { ...(source.settings as object), ...pick(patch, ['include', 'exclude', 'depth', 'maxPages']) })
    const everyMinutes = patch.everyMinutes !== undefined ? validateEvery(patch.everyMinutes) : source.everyMinutes
    const status = patch.status ?? source.status
    if (status !== 'active' && status !== 'paused') throw new WarblerError('validation_failed', "status must be 'active' or 'paused'.")
    const resumed = status === 'active' && (source.status === 'paused' || patch.everyMinutes !== undefined)
    await this.deps.store.updateSource(appId, sourceId, {
      settings: settings as unknown as Record<string, unknown>,
      status,
      everyMinutes,
      ...(patch.token !== undefined ? { sealedSecret: patch.token === null ? null : await this.deps.seal(appId, String(patch.token)) } : {}),
      ...(resumed ? { consecutiveFailures: 0, nextRunAt: everyMinutes ? nextRunAt(sourceId, everyMinutes, now) : null } : {}),
      ...(everyMinutes === null ? { nextRunAt: null } : {}),
      updatedAt: now,
    })
    return toSourceView((await this.deps.store.getSource(appId, sourceId))!)
  }

  /** Deletes a source and removes its documents from the knowledge base. */
  async delete(appId: string, kbId: string, sourceId: string): Promise<{ deleted: true; documents: number }> {
    await this.require(appId, kbId, sourceId)
    await this.deps.store.updateSource(appId, sourceId, { status: 'paused', updatedAt: this.deps.clock.now() })
    await this.deps.scheduler.cancelSource(appId, sourceId)
    const items = await this.deps.store.listItems(appId, sourceId)
    let documents = 0
    for (const item of items) {
      if (!item.documentId) continue
      await this.deps.documents.remove(appId, kbId, item.documentId)
      await this.deps.store.deleteCurationsOf(appId, item.documentId)
      documents++
    }
    // A run elsewhere may have added documents meanwhile: every document tagged with the source goes.
    const tag = sourceTag(sourceId)
    for (let offset = 0; ; ) {
      const page = await this.deps.knowledge.listDocuments(appId, kbId, { limit: 500, offset })
      const tagged = page.filter((document) => document.tags.includes(tag))
      for (const document of tagged) {
        await this.deps.documents.remove(appId, kbId, document.id)
        documents++
      }
      if (page.length < 500) break
      offset += page.length - tagged.length
    }
    await this.deps.store.deleteSource(appId, sourceId)
    return { deleted: true, documents }
  }

  /** Queues a sync now; answers the queued (or already queued/running) run. */
  async sync(appId: string, kbId: string, sourceId: string): Promise<{ id: string; status: SourceRunView['status'] }> {
    const source = await this.require(appId, kbId, sourceId)
    if (source.status === 'paused') throw new WarblerError('conflict', 'The source is paused; resume it first.')
    const run = await this.queue(appId, sourceId, 'manual')
    return { id: run.id, status: run.status }
  }

  /** What a source has synced: each item's URL, document and validators, by item id. */
  async items(appId: string, kbId: string, sourceId: string, page: { limit?: number; offset?: number } = {}) {
    await this.require(appId, kbId, sourceId)
    const all = await this.deps.store.listItems(appId, sourceId)
    const offset = Math.max(0, page.offset ?? 0)
    const limit = Math.min(Math.max(1, page.limit ?? 100), 1000)
    return {
      total: all.length,
      items: all.slice(offset, offset + limit).map((item) => ({
        itemId: item.itemId,
        url: item.url ?? null,
        documentId: item.documentId ?? null,
        etag: item.etag ?? null,
        lastModified: item.lastModified ?? null,
        version: item.version ?? null,
        missingCount: item.missingCount,
      })),
    }
  }

  /** A source's runs, newest first. */
  async runs(appId: string, kbId: string, sourceId: string, limit = 20): Promise<{ runs: SourceRunView[] }> {
    await this.require(appId, kbId, sourceId)
    return { runs: (await this.deps.store.listRuns(appId, sourceId, Math.min(Math.max(1, limit), 100))).map(toRunView) }
  }

  /** One run. */
  async run(appId: string, kbId: string, sourceId: string, runId: string): Promise<SourceRunView> {
    await this.require(appId, kbId, sourceId)
    const run = await this.deps.store.getRun(appId, runId)
    if (!run || run.sourceId !== sourceId) throw new WarblerError('not_found', 'The run does not exist.')
    return toRunView(run)
  }

  /**
   * Curates a passage: `edit` replaces a chunk's text, `disable` takes it out of retrieval, `pin`
   * adds a question and answer to the document. Applied to the index at once; kept across re-syncs
   * while the passage's text is unchanged, flagged `needsReview` when it changed.
   */
  async curate(appId: string, kbId: string, input: CurationInput) {
    const { knowledge, store, clock } = this.deps
    const kb = await knowledge.store.getKnowledgeBase(appId, kbId)
    if (!kb) throw new WarblerError('not_found', 'The knowledge base does not exist.')
    const document = await knowledge.getDocument(appId, kbId, input.documentId)
    if (!['edit', 'disable', 'pin'].includes(input.action)) throw new WarblerError('validation_failed', "action must be 'edit', 'disable' or 'pin'.")
    const chunks = await knowledge.listChunks(appId, kbId, document.id, { limit: 1000 })
    const existing = await store.listCurations(appId, kbId, document.id)
    let hash: string | null = null
    let target = -1
    if (input.chunkId !== undefined || input.action !== 'pin') {
      target = chunks.findIndex((chunk) => chunk.id === input.chunkId)
      if (target < 0) throw new WarblerError('not_found', 'The chunk is not part of this document.')
      const shown = chunks[target]!.text
      // A chunk showing an earlier edit is still the passage that edit was made on.
      hash = existing.find((curation) => curation.action === 'edit' && curation.text === shown)?.chunkHash ?? chunkHash(shown)
    }
    const text = input.action === 'edit' ? requireText(input.text, 'text', 8000) : null
    const question = input.action === 'pin' ? requireText(input.question, 'question', 1000) : null
    const answer = input.action === 'pin' ? requireText(input.answer, 'answer', 8000) : null
    const now = clock.now()
    const earlier = input.action === 'edit' ? existing.find((curation) => curation.action === 'edit' && curation.chunkHash === hash) : undefined
    let record: KnowledgeCurationRecord
    if (earlier) {
      await store.updateCuration(appId, earlier.id, { text, needsReview: false, updatedAt: now })
      record = { ...earlier, text, needsReview: false, updatedAt: now }
    } else {
      record = { appId, id: newId('cur'), kbId, documentId: document.id, chunkHash: hash, action: input.action, text, question, answer, needsReview: false, createdAt: now, updatedAt: now }
      await store.createCuration(record)
    }
    // Applied to what is indexed now.
    const next = chunks.map(({ ordinal, text: chunkText, headingPath, tokenCount, sourceUrl }) => ({ ordinal, text: chunkText, headingPath, tokenCount, ...(sourceUrl ? { sourceUrl } : {}) }))
    if (input.action === 'edit') next[target] = { ...next[target]!, text: text! }
    else if (input.action === 'disable') next.splice(target, 1)
    else {
      const pinText = `${question}\n${answer}`
      next.push({ ordinal: next.length, text: pinText, headingPath: [question!], tokenCount: Math.ceil(pinText.length / 4), ...(chunks[0]?.sourceUrl ? { sourceUrl: chunks[0].sourceUrl } : {}) })
    }
    await this.deps.documents.rewrite(kb, document.id, next, document.title)
    return toCurationView(record)
  }

  /** The curations of a knowledge base (optionally of one document, or only those needing review). */
  async curations(appId: string, kbId: string, filter: { documentId?: string; needsReview?: boolean } = {}) {
    await this.deps.knowledge.getKnowledgeBase(appId, kbId)
    const all = await this.deps.store.listCurations(appId, kbId, filter.documentId)
    return { curations: all.filter((curation) => filter.needsReview === undefined || curation.needsReview === filter.needsReview).map(toCurationView) }
  }

  /** Marks a curation reviewed. */
  async review(appId: string, kbId: string, curationId: string) {
    const curation = await this.deps.store.getCuration(appId, curationId)
    if (!curation || curation.kbId !== kbId) throw new WarblerError('not_found', 'The curation does not exist.')
    const now = this.deps.clock.now()
    await this.deps.store.updateCuration(appId, curationId, { needsReview: false, updatedAt: now })
    return toCurationView({ ...curation, needsReview: false, updatedAt: now })
  }

  /** Deletes a curation; a synced document is re-indexed from its source on the next sync. */
  async uncurate(appId: string, kbId: string, curationId: string): Promise<{ deleted: true }> {
    const curation = await this.deps.store.getCuration(appId, curationId)
    if (!curation || curation.kbId !== kbId) throw new WarblerError('not_found', 'The curation does not exist.')
    await this.deps.store.deleteCuration(appId, curationId)
    for (const source of await this.deps.store.listSources(appId, kbId)) {
      const item = (await this.deps.store.listItems(appId, source.id)).find((entry) => entry.documentId === curation.documentId)
      if (!item) continue
      // Forget the hashes: the next sync rebuilds the document from the source, without this curation.
      const { contentHash: _content, textHash: _text, etag: _etag, lastModified: _modified, version: _version, ...rest } = item
      await this.deps.store.putItem(appId, source.id, rest, this.deps.clock.now())
    }
    return { deleted: true }
  }

  private async queue(appId: string, sourceId: string, trigger: 'manual' | 'schedule'): Promise<SourceRunView> {
    const active = await this.deps.store.activeRun(appId, sourceId)
    if (active) return toRunView(active)
    const run = newRun(appId, sourceId, trigger, this.deps.clock.now())
    await this.deps.store.createRun(run)
    this.deps.scheduler.notify()
    return toRunView(run)
  }

  private async require(appId: string, kbId: string, sourceId: string): Promise<KnowledgeSourceRecord> {
    await this.deps.knowledge.getKnowledgeBase(appId, kbId)
    const source = await this.deps.store.getSource(appId, sourceId)
    if (!source || source.kbId !== kbId) throw new WarblerError('not_found', 'The source does not exist.')
    return source
  }
}

function validateEvery(value: number | null | undefined): number | null {
  if (value === undefined || value === null) return null
  if (!Number.isInteger(value) || value < MIN_EVERY_MINUTES || value > MAX_EVERY_MINUTES) {
    throw new WarblerError('validation_failed', `everyMinutes must be an integer from ${MIN_EVERY_MINUTES} to ${MAX_EVERY_MINUTES} (a week).`)
  }
  return value
}

function requireText(value: unknown, name: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) throw new WarblerError('validation_failed', `${name} must be 1 to ${max.toLocaleString('en-US')} characters.`)
  return value.trim()
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {}
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key]
  return out
}
