import { WarblerError } from '@warbler/protocol'
import { hashSecret, newSecret } from '../auth/secrets.js'
import { newId } from '../domain/ids.js'
import type { AuditEntry, ConsoleAccountRecord, ConsoleRole, ConsoleStore } from '../storage/console-store.js'
import { ConsoleAppGrants } from './console-app-grants.js'
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './passwords.js'

/** Where a request came from, for sessions and the audit log. */
export interface RequestOrigin {
  ip: string | null
  userAgent: string | null
}

/** A console account as the API shows it (never the hash). */
export interface ConsoleAccountView {
  id: string
  email: string
  name: string
  role: ConsoleRole
  disabled: boolean
  createdAt: number
}

/** Options of {@link ConsoleService}. */
export interface ConsoleServiceOptions {
  /** How long a session lasts from sign-in. Default 8 hours. */
  sessionTtlMs?: number
  /** The clock (tests move it forward). */
  now?: () => number
}

/** Minimum length of a console password. */
export const MIN_PASSWORD_LENGTH = 10

/** The account without its password hash. */
export function toAccountView(account: ConsoleAccountRecord): ConsoleAccountView {
  const { passwordHash: _hash, ...view } = account
  return view
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

/**
 * Console accounts, sessions and the audit log. Session ids are random (256 bits), handed to the
 * browser once in a cookie and stored only as their SHA-256.
 *
 * @example
 * ```ts
 * const console = new ConsoleService(storage.console)
 * const owner = await console.createAccount({ email, password, name: 'Ada', role: 'owner' })
 * const { sessionId } = await console.signIn(email, password, origin)
 * ```
 */
export class ConsoleService {
  readonly sessionTtlMs: number
  /** Single-use grants for the app API calls the console proxy makes on a signed-in account's behalf. */
  readonly appGrants: ConsoleAppGrants
  readonly #now: () => number
  #accountChanges: Promise<void> = Promise.resolve()

  constructor(
    readonly store: ConsoleStore,
    options: ConsoleServiceOptions = {},
  ) {
    this.sessionTtlMs = options.sessionTtlMs ?? 8 * 60 * 60 * 1000
    this.#now = options.now ?? Date.now
    this.appGrants = new ConsoleAppGrants(this.#now)
  }

  /** The current time of the service's clock. */
  now(): number {
    return this.#now()
  }

  /** Creates an account; the email must be new and the password long enough. */
  async createAccount(input: { email: string; password: string; name?: string; role: ConsoleRole }): Promise<ConsoleAccountView> {
    const email = normaliseEmail(input.email)
    if (input.password.length < MIN_PASSWORD_LENGTH) throw new WarblerError('validation_failed', `password: at least ${MIN_PASSWORD_LENGTH} characters`)
    const account: ConsoleAccountRecord = {
      id: newId('ca'),
      email,
      name: input.name?.trim() || email.split('@')[0] || email,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      disabled: false,
      createdAt: this.#now(),
    }
    await this.store.createAccount(account)
    return toAccountView(account)
  }

  /**
   * Creates an owner with the operator key: only while no active owner exists (a fresh deployment,
   * or every owner disabled), otherwise `409 conflict` — after that, owners add accounts.
   */
  async createFirstOwner(input: { email: string; password: string; name?: string }): Promise<ConsoleAccountView> {
    return this.#serialised(async () => {
      if ((await this.#activeOwners()).length > 0) {
        throw new WarblerError('conflict', 'An owner already exists: owners add console accounts in the console.', { details: { reason: 'owner_exists' } })
      }
      return this.createAccount({ ...input, role: 'owner' })
    })
  }

  /** Whether the deployment has no active owner yet (the console then offers its first-run setup). */
  async ownerNeeded(): Promise<boolean> {
    return (await this.#activeOwners()).length === 0
  }

  /**
   * Changes an account's role or disables it; its sessions end, so the change applies at once.
   * The last active owner can be neither demoted nor disabled (`409 conflict`).
   */
  async updateAccount(id: string, patch: { role?: ConsoleRole; disabled?: boolean }): Promise<ConsoleAccountView> {
    return this.#serialised(async () => {
      const current = await this.store.getAccount(id)
      if (!current) throw new WarblerError('not_found', 'No such console account.')
      const staysActiveOwner = (patch.role ?? current.role) === 'owner' && !(patch.disabled ?? current.disabled)
      if (current.role === 'owner' && !current.disabled && !staysActiveOwner) {
        const others = (await this.#activeOwners()).filter((owner) => owner.id !== id)
        if (others.length === 0) {
          throw new WarblerError('conflict', 'This is the last active owner: make another account an owner first.', { details: { reason: 'last_owner' } })
        }
      }
      const updated = await this.store.updateAccount(id, patch)
      if (!updated) throw new WarblerError('not_found', 'No such console account.')
      await this.store.deleteSessionsOf(id)
      return toAccountView(updated)
    })
  }

  async #activeOwners(): Promise<ConsoleAccountRecord[]> {
    return (await this.store.listAccounts()).filter((account) => account.role === 'owner' && !account.disabled)
  }

  /** Runs owner-count decisions one at a time in this process, so two changes cannot both pass the check. */
  #serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#accountChanges.then(task, task)
    this.#accountChanges = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  /** Checks email and password and opens a session. Unknown email and wrong password fail alike. */
  async signIn(emailInput: string, password: string, origin: RequestOrigin): Promise<{ sessionId: string; account: ConsoleAccountView; expiresAt: number }> {
    const account = await this.store.getAccountByEmail(normaliseEmail(emailInput))
    const valid = await verifyPassword(account?.passwordHash ?? (await DUMMY_HASH_PROMISE), password)
    if (!account || !valid || account.disabled) throw new WarblerError('invalid_credentials', 'The email or the password is wrong.')
    const sessionId = newSecret('wcs')
    const now = this.#now()
    const expiresAt = now + this.sessionTtlMs
    await this.store.createSession({ idHash: hashSecret(sessionId), accountId: account.id, createdAt: now, expiresAt, ip: origin.ip, userAgent: origin.userAgent })
    await this.store.deleteExpiredSessions(now)
    return { sessionId, account: toAccountView(account), expiresAt }
  }

  /** The account behind a session id, or undefined when the session is unknown, expired or the account disabled. */
  async authenticate(sessionId: string): Promise<{ account: ConsoleAccountView; expiresAt: number } | undefined> {
    const idHash = hashSecret(sessionId)
    const session = await this.store.getSession(idHash)
    if (!session) return undefined
    if (session.expiresAt <= this.#now()) {
      await this.store.deleteSession(idHash)
      return undefined
    }
    const account = await this.store.getAccount(session.accountId)
    if (!account || account.disabled) return undefined
    return { account: toAccountView(account), expiresAt: session.expiresAt }
  }

  /** Ends a session. */
  async signOut(sessionId: string): Promise<void> {
    await this.store.deleteSession(hashSecret(sessionId))
  }

  /** Appends an audit entry stamped with the service's clock. */
  async audit(entry: Omit<AuditEntry, 'id' | 'ts' | 'details' | 'target' | 'appId' | 'status'> & Partial<Pick<AuditEntry, 'details' | 'target' | 'appId' | 'status'>>): Promise<void> {
    await this.store.appendAudit({ details: null, target: null, appId: null, status: null, ...entry, ts: this.#now() })
  }
}
