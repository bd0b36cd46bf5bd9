const HAN = /\p{Script=Han}/u
/** Longer messages only mention a phrase in passing ("my travel agent booked…"); they do not ask for a person. */
const MAX_ASKING_LENGTH = 100

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Whether a customer's message asks for a person: one of the phrases, case-insensitive; Chinese
 * phrases anywhere in it, others as whole words, in a message of at most 100 characters.
 *
 * @example
 * ```ts
 * asksForPerson('我要转人工', ['转人工']) // true
 * asksForPerson('Agent please', ['agent']) // true
 * asksForPerson('reagents', ['agent']) // false
 * ```
 */
export function asksForPerson(text: string, phrases: readonly string[]): boolean {
  const folded = text.normalize('NFKC').toLowerCase().trim()
  if (folded.length === 0 || folded.length > MAX_ASKING_LENGTH) return false
  return phrases.some((phrase) => {
    const wanted = phrase.normalize('NFKC').toLowerCase().trim()
    if (wanted === '') return false
    if (HAN.test(wanted)) return folded.includes(wanted)
    return new RegExp(`(^|[^\\p{L}\\p{N}])${escape(wanted).replace(/\s+/g, '\\s+')}($|[^\\p{L}\\p{N}])`, 'u').test(folded)
  })
}
