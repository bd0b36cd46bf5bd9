import { WarblerError } from '@warbler/protocol'

/** Most nodes one resolution may produce: refs can multiply a small document into a huge one. */
const MAX_NODES = 200_000
/** Deepest nesting kept. */
const MAX_DEPTH = 64

/** Reads a local JSON pointer (`#/components/schemas/Pet`) in the document. */
function pointerTarget(document: unknown, ref: string): unknown {
  const segments = ref.slice(2) === '' ? [] : ref.slice(2).split('/')
  let node: unknown = document
  for (const raw of segments) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, segment)) {
      throw new WarblerError('validation_failed', `The $ref ${ref} points at nothing in the spec.`)
    }
    node = (node as Record<string, unknown>)[segment]
  }
  return node
}

/**
 * Returns `node` with every local `$ref` replaced by a copy of what it points at (siblings of a
 * `$ref` kept over it, as OpenAPI 3.1 allows). External references (another file or URL) are
 * refused: importing must not fetch anything. A reference to itself through its own target (a
 * recursive schema) is cut at the second visit and replaced by an open object, so the result is
 * finite; so is an expansion past 200,000 nodes, which is refused.
 */
export function resolveRefs(document: unknown, node: unknown): unknown {
  let nodes = 0
  const visit = (value: unknown, stack: readonly string[], depth: number): unknown => {
    if (++nodes > MAX_NODES) throw new WarblerError('validation_failed', 'The spec expands to too many schema nodes through its $refs.')
    if (depth > MAX_DEPTH) return {}
    if (Array.isArray(value)) return value.map((item) => visit(item, stack, depth + 1))
    if (typeof value !== 'object' || value === null) return value
    const record = value as Record<string, unknown>
    const ref = record.$ref
    if (typeof ref === 'string') {
      if (!ref.startsWith('#')) throw new WarblerError('validation_failed', `External $ref ${ref} is refused: put everything in one document.`)
      const { $ref: _ignored, ...siblings } = record
      if (stack.includes(ref)) return { type: 'object', description: `(recursive: ${ref.split('/').pop()})` }
      const target = visit(pointerTarget(document, ref), [...stack, ref], depth + 1)
      const rest = visit(siblings, stack, depth + 1) as Record<string, unknown>
      return typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>), ...rest } : target
    }
    const copy: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(record)) copy[key] = visit(child, stack, depth + 1)
    return copy
  }
  return visit(node, [], 0)
}
