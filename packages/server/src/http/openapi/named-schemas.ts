import * as protocol from '@warbler/protocol'
import { z } from 'zod'
import { schemaOf } from './json-schema.js'

type Json = Record<string, unknown>

/** Protocol exports that are request shapes or wire frames rather than models a client keeps. */
const NOT_A_MODEL = /(Frame|Request|Query|Params|Answer)$/

/**
 * The models of `@warbler/protocol` (`User`, `Conversation`, `Webhook`, …) by their export name, so
 * answers that hold them point at `#/components/schemas/<Name>` and generated clients get one named
 * type per model instead of an anonymous copy per operation.
 */
function modelRegistry(): z.core.$ZodRegistry<{ id: string }> {
  const registry = z.registry<{ id: string }>()
  for (const [name, value] of Object.entries(protocol)) {
    if (!(value instanceof z.ZodObject) || !/^[A-Z]/.test(name) || NOT_A_MODEL.test(name) || registry.has(value)) continue
    registry.add(value, { id: name === 'ErrorResponse' ? 'Error' : name })
  }
  return registry
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs)
  if (typeof node !== 'object' || node === null) return node
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' ? value.replace('#/$defs/', '#/components/schemas/') : rewriteRefs(value)]),
  )
}

/**
 * Writes answer schemas with the protocol's models as references and collects the models used, for
 * `components.schemas`. Request bodies stay inline (`schemaOf(…, 'input')`): what a request may omit
 * (defaults) differs from what an answer always holds.
 */
export class NamedSchemas {
  readonly #registry = modelRegistry()
  readonly #components: Record<string, Json> = {}

  /** The JSON Schema of an answer, referring to named models. */
  output(type: z.ZodType): Json {
    const { $defs, ...schema } = schemaOf(type, 'output', this.#registry) as Json & { $defs?: Record<string, Json> }
    for (const [name, definition] of Object.entries($defs ?? {})) this.#components[name] ??= rewriteRefs(definition) as Json
    return rewriteRefs(schema) as Json
  }

  /** The models referred to so far, by name. */
  components(): Record<string, Json> {
    return Object.fromEntries(Object.entries(this.#components).sort(([a], [b]) => a.localeCompare(b)))
  }
}
