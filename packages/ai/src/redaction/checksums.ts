/**
 * Check digits that separate real identifiers from look-alike digit runs.
 */

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const RESIDENT_ID_CHECK_CHARACTERS = '10X98765432'

/**
 * The first two digits of a resident ID: a province-level region of GB/T 2260 (11 Beijing … 65
 * Xinjiang, 71 Taiwan, 81 Hong Kong, 82 Macao), or 9 for the foreigner's permanent residence ID.
 */
const REGION_PREFIX = /^(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12]|9\d)/

/** The GB 11643 check character of the first 17 digits of an ID. */
function residentIdCheckCharacter(first17: string): string {
  let sum = 0
  for (let index = 0; index < 17; index++) sum += Number(first17[index]) * (RESIDENT_ID_WEIGHTS[index] ?? 0)
  return RESIDENT_ID_CHECK_CHARACTERS[sum % 11]!
}

/** Whether YYYYMMDD is a real date from 1900 up to `today`. */
function isBirthDate(year: number, month: number, day: number, today: Date): boolean {
  const birth = new Date(Date.UTC(year, month - 1, day))
  const isRealDate = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day
  return isRealDate && year >= 1900 && birth.getTime() <= today.getTime()
}

/**
 * Whether an 18-character mainland China resident ID number is well formed: 17 digits and a check
 * character (`0-9` or `X`, any case) satisfying GB 11643-1999 (ISO 7064 MOD 11-2), a real region
 * prefix (see REGION_PREFIX), and a real birth date (YYYYMMDD at positions 7–14) from 1900 up to
 * `today`.
 *
 * @example
 * ```ts
 * isValidResidentId('11010519491231002X') // true
 * isValidResidentId('110105194912310021') // false: wrong check character
 * ```
 */
export function isValidResidentId(id: string, today: Date = new Date()): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(id) || !REGION_PREFIX.test(id)) return false
  if (residentIdCheckCharacter(id) !== id[17]!.toUpperCase()) return false
  return isBirthDate(Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14)), today)
}

/**
 * Whether a 15-digit resident ID of the first generation (issued until 2004, still met in old
 * records) is well formed: a real region prefix and a real birth date 19YYMMDD at positions 7–12.
 * It has no check digit, so this is weaker evidence than {@link isValidResidentId}.
 *
 * @example
 * ```ts
 * isValidOldResidentId('110105491231002') // true: born 1949-12-31
 * isValidOldResidentId('110105491331002') // false: month 13
 * ```
 */
export function isValidOldResidentId(id: string, today: Date = new Date()): boolean {
  if (!/^[1-8]\d{14}$/.test(id) || !REGION_PREFIX.test(id)) return false
  return isBirthDate(1900 + Number(id.slice(6, 8)), Number(id.slice(8, 10)), Number(id.slice(10, 12)), today)
}

/**
 * The 18-character form of a 15-digit ID (the century `19` inserted, the check character added),
 * the same number the holder's current card carries.
 *
 * @example
 * ```ts
 * toEighteenDigitResidentId('110105491231002') // '11010519491231002X'
 * ```
 */
export function toEighteenDigitResidentId(oldId: string): string {
  const first17 = `${oldId.slice(0, 6)}19${oldId.slice(6)}`
  return first17 + residentIdCheckCharacter(first17)
}

/**
 * Whether a digit string passes the Luhn check used by payment card numbers.
 *
 * @example
 * ```ts
 * passesLuhn('4111111111111111') // true
 * passesLuhn('4111111111111112') // false
 * ```
 */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false
  let sum = 0
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index])
    if (index % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}
