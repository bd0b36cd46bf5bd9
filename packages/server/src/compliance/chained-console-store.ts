import type { Logger } from '../observability/logger.js'
import type { ConsoleStore } from '../storage/console-store.js'
import type { AuditChain } from './audit-chain.js'

/**
 * The console store with every audit append also sealed into the HMAC chain. Every administrative
 * action already reaches `appendAudit` (console routes and sign-ins, and the hook that records each
 * change through the app API by a console user, the operator key or an app secret), so wrapping it
 * covers them all without a second call site to forget. The chain entry is written first and the
 * console's `audit_log` row only names it: who did it and to whom (e-mail, IP, user agent, path,
 * details) are kept once, in the chain's `audit_personal` side row, which erasure deletes.
 */
export function chainedConsoleStore(store: ConsoleStore, chain: AuditChain, logger: Logger): ConsoleStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'appendAudit') {
        const value = Reflect.get(target, property, receiver) as unknown
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
      }
      const appendAudit: ConsoleStore['appendAudit'] = async (entry) => {
        let sealed
        try {
          sealed = await chain.record(entry)
        } catch (error) {
          logger.error({ err: error, action: entry.action }, 'audit chain entry not written')
          throw error
        }
        // The console's row names the chain entry; its personal columns stay in the chain's side row.
        return target.appendAudit({ ...entry, chainSeq: sealed.seq })
      }
      return appendAudit
    },
  })
}
