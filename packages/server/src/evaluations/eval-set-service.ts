import { WarblerError } from '@warbler/protocol'
import type { z } from 'zod'
import { newId } from '../domain/ids.js'
import type { EvalItem, EvalSetRecord, EvaluationStore } from '../storage/evaluation-store.js'
import type { Storage } from '../storage/storage.js'
import { itemsFromCsv } from './csv-items.js'
import { MAX_SET_ITEMS, type AddVersionRequest, type CreateEvalSetRequest, type FromSignalsRequest } from './evaluation-schemas.js'
import { itemsFromSignals } from './production-signals.js'

const DAY_MS = 86_400_000

/** An eval set as the API shows it: the newest version's items unless another version is asked for. */
export interface EvalSetView {
  id: string
  name: string
  version: number
  /** The version whose items these are. */
  itemsVersion: number
  origin: string
  itemCount: number
  items: EvalItem[]
  createdAt: number
  updatedAt: number
}

/** Eval sets: created from items or CSV, versioned (an edit is a new version), built from production signals. */
export class EvalSetService {
  constructor(private readonly deps: { store: EvaluationStore; storage: Storage; isBot(appId: string, userId: string): Promise<boolean>; now(): number }) {}

  /** Creates a set (version 1). */
  async create(appId: string, input: z.infer<typeof CreateEvalSetRequest>): Promise<EvalSetView> {
    const items = this.#items(input)
    const now = this.deps.now()
    const set: EvalSetRecord = { appId, id: input.id ?? newId('es'), name: input.name, version: 1, createdAt: now, updatedAt: now }
    await this.deps.store.createSet(set, items, input.csv !== undefined ? 'csv' : 'rest')
    return this.view(appId, set.id)
  }

  /** Adds a version (runs already made keep the version they pinned). */
  async addVersion(appId: string, setId: string, input: z.infer<typeof AddVersionRequest>): Promise<EvalSetView> {
    const set = await this.deps.store.addSetVersion(appId, setId, this.#items(input), input.csv !== undefined ? 'csv' : 'rest', this.deps.now())
    if (!set) throw new WarblerError('not_found', `No eval set ${setId}.`)
    return this.view(appId, setId)
  }

  /** A set built in one go from thumbs-down answers, missing-knowledge hand-offs and low CSAT. */
  async fromSignals(appId: string, input: z.infer<typeof FromSignalsRequest>): Promise<EvalSetView> {
    const now = this.deps.now()
    const items = await itemsFromSignals(this.deps, appId, {
      since: now - (input.days ?? 30) * DAY_MS, until: now, signals: input.signals ?? ['thumbs_down', 'missing_knowledge', 'low_csat'],
      csatAtMost: input.csatAtMost ?? 2, limit: input.limit ?? MAX_SET_ITEMS,
    })
    if (items.length === 0) throw new WarblerError('validation_failed', 'No thumbs-down answers, missing-knowledge hand-offs or low ratings in that period: nothing to build a set from.')
    const set: EvalSetRecord = { appId, id: newId('es'), name: input.name, version: 1, createdAt: now, updatedAt: now }
    await this.deps.store.createSet(set, items, 'signals')
    return this.view(appId, set.id)
  }

  /** A set with the items of its newest version (or of `version`). */
  async view(appId: string, setId: string, version?: number): Promise<EvalSetView> {
    const set = await this.deps.store.getSet(appId, setId)
    if (!set) throw new WarblerError('not_found', `No eval set ${setId}.`)
    const items = await this.deps.store.getSetVersion(appId, setId, version ?? set.version)
    if (!items) throw new WarblerError('not_found', `Eval set ${setId} has no version ${version}.`)
    return { id: set.id, name: set.name, version: set.version, itemsVersion: items.version, origin: items.origin, itemCount: items.items.length, items: items.items, createdAt: set.createdAt, updatedAt: set.updatedAt }
  }

  /** The app's sets, newest first, without their items. */
  async list(appId: string): Promise<Array<Omit<EvalSetView, 'items'>>> {
    const sets = await this.deps.store.listSets(appId)
    return Promise.all(sets.map(async (set) => {
      const { items: _items, ...rest } = await this.view(appId, set.id)
      return rest
    }))
  }

  #items(input: { items?: EvalItem[] | undefined; csv?: string | undefined }): EvalItem[] {
    const items = input.csv !== undefined ? itemsFromCsv(input.csv) : (input.items ?? [])
    if (items.length === 0) throw new WarblerError('validation_failed', 'An eval set needs at least one item.')
    if (items.length > MAX_SET_ITEMS) throw new WarblerError('validation_failed', `An eval set holds at most ${MAX_SET_ITEMS} items.`)
    return items.map((item) => ({ question: item.question, ...(item.expected?.length ? { expected: item.expected } : {}), ...(item.expectedDocumentIds?.length ? { expectedDocumentIds: item.expectedDocumentIds } : {}) }))
  }
}
