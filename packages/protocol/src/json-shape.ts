import { DEFAULT_LIMITS } from './limits.js'
import { WarblerError } from './warbler-error.js'

const LONE_SURROGATE = /\p{Cs}/u

/** True when the string is well-formed UTF-16 (no lone surrogate), as `String.prototype.isWellFormed`. */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text)
}

/** How far {@link assertJsonShape} lets a JSON value go. */
export interface JsonShapeLimits {
  /** Deepest nesting of objects and arrays (the value itself is level 1). */
  maxDepth: number
  /** Most values in all, the containers themselves included. */
  maxValues: number
}

const DEFAULT_SHAPE: JsonShapeLimits = { maxDepth: DEFAULT_LIMITS.maxJsonDepth, maxValues: DEFAULT_LIMITS.maxJsonValues }

/**
 * Checks the shape of a parsed JSON value before any schema sees it: nesting at most `maxDepth`
 * levels, at most `maxValues` values, and every string and key well-formed UTF-16. Throws
 * `validation_failed` naming the path. Iterative, so a hostile depth cannot overflow the stack, and
 * paths are only spelled out for the error, so a large body costs one pass; REST bodies and
 * WebSocket frames both pass through it, so the rule holds for every string field.
 *
 * @example
 * ```ts
 * assertJsonShape(JSON.parse(text))  // throws for '{"ext":' x 5000, "\ud800" or 200,000 zeros
 * ```
 */
export function assertJsonShape(value: unknown, limits: Partial<JsonShapeLimits> = {}): void {
  const { maxDepth, maxValues } = { ...DEFAULT_SHAPE, ...limits }
  // Every value seen: its parent's index and its key there, to spell a path when one is refused.
  const parents: number[] = [-1]
  const keys: (string | number)[] = ['']
  const values: unknown[] = [value]
  const depths: number[] = [1]
  const pending: number[] = [0]
  const refuse = (at: number, problem: string): never => {
    throw new WarblerError('validation_failed', `${pathOf(parents, keys, at)}: ${problem}`)
  }
  const visit = (parent: number, key: string | number, child: unknown, depth: number) => {
    if (values.length >= maxValues) refuse(parent, `JSON may hold at most ${maxValues} values.`)
    parents.push(parent)
    keys.push(key)
    values.push(child)
    depths.push(depth)
    pending.push(values.length - 1)
  }
  while (pending.length > 0) {
    const at = pending.pop()!
    const current = values[at]
    if (typeof current === 'string') {
      if (!isWellFormedText(current)) refuse(at, 'text must be well-formed Unicode (a lone surrogate was found).')
      continue
    }
    if (typeof current !== 'object' || current === null) continue
    const depth = depths[at]!
    if (depth > maxDepth) refuse(at, `JSON may be nested at most ${maxDepth} levels deep.`)
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) visit(at, index, current[index], depth + 1)
      continue
    }
    for (const key in current) {
      if (!Object.hasOwn(current, key)) continue
      if (!isWellFormedText(key)) refuse(at, 'keys must be well-formed Unicode (a lone surrogate was found).')
      visit(at, key, (current as Record<string, unknown>)[key], depth + 1)
    }
  }
}

/** `ext.a[3].b`, from the parent links; `value` for the root. Keys are cut to 64 characters. */
function pathOf(parents: readonly number[], keys: readonly (string | number)[], at: number): string {
  const parts: string[] = []
  for (let index = at; index > 0; index = parents[index]!) {
    const key = keys[index]!
    parts.push(typeof key === 'number' ? `[${key}]` : `.${key.slice(0, 64)}`)
  }
  const path = parts.reverse().join('').replace(/^\./, '').replace(/\p{Cs}/gu, '\ufffd')
  return path || 'value'
}
