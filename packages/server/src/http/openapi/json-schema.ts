import { z } from 'zod'

type Json = Record<string, unknown>

/**
 * zod writes a record with enum keys (`z.record(z.enum(['low', 'high']), T)`) as `propertyNames` +
 * `additionalProperties` + `required` keys that no `properties` define; linters flag it and client
 * generators lose the keys. Spelled out as `properties`, every key keeps its type.
 */
function spellOutEnumRecords(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(spellOutEnumRecords)
  if (typeof node !== 'object' || node === null) return node
  const schema: Json = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, spellOutEnumRecords(value)]))
  const keys = (schema.propertyNames as { enum?: unknown[] } | undefined)?.enum
  if (schema.type === 'object' && Array.isArray(keys) && keys.every((key) => typeof key === 'string') && schema.properties === undefined) {
    const value = schema.additionalProperties ?? {}
    const { propertyNames: _names, additionalProperties: _additional, ...rest } = schema
    return { ...rest, properties: Object.fromEntries((keys as string[]).map((key) => [key, value])) }
  }
  return schema
}

/**
 * zod marks every answer object `additionalProperties: false` (its output is exactly its shape).
 * Published, that would make strict generated clients (Go, Python) refuse answers the day the server
 * adds a field — an additive change that must not break anyone — so answers leave it out.
 */
export function allowNewFields(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowNewFields)
  if (typeof node !== 'object' || node === null) return node
  return Object.fromEntries(Object.entries(node).filter(([key, value]) => !(key === 'additionalProperties' && value === false)).map(([key, value]) => [key, allowNewFields(value)]))
}

/**
 * With a registry of its own, zod reads no `.describe()`/`.meta()` notes from the global one; the
 * description and `deprecated` flag of a field (a deprecated list key, a cursor's description) are
 * kept anyway.
 */
function keepGlobalNotes(context: { zodSchema: z.core.$ZodTypes; jsonSchema: Json }): void {
  const notes = z.globalRegistry.get(context.zodSchema as unknown as z.ZodType) as { description?: string; deprecated?: boolean } | undefined
  if (notes?.description !== undefined && context.jsonSchema.description === undefined) context.jsonSchema.description = notes.description
  if (notes?.deprecated) context.jsonSchema.deprecated = true
}

/**
 * A zod schema as OpenAPI 3.1 JSON Schema (`input`: what a request may send; `output`: what an answer
 * holds). With `metadata`, schemas registered there are written once under `$defs` and referred to.
 */
export function schemaOf(type: z.ZodType, io: 'input' | 'output', metadata?: z.core.$ZodRegistry<{ id: string }>): Json {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(type, { io, unrepresentable: 'any', ...(metadata ? { metadata, override: keepGlobalNotes } : {}) }) as Json
  const spelled = spellOutEnumRecords(schema)
  return (io === 'output' ? allowNewFields(spelled) : spelled) as Json
}
