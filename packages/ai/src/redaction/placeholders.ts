/**
 * The placeholders that stand in for personal data (`[PHONE_1]`), and how loosely a model's
 * spelling of them is still recognised when restoring.
 */
import type { PiiType } from './detect-pii.js'

const LABELS: Record<PiiType, string> = { phone: 'PHONE', email: 'EMAIL', id: 'ID', card: 'CARD', ip: 'IP' }
const LABEL_NAMES = Object.values(LABELS)

/** The placeholder for the `index`-th (from 1) value of a type, e.g. `[PHONE_1]`. */
export function formatPlaceholder(type: PiiType, index: number): string {
  return `[${LABELS[type]}_${index}]`
}

/**
 * Matches a placeholder as a model may write it back: any case, `[`, `【` or `［` brackets, up to
 * three spaces inside the brackets, `_`, `-`, a space or nothing between label and number, and
 * half- or full-width digits. `[PHONE_1]`, `[phone_1]`, `[ PHONE 1 ]`, `【PHONE_1】` all match;
 * a bare `PHONE_1` does not (it could be ordinary text).
 */
export const PLACEHOLDER_PATTERN = /[[【［]\s{0,3}(PHONE|EMAIL|ID|CARD|IP)[\s_-]?([0-9０-９]{1,6})\s{0,3}[\]】］]/giu

const PARTIAL = /^[[【［]\s{0,3}([A-Za-z]{0,5})([\s_-]?)([0-9０-９]{0,6})\s{0,3}$/u

/** The canonical key (`PHONE_1`) of a placeholder spelled any accepted way. */
export function placeholderKey(label: string, digits: string): string {
  const number = digits.replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
  return `${label.toUpperCase()}_${Number(number)}`
}

/**
 * Whether `text` (starting at a bracket) could still grow into a placeholder, e.g. `[PHO`,
 * `[PHONE_`, `【phone_12`. Used to hold back the end of a streamed delta.
 */
export function couldBecomePlaceholder(text: string): boolean {
  const parts = PARTIAL.exec(text)
  if (parts === null) return false
  const [, letters = '', separator = '', digits = ''] = parts
  const upper = letters.toUpperCase()
  // Once a separator or digit follows, the label must be complete; before that a prefix will do.
  if (separator !== '' || digits !== '') return LABEL_NAMES.includes(upper)
  return LABEL_NAMES.some((name) => name.startsWith(upper))
}
