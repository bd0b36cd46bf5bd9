import { DEFAULT_LIMITS } from './limits.js'
import { WarblerError } from './warbler-error.js'

const LONE_SURROGATE = /\p{Cs}/u

/** True when the string is well-formed UTF-16 (no lone surrogate), as `String.prototype.isWellFormed`. */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text)
}

/**
 * Checks the shape of a parsed JSON value before any schema sees it: nesting at most `maxDepth`
 * levels, and every string and key well-formed UTF-16. Throws `validation_failed` naming the path.
 * Iterative, so a hostile depth cannot overflow the stack; REST bodies and WebSocket frames both
 * pass through it, so the rule holds for every string field.
 *
 * @example
 * ```ts
 * assertJsonShape(JSON.parse(text))  // throws for '{"ext":' x 5000 or "\ud800"
 * ```
 */
export function assertJsonShape(value: unknown, maxDepth: number = DEFAULT_LIMITS.maxJsonDepth): void {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 1, path: '' }]
  while (stack.length > 0) {
    const { value: current, depth, path } = stack.pop()!
    if (typeof current === 'string') {
      if (!isWellFormedText(current)) throw new WarblerError('validation_failed', `${path || 'value'}: text must be well-formed Unicode (a lone surrogate was found).`)
      continue
    }
    if (typeof current !== 'object' || current === null) continue
    if (depth > maxDepth) throw new WarblerError('validation_failed', `${path || 'value'}: JSON may be nested at most ${maxDepth} levels deep.`)
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) stack.push({ value: current[index], depth: depth + 1, path: `${path}[${index}]` })
      continue
    }
    for (const [key, child] of Object.entries(current)) {
      if (!isWellFormedText(key)) throw new WarblerError('validation_failed', `${path || 'value'}: keys must be well-formed Unicode (a lone surrogate was found).`)
      stack.push({ value: child, depth: depth + 1, path: path ? `${path}.${key.slice(0, 64)}` : key.slice(0, 64) })
    }
  }
}
