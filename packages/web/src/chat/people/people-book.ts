import type { Person } from '@warbler/protocol'
import { IDS_PER_LOOKUP } from './people-api.js'

/** How the book asks the server about ids it does not know yet. */
export type LookUpPeople = (ids: readonly string[]) => Promise<Person[]>

/**
 * The profiles (name, avatar, bot or not) the chat app knows, by user id: filled by directory
 * searches and by looking up the members and senders it meets. Each unknown id is asked for once,
 * in batches; an id the server does not list (a visitor, a banned user) is not asked for again.
 *
 * @example
 * ```ts
 * const book = new PeopleBook((ids) => fetchPeople(access, { ids }))
 * book.subscribe(() => render())
 * book.want(['bob', 'helper'])
 * book.get('helper')?.isBot
 * ```
 */
export class PeopleBook {
  readonly #people = new Map<string, Person>()
  readonly #asked = new Set<string>()
  readonly #listeners = new Set<() => void>()
  #version = 0

  constructor(private readonly lookUp: LookUpPeople) {}

  /** The profile of `userId`, once known. */
  get(userId: string): Person | undefined {
    return this.#people.get(userId)
  }

  /** Every profile known, as id → name. */
  names(): Record<string, string> {
    return Object.fromEntries([...this.#people.values()].map((person) => [person.id, person.name]))
  }

  /** A number that changes whenever a profile is added (for `useSyncExternalStore`). */
  version = (): number => this.#version

  /** Subscribes to new profiles. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Keeps profiles the app learned elsewhere (a directory search). */
  remember(people: readonly Person[]): void {
    let changed = false
    for (const person of people) {
      this.#asked.add(person.id)
      const known = this.#people.get(person.id)
      if (known && known.name === person.name && known.avatarUrl === person.avatarUrl && known.isBot === person.isBot) continue
      this.#people.set(person.id, person)
      changed = true
    }
    if (!changed) return
    this.#version++
    for (const listener of this.#listeners) listener()
  }

  /** Looks up the ids not known yet (each at most once); resolves when their answers are in. */
  async want(userIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(userIds)].filter((id) => !this.#asked.has(id))
    if (missing.length === 0) return
    for (const id of missing) this.#asked.add(id)
    const batches: string[][] = []
    for (let start = 0; start < missing.length; start += IDS_PER_LOOKUP) batches.push(missing.slice(start, start + IDS_PER_LOOKUP))
    await Promise.all(
      batches.map(async (batch) => {
        try {
          this.remember(await this.lookUp(batch))
        } catch {
          // Asked again later (offline, rate-limited): forget that these were asked.
          for (const id of batch) this.#asked.delete(id)
        }
      }),
    )
  }
}
