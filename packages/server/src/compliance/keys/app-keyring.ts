import { randomBytes } from 'node:crypto'
import { WarblerError } from '@warbler/protocol'
import type { AppKeyStore } from '../../storage/app-key-store.js'
import { AppSecretBox, type SecretSealer } from './app-secret-box.js'
import { unwrapDataKey, wrapDataKey } from './key-wrap.js'
import type { MasterKey } from './master-key.js'

/** What the keyring needs. */
export interface AppKeyringDependencies {
  store: AppKeyStore
  /** Wraps new data keys. */
  master: MasterKey
  /** Older master keys that still unwrap (a rotation under way). */
  previous?: readonly MasterKey[]
  /** The server's one key of before, to open secrets sealed with it. */
  legacy?: SecretSealer
  now?: () => number
}

/** Where a node gets an app's box from: the keyring, or (test doubles without a key store) one box for all. */
export interface AppBoxes {
  /** The app's secret box, sealing with its data key. */
  box(appId: string): Promise<SecretSealer>
}

/**
 * Each app's data key (AES-256-GCM), created on first use, stored wrapped by the master key, and
 * kept unwrapped in this node's memory after the first read. {@link shred} destroys an app's key
 * (crypto-shredding): everything sealed with it becomes unreadable, on every node once they drop
 * their copy ({@link forget}).
 *
 * @example
 * ```ts
 * const keyring = new AppKeyring({ store: storage.appKeys, master: resolved.current, legacy: new SecretBox(loadSecretKey(dataDir)) })
 * const box = await keyring.box('app_1')
 * ```
 */
export class AppKeyring implements AppBoxes {
  private readonly keys = new Map<string, Promise<Buffer>>()
  private readonly boxes = new Map<string, AppSecretBox>()
  private readonly now: () => number
  /**
   * Tells the other nodes a key was destroyed (the node wires it to the bus), so each drops its
   * copy at once rather than at its next restart. {@link shred} waits for the notice to be sent.
   */
  onShredded?: (appId: string) => Promise<void>

  constructor(private readonly deps: AppKeyringDependencies) {
    this.now = deps.now ?? Date.now
  }

  /** The fingerprint of the master key that wraps new data keys. */
  get masterKeyId(): string {
    return this.deps.master.id
  }

  /** The app's data key in the clear (cached per node); created and stored wrapped on first use. */
  dataKey(appId: string): Promise<Buffer> {
    let key = this.keys.get(appId)
    if (!key) {
      key = this.load(appId)
      this.keys.set(appId, key)
      key.catch(() => this.keys.delete(appId))
    }
    return key
  }

  async box(appId: string): Promise<AppSecretBox> {
    const cached = this.boxes.get(appId)
    if (cached) return cached
    const box = new AppSecretBox(await this.dataKey(appId), this.deps.legacy)
    this.boxes.set(appId, box)
    return box
  }

  /**
   * Destroys the app's data key for good (the app is deleted): the wrapped key is erased from the
   * database and from this node's memory, every other node is told to drop its copy
   * ({@link onShredded}), and no new key is made for the app afterwards. Answers whether a live key
   * was destroyed.
   */
  async shred(appId: string): Promise<boolean> {
    const destroyed = await this.deps.store.destroy(appId, this.now())
    this.forget(appId)
    await this.onShredded?.(appId)
    return destroyed
  }

  /** Drops this node's unwrapped copy of the app's key (another node shredded it). */
  forget(appId: string): void {
    this.keys.delete(appId)
    this.boxes.delete(appId)
  }

  private async load(appId: string): Promise<Buffer> {
    const record =
      (await this.deps.store.get(appId)) ??
      (await this.deps.store.createIfAbsent({ appId, wrapped: wrapDataKey(this.deps.master, appId, randomBytes(32)), masterKeyId: this.deps.master.id, createdAt: this.now() }))
    if (record.wrapped === null) throw new WarblerError('app_not_found', 'This app was deleted: its data key was destroyed.')
    const master = [this.deps.master, ...(this.deps.previous ?? [])].find((candidate) => candidate.id === record.masterKeyId)
    if (!master) {
      throw new Error(
        `The data key of app ${appId} is wrapped by master key ${record.masterKeyId ?? '?'}, and this node has ${this.deps.master.id}: start it with the master key the data was encrypted under (WARBLER_MASTER_KEY, or WARBLER_PREVIOUS_MASTER_KEY during a rotation).`,
      )
    }
    return unwrapDataKey(master, appId, record.wrapped)
  }
}

/** One box for every app: for storages without an app key store (test doubles). */
export function sharedBoxes(box: SecretSealer): AppBoxes {
  return { box: async () => box }
}
