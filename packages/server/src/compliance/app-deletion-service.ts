import { WarblerError } from '@warbler/protocol'
import type { AppPurgeStore } from '../storage/app-purge-store.js'
import type { AppKeyStore } from '../storage/app-key-store.js'
import type { ComplianceStore } from '../storage/compliance-store.js'
import type { AppPurge } from './app-purge.js'

/** What deleting an app answers (`DELETE /api/v1/apps/{appId}`). */
export interface AppDeletionReceipt {
  appId: string
  /** When the app was deleted (epoch ms); null when only the key marker is left (the purge is done). */
  deletedAt: number | null
  /** The app's data key is destroyed: everything sealed with it is unreadable, backups included. */
  keyDestroyed: boolean
  /** Live work stopped at once: rows of webhooks, pending deliveries, push targets and jobs, exports, syncs, evaluation runs. */
  stopped: Record<string, number>
  /** `running` while the background purge removes the app's rows; `done` once the `apps` row is gone too. */
  purge: 'running' | 'done'
  /** True when the app was already deleted (this answer repeats the state). */
  repeated: boolean
}

/** What deletion uses. */
export interface AppDeletionDependencies {
  store: AppPurgeStore
  compliance: Pick<ComplianceStore, 'listHolds'>
  keys?: Pick<AppKeyStore, 'get'>
  /** Destroys the app's data key and tells every node (which drop the key, its tokens' key and close its sessions). */
  shred: (appId: string) => Promise<boolean>
  purge: AppPurge
  now: () => number
}

/** Tables of work that would otherwise go on running for a deleted app: emptied before the answer. */
const LIVE_WORK = ['webhook_deliveries', 'webhooks', 'before_send_hooks', 'push_jobs', 'push_targets', 'export_jobs', 'knowledge_source_runs', 'knowledge_sources', 'eval_runs', 'kb_jobs']

/**
 * Deleting an app (crypto-shredding). In order: the app is marked deleted (no lookup finds it, its
 * secret and token signing key are replaced), the work that would go on for it is emptied, its data
 * key is destroyed and every node told, so each drops the key, forgets the app's token key and
 * closes the app's live sessions; then a background purge ({@link AppPurge}) removes its rows.
 * Repeating it answers the state of the first.
 *
 * @example
 * ```ts
 * const receipt = await deletion.delete('app_1', 'app_1') // the second argument is the typed confirmation
 * ```
 */
export class AppDeletionService {
  constructor(private readonly deps: AppDeletionDependencies) {}

  async delete(appId: string, confirm: string): Promise<AppDeletionReceipt> {
    const { store, now } = this.deps
    if (confirm !== appId) {
      throw new WarblerError('bad_request', `To delete an app, confirm with its id: ?confirm=${appId}. Deleting destroys its data key and every message, file and setting of it for good.`, {
        details: { reason: 'confirmation_mismatch' },
      })
    }
    const holds = await this.deps.compliance.listHolds(appId)
    const deletedAt = now()
    if (holds.length > 0 && (await store.deletedAt(appId)) === undefined) {
      throw new WarblerError('conflict', 'This app has legal holds: lift them before deleting the app.', {
        details: { reason: 'legal_hold', holds: holds.map((hold) => ({ kind: hold.kind, id: hold.targetId })) },
      })
    }
    if (!(await store.markDeleted(appId, deletedAt))) return this.#repeat(appId)
    const stopped: Record<string, number> = {}
    const tables = await store.tables()
    for (const name of LIVE_WORK) {
      const table = tables.find((candidate) => candidate.name === name)
      if (!table) continue
      let removed = 0
      for (let batch = -1; batch !== 0; removed += batch) batch = await store.deleteBatch(table, appId, 1000)
      if (removed > 0) stopped[name] = removed
    }
    const keyDestroyed = await this.deps.shred(appId)
    this.deps.purge.kick()
    return { appId, deletedAt, keyDestroyed, stopped, purge: 'running', repeated: false }
  }

  /** The state of an app deleted before, or `app_not_found` for one that never was. */
  async #repeat(appId: string): Promise<AppDeletionReceipt> {
    const deletedAt = await this.deps.store.deletedAt(appId)
    if (deletedAt !== undefined) {
      // A first attempt that stopped before the key was destroyed (or its notice sent) finishes now.
      await this.deps.shred(appId)
      this.deps.purge.kick()
      return { appId, deletedAt, keyDestroyed: true, stopped: {}, purge: 'running', repeated: true }
    }
    const key = await this.deps.keys?.get(appId)
    if (key?.destroyedAt != null) return { appId, deletedAt: key.destroyedAt, keyDestroyed: true, stopped: {}, purge: 'done', repeated: true }
    throw new WarblerError('app_not_found')
  }
}
