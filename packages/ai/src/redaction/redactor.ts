/**
 * Replaces personal data with placeholders before text leaves for a model provider, and puts the
 * values back into the model's reply.
 */
import { detectPii, PII_TYPES, type PiiType } from './detect-pii.js'
import { formatPlaceholder, PLACEHOLDER_PATTERN, placeholderKey } from './placeholders.js'
import { createStreamRestorer, type StreamRestorer } from './stream-restorer.js'

/** Any bracket a placeholder can open with (see PLACEHOLDER_PATTERN). */
const OPENING_BRACKET = /[[【［]/u

/** Per-bot redaction settings. Redaction is on unless `enabled` is false. */
export interface RedactionOptions {
  /** Default true. When false, `redact` returns text unchanged. */
  enabled?: boolean
  /** Which kinds to redact (default all: phone, email, id, card, ip). */
  types?: readonly PiiType[]
  /**
   * Values never redacted, e.g. the company's own public hotline or support email, which the
   * model should see and may repeat. Compared in canonical form (`138-1234-5678` = `13812345678`).
   */
  allow?: readonly string[]
}

/** One value the redactor replaced. */
export interface RedactionEntry {
  /** As sent to the model, e.g. `[PHONE_1]`. */
  placeholder: string
  type: PiiType
  /** The value as first written. */
  original: string
  /** The canonical form; other spellings of the same value share the placeholder. */
  canonical: string
}

/** What a redactor remembers; store it with the conversation to keep placeholders stable. */
export interface RedactorState {
  entries: RedactionEntry[]
}

/**
 * Redacts the messages of one conversation. The same value gets the same placeholder in every
 * message (so the model can tell "the same phone number" apart from "another one"), and
 * {@link Redactor.restore} maps placeholders back in the reply.
 *
 * Restoring is forgiving about how the model spells a placeholder: any case, `[]`, `【】` or `［］`,
 * spaces inside the brackets, `_`, `-`, a space or nothing before the number (`[phone 1]`,
 * `【PHONE_1】`). Placeholders the redactor never issued are left as they are.
 *
 * @example
 * ```ts
 * const redactor = new Redactor()
 * redactor.redact('我的电话是 138 1234 5678，邮箱 li@example.com')
 * // '我的电话是 [PHONE_1]，邮箱 [EMAIL_1]'
 * redactor.restore('好的，我们会拨打 [PHONE_1]。') // '好的，我们会拨打 138 1234 5678。'
 * ```
 */
export class Redactor {
  private readonly enabled: boolean
  private readonly types: ReadonlySet<PiiType>
  private readonly allowed: ReadonlySet<string>
  private readonly byCanonical = new Map<string, RedactionEntry>()
  private readonly byKey = new Map<string, RedactionEntry>()
  private readonly counters = new Map<PiiType, number>()

  constructor(options: RedactionOptions = {}, state?: RedactorState) {
    this.enabled = options.enabled ?? true
    this.types = new Set(options.types ?? PII_TYPES)
    this.allowed = new Set(
      (options.allow ?? []).flatMap((value) => {
        const found = detectPii(value)
        return found.length > 0 ? found.map((match) => `${match.type}:${match.canonical}`) : []
      }),
    )
    for (const entry of state?.entries ?? []) this.remember(entry)
  }

  private remember(entry: RedactionEntry): void {
    this.byCanonical.set(`${entry.type}:${entry.canonical}`, entry)
    const key = entry.placeholder.slice(1, -1) // `[PHONE_1]` -> `PHONE_1`, as placeholderKey spells it
    this.byKey.set(key, entry)
    const index = Number(key.slice(key.lastIndexOf('_') + 1))
    this.counters.set(entry.type, Math.max(this.counters.get(entry.type) ?? 0, index))
  }

  /** Replaces the personal data in `text` with placeholders. */
  redact(text: string): string {
    if (!this.enabled) return text
    let result = ''
    let cursor = 0
    for (const match of detectPii(text, this.types)) {
      const canonicalKey = `${match.type}:${match.canonical}`
      if (this.allowed.has(canonicalKey)) continue
      let entry = this.byCanonical.get(canonicalKey)
      if (entry === undefined) {
        const index = (this.counters.get(match.type) ?? 0) + 1
        entry = { placeholder: formatPlaceholder(match.type, index), type: match.type, original: match.original, canonical: match.canonical }
        this.remember(entry)
      }
      result += text.slice(cursor, match.start) + entry.placeholder
      cursor = match.end
    }
    return result + text.slice(cursor)
  }

  /** Puts the original values back in place of the placeholders this redactor issued. */
  restore(text: string): string {
    // Most deltas hold no placeholder; most conversations have none to restore.
    if (this.byKey.size === 0 || !OPENING_BRACKET.test(text)) return text
    return text.replace(PLACEHOLDER_PATTERN, (whole, label: string, digits: string) => this.byKey.get(placeholderKey(label, digits))?.original ?? whole)
  }

  /** A restorer for a streamed reply; see {@link createStreamRestorer}. */
  createStreamRestorer(): StreamRestorer {
    return createStreamRestorer((text) => this.restore(text))
  }

  /** Every value replaced so far, in order of first appearance. */
  get entries(): readonly RedactionEntry[] {
    return [...this.byKey.values()]
  }

  /** The state to store with the conversation; pass it to the constructor to continue. */
  toJSON(): RedactorState {
    return { entries: this.entries.map((entry) => ({ ...entry })) }
  }
}

/** The result of {@link redact}. */
export interface RedactionResult {
  /** The text with placeholders. */
  text: string
  /** What was replaced. */
  entries: readonly RedactionEntry[]
  /** Puts the original values back into a reply. */
  restore(reply: string): string
  /** A restorer for a streamed reply. */
  createStreamRestorer(): StreamRestorer
}

/**
 * Redacts one text. For a conversation, keep one {@link Redactor} across its messages instead.
 *
 * @example
 * ```ts
 * const { text, restore } = redact('身份证 11010519491231002X')
 * text                      // '身份证 [ID_1]'
 * restore('已核对 [ID_1]')   // '已核对 11010519491231002X'
 * ```
 */
export function redact(text: string, options: RedactionOptions = {}): RedactionResult {
  const redactor = new Redactor(options)
  return {
    text: redactor.redact(text),
    entries: redactor.entries,
    restore: (reply) => redactor.restore(reply),
    createStreamRestorer: () => redactor.createStreamRestorer(),
  }
}
