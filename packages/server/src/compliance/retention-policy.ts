import type { RetentionPolicyRecord } from '../storage/compliance-store.js'

/** Days to keep messages and files; null or absent keeps them forever. */
export interface RetentionDays {
  messagesDays?: number | null
  filesDays?: number | null
}

const DAY_MS = 24 * 60 * 60 * 1000

/** The moment before which content kept for `days` has expired, as of `asOf`; undefined keeps it forever. */
export function cutoffOf(days: number | null | undefined, asOf: number): number | undefined {
  return typeof days === 'number' && days > 0 ? asOf - days * DAY_MS : undefined
}

/**
 * The policies of one app as the purge applies them: a conversation's own policy replaces the
 * app's for the field it sets. (Legal holds are applied by the purge on top of this.)
 */
export class AppRetention {
  readonly #own: Map<string, RetentionPolicyRecord>

  constructor(
    readonly app: RetentionDays,
    conversationPolicies: readonly RetentionPolicyRecord[],
  ) {
    this.#own = new Map(conversationPolicies.flatMap((policy) => (policy.conversationId ? [[policy.conversationId, policy]] : [])))
  }

  /** Whether anything in the app can expire at all. */
  get active(): boolean {
    return cutoffOf(this.app.messagesDays, 1) !== undefined || cutoffOf(this.app.filesDays, 1) !== undefined || this.#own.size > 0
  }

  /** Conversations with a files policy of their own (the app-wide file sweep leaves them alone). */
  get conversationsWithOwnFiles(): string[] {
    return [...this.#own.values()].filter((policy) => policy.filesDays !== null).map((policy) => policy.conversationId!)
  }

  /** The policy in force in a conversation. */
  of(conversationId: string): RetentionDays {
    const own = this.#own.get(conversationId)
    return {
      messagesDays: own && own.messagesDays !== null ? own.messagesDays : (this.app.messagesDays ?? null),
      filesDays: own && own.filesDays !== null ? own.filesDays : (this.app.filesDays ?? null),
    }
  }

  /** Conversations that have a policy of their own. */
  get ownPolicies(): RetentionPolicyRecord[] {
    return [...this.#own.values()]
  }
}
