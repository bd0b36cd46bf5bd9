/**
 * Check digits that separate real identifiers from look-alike digit runs.
 */

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const RESIDENT_ID_CHECK_CHARACTERS = '10X98765432'

/**
 * Whether an 18-character mainland China resident ID number is well formed: 17 digits and a check
 * character (`0-9` or `X`, any case) satisfying GB 11643-1999 (ISO 7064 MOD 11-2), a region code
 * not starting with 0, and a real birth date (YYYYMMDD at positions 7–14) from 1900 up to `today`.
 *
 * @example
 * ```ts
 * isValidResidentId('11010519491231002X') // true
 * isValidResidentId('110105194912310021') // false: wrong check character
 * ```
 */
export function isValidResidentId(id: string, today: Date = new Date()): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(id)) return false
  let sum = 0
  for (let index = 0; index < 17; index++) sum += Number(id[index]) * (RESIDENT_ID_WEIGHTS[index] ?? 0)
  if (RESIDENT_ID_CHECK_CHARACTERS[sum % 11] !== id[17]!.toUpperCase()) return false
  const year = Number(id.slice(6, 10))
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  const birth = new Date(Date.UTC(year, month - 1, day))
  const isRealDate = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day
  return isRealDate && year >= 1900 && birth.getTime() <= today.getTime()
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
