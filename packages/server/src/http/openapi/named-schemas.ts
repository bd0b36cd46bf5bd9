import { isDeepStrictEqual } from 'node:util'
import * as protocol from '@warbler/protocol'
import { z } from 'zod'
import { schemaOf } from './json-schema.js'

type Json = Record<string, unknown>

/** Protocol exports that are request shapes or wire frames rather than models a client keeps. */
const NOT_A_MODEL = /(Frame|Request|Query|Params|Answer)$/

/**
 * The models of `@warbler/protocol` (`User`, `Conversation`, `TextBody`, …) by their export name
 * (`ErrorResponse` is `Error`), so schemas that hold them point at `#/components/schemas/<Name>` and
 * generated clients get one named type per model instead of an anonymous copy per operation.
 */
function modelRegistry(): { registry: z.core.$ZodRegistry<{ id: string }>; byId: Map<string, z.ZodType> } {
  const registry = z.registry<{ id: string }>()
  const byId = new Map<string, z.ZodType>()
  for (const [name, value] of Object.entries(protocol)) {
    if (!(value instanceof z.ZodObject) || !/^[A-Z]/.test(name) || NOT_A_MODEL.test(name) || registry.has(value)) continue
    const id = name === 'ErrorResponse' ? 'Error' : name
    registry.add(value, { id })
    byId.set(id, value)
  }
  return { registry, byId }
}

/** Points `#/$defs/<id>` at `#/components/schemas/<name>`, with `names` choosing the name of each id. */
function rewriteRefs(node: unknown, names: Readonly<Record<string, string>> = {}): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, names))
  if (typeof node !== 'object' || node === null) return node
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (key !== '$ref' || typeof value !== 'string' || !value.startsWith('#/$defs/')) return [key, rewriteRefs(value, names)]
      const id = value.slice('#/$defs/'.length)
      return [key, `#/components/schemas/${names[id] ?? id}`]
    }),
  )
}

/**
 * Writes schemas with the protocol's models as references and collects the models used, for
 * `components.schemas`. A model reads the same in requests and answers unless a default or a
 * coercion makes what a request may send differ from what an answer holds; then the request side
 * gets its own `<Name>Input`.
 */
export class NamedSchemas {
  readonly #models = modelRegistry()
  readonly #components: Record<string, Json> = {}

  #convert(type: z.ZodType, io: 'input' | 'output'): { root: Json; defs: Record<string, Json> } {
    const { $defs, ...root } = schemaOf(type, io, this.#models.registry) as Json & { $defs?: Record<string, Json> }
    return { root, defs: $defs ?? {} }
  }

  /** The JSON Schema of an answer, referring to named models. */
  output(type: z.ZodType): Json {
    const { root, defs } = this.#convert(type, 'output')
    for (const [id, definition] of Object.entries(defs)) this.#components[id] ??= rewriteRefs(definition) as Json
    return rewriteRefs(root) as Json
  }

  /** The JSON Schema of a request body or parameter, referring to named models. */
  input(type: z.ZodType): Json {
    const { root, defs } = this.#convert(type, 'input')
    const outputs = new Map<string, Json | undefined>()
    const outputOf = (id: string) => {
      if (!outputs.has(id)) {
        const model = this.#models.byId.get(id)
        outputs.set(id, model ? (rewriteRefs(this.#convert(model, 'output').defs[id]) as Json | undefined) : undefined)
      }
      return outputs.get(id)
    }
    const names: Record<string, string> = Object.fromEntries(Object.keys(defs).map((id) => [id, id]))
    // A model whose request form differs, or that refers to one that does, takes the Input name.
    for (let changed = true; changed; ) {
      changed = false
      for (const [id, definition] of Object.entries(defs)) {
        if (names[id] !== id || isDeepStrictEqual(rewriteRefs(definition, names), outputOf(id))) continue
        names[id] = `${id}Input`
        changed = true
      }
    }
    for (const [id, definition] of Object.entries(defs)) this.#components[names[id]!] ??= rewriteRefs(definition, names) as Json
    return rewriteRefs(root, names) as Json
  }

  /** The models referred to so far, by name. */
  components(): Record<string, Json> {
    return Object.fromEntries(Object.entries(this.#components).sort(([a], [b]) => a.localeCompare(b)))
  }
}
