import type { AuditChainRecord, AuditPersonalRecord, ComplianceStore } from '../storage/compliance-store.js'
import { entryMac, GENESIS_MAC, personalMac } from './chain-mac.js'

/** One administrative action as the chain records it (the audit log's fields). */
export interface ChainInput {
  ts: number
  actorType: string
  actorId: string | null
  action: string
  appId: string | null
  target: string | null
  status: number | null
  ip: string | null
  userAgent: string | null
  details: Record<string, unknown> | null
}

/** The head of the chain, for anchoring it elsewhere (`GET /api/v1/audit/head`). */
export interface ChainHead {
  seq: number
  ts: number | null
  mac: string
}

/** What `verify` found: `ok`, or the first entry that was edited, inserted or removed. */
export type ChainVerdict =
  | { ok: true; entries: number; head: ChainHead }
  | { ok: false; entries: number; seq: number; problem: 'edited' | 'inserted' | 'removed' | 'edited-or-inserted' | 'personal-edited'; message: string }

const USER_PATH = /^\/api\/v1\/apps\/[^/]+\/users\/([^/?]+)/

/** The app user an action was about, from its URL path or details (erasure finds personal rows by it). */
export function subjectOf(input: Pick<ChainInput, 'target' | 'details'>): string | null {
  const fromPath = input.target ? USER_PATH.exec(input.target)?.[1] : undefined
  if (fromPath) {
    try {
      return decodeURIComponent(fromPath)
    } catch {
      return fromPath
    }
  }
  const userId = input.details?.userId
  return typeof userId === 'string' ? userId : null
}

const PAGE = 1000

/**
 * The tamper-evident audit chain: every administrative action is a row whose HMAC covers the
 * previous row's, keyed by a key the database never sees. Who did it and to whom sits in a side
 * table committed to by its own HMAC, so erasing a person deletes that row and the chain still
 * verifies.
 *
 * @example
 * ```ts
 * const chain = new AuditChain(storage.compliance, key)
 * await chain.record({ ts: Date.now(), actorType: 'operator', actorId: null, action: 'app.create', ... })
 * const verdict = await chain.verify() // { ok: false, seq: 17, problem: 'edited', ... }
 * ```
 */
export class AuditChain {
  constructor(
    private readonly store: ComplianceStore,
    private readonly key: Buffer,
  ) {}

  /** Appends an entry; resolves once it is committed. */
  async record(input: ChainInput): Promise<AuditChainRecord> {
    const personal: Omit<AuditPersonalRecord, 'seq'> = {
      appId: input.appId,
      subjectUserId: subjectOf(input),
      actorId: input.actorId,
      target: input.target,
      ip: input.ip,
      userAgent: input.userAgent,
      details: input.details,
    }
    const hasPersonal = Object.entries(personal).some(([name, value]) => name !== 'appId' && value !== null)
    const sealedPersonal = hasPersonal ? personalMac(this.key, personal) : null
    return this.store.appendChained((head) => {
      const seq = (head?.seq ?? 0) + 1
      const unsealed = {
        ts: input.ts,
        actorType: input.actorType,
        action: input.action,
        appId: input.appId,
        status: input.status,
        personalMac: sealedPersonal,
        prevMac: head?.mac ?? GENESIS_MAC,
      }
      return { entry: { ...unsealed, seq, mac: entryMac(this.key, unsealed) }, personal: hasPersonal ? { ...personal, seq } : null }
    })
  }

  /** The newest entry's seq and MAC (seq 0 and the genesis MAC while empty). */
  async head(): Promise<ChainHead> {
    const head = await this.store.chainHead()
    return head ? { seq: head.seq, ts: head.ts, mac: head.mac } : { seq: 0, ts: null, mac: GENESIS_MAC }
  }

  /**
   * Walks the whole chain and names the first entry that does not hold: a gap or a broken link is a
   * removal, a row whose own MAC fails is an edit (or an insertion, when the row after it links to
   * the one before), a personal row that no longer matches its entry is `personal-edited`. With
   * `anchor` (a head saved elsewhere) a chain whose row at that seq differs, or that ends before it,
   * fails too.
   */
  async verify(options: { anchor?: { seq: number; mac: string } } = {}): Promise<ChainVerdict> {
    let prev = GENESIS_MAC
    let expectedSeq = 1
    let last: AuditChainRecord | undefined
    const fail = (seq: number, problem: Exclude<ChainVerdict, { ok: true }>['problem'], message: string): ChainVerdict => ({ ok: false, entries: expectedSeq - 1, seq, problem, message })
    const mark = await this.store.chainHeadMark()
    let page = await this.store.chainPage(0, PAGE)
    while (page.length > 0) {
      const personal = await this.store.personalOf(page.flatMap((row) => (row.personalMac ? [row.seq] : [])))
      for (let index = 0; index < page.length; index++) {
        const row = page[index]!
        if (row.seq !== expectedSeq) {
          return fail(expectedSeq, 'removed', `Audit entry ${expectedSeq} was removed (the chain goes from ${expectedSeq - 1} to ${row.seq}).`)
        }
        const selfHolds = entryMac(this.key, row) === row.mac
        if (selfHolds && row.prevMac !== prev) {
          return fail(row.seq, 'removed', `An audit entry before ${row.seq} was removed (entry ${row.seq} does not follow entry ${row.seq - 1}).`)
        }
        if (!selfHolds) {
          const next = page[index + 1] ?? (await this.store.chainPage(row.seq, 1))[0]
          if (next && next.prevMac === prev && entryMac(this.key, next) === next.mac) {
            return fail(row.seq, 'inserted', `Audit entry ${row.seq} was inserted (it is not part of the chain).`)
          }
          if (!next && row.prevMac === prev) {
            if (mark && mark.seq < row.seq) return fail(row.seq, 'inserted', `Audit entry ${row.seq} was inserted (the head is entry ${mark.seq}).`)
            return fail(row.seq, 'edited-or-inserted', `Audit entry ${row.seq} was edited or inserted (its MAC does not match).`)
          }
          return fail(row.seq, 'edited', `Audit entry ${row.seq} was edited (its MAC does not match).`)
        }
        const side = personal.get(row.seq)
        if (side && personalMac(this.key, side) !== row.personalMac) {
          return fail(row.seq, 'personal-edited', `The personal data of audit entry ${row.seq} was edited.`)
        }
        prev = row.mac
        expectedSeq++
        last = row
      }
      page = await this.store.chainPage(last?.seq ?? 0, PAGE)
    }
    const entries = expectedSeq - 1
    for (const head of [mark, options.anchor]) {
      if (!head || head.seq === 0) continue
      if (head.seq > entries) return fail(entries + 1, 'removed', `Audit entries ${entries + 1}–${head.seq} were removed (the head is entry ${head.seq}).`)
    }
    if (options.anchor && options.anchor.seq > 0) {
      const [anchored] = await this.store.chainPage(options.anchor.seq - 1, 1)
      if (anchored?.mac !== options.anchor.mac) return fail(options.anchor.seq, 'edited', `Audit entry ${options.anchor.seq} differs from the anchored head.`)
    }
    return { ok: true, entries, head: last ? { seq: last.seq, ts: last.ts, mac: last.mac } : { seq: 0, ts: null, mac: GENESIS_MAC } }
  }
}
