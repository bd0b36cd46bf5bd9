import type { AppKeyStore } from '../../storage/app-key-store.js'
import { unwrapDataKey, wrapDataKey } from './key-wrap.js'
import type { MasterKey } from './master-key.js'

/** What a rotation did. */
export interface RotationReport {
  /** Data keys now wrapped by the new master key. */
  rewrapped: number
  /** Keys another writer changed meanwhile (destroyed, or rotated by a parallel run): left as they are. */
  changedMeanwhile: number
}

/**
 * Re-wraps every live app data key under `to` (`warbler keys rotate`). The data keys themselves do
 * not change, so nothing sealed with them is rewritten. Resumable: keys already under `to` are not
 * touched, so a run that stopped is finished by running it again. A key under a master key that is
 * neither `from` nor `to` stops the run with an error naming it.
 */
export async function rotateMasterKey(deps: { store: AppKeyStore; from: readonly MasterKey[]; to: MasterKey; now?: () => number; batch?: number }): Promise<RotationReport> {
  const now = deps.now ?? Date.now
  const report: RotationReport = { rewrapped: 0, changedMeanwhile: 0 }
  let after: string | undefined
  for (;;) {
    const page = await deps.store.listNotWrappedBy(deps.to.id, { limit: deps.batch ?? 200, ...(after !== undefined ? { after } : {}) })
    if (page.length === 0) return report
    for (const record of page) {
      after = record.appId
      if (record.wrapped === null) continue
      const from = deps.from.find((candidate) => candidate.id === record.masterKeyId)
      if (!from) throw new Error(`The data key of app ${record.appId} is wrapped by master key ${record.masterKeyId ?? '?'}, which is not the current one; nothing after it was rotated.`)
      const dataKey = unwrapDataKey(from, record.appId, record.wrapped)
      const changed = await deps.store.rewrap(record.appId, record.wrapped, { wrapped: wrapDataKey(deps.to, record.appId, dataKey), masterKeyId: deps.to.id, at: now() })
      if (changed) report.rewrapped++
      else report.changedMeanwhile++
    }
  }
}
