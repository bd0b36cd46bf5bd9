import type { JsonSchema } from '../tool-types.js'

/** Keywords of OpenAPI's schema object that JSON Schema (and so the model) does not need. */
const DROPPED = new Set(['discriminator', 'xml', 'externalDocs', 'example', 'nullable', 'readOnly', 'writeOnly', 'deprecated'])

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Merges the parts of an `allOf`: properties and `required` united, other keywords first one wins. */
function mergeAllOf(parts: JsonSchema[], base: JsonSchema): JsonSchema {
  const merged: JsonSchema = {}
  const properties: Record<string, unknown> = {}
  const required = new Set<string>()
  for (const part of [base, ...parts]) {
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties' && isObject(value)) Object.assign(properties, value)
      else if (key === 'required' && Array.isArray(value)) {
        for (const name of value) if (typeof name === 'string') required.add(name)
      } else if (!(key in merged)) merged[key] = value
    }
  }
  if (Object.keys(properties).length > 0) {
    merged.properties = properties
    if (merged.type === undefined) merged.type = 'object'
  }
  if (required.size > 0) merged.required = [...required]
  return merged
}

/**
 * Turns an OpenAPI schema (refs already resolved) into the plain JSON Schema a model reads:
 * `allOf` merged into one object, OpenAPI 3.0's `nullable` as a `null` type, `example` as
 * `examples`, read-only properties left out of what the caller sends, OpenAPI-only keywords
 * dropped. Arrays, nested objects, enums, formats and `anyOf`/`oneOf` are kept as they are.
 */
export function toJsonSchema(schema: unknown): JsonSchema {
  if (!isObject(schema)) return {}
  let source: JsonSchema = schema
  if (Array.isArray(source.allOf) && source.allOf.every(isObject)) {
    const { allOf, ...base } = source
    source = mergeAllOf((allOf as JsonSchema[]).map((part) => toJsonSchema(part)), base)
  }
  const result: JsonSchema = {}
  for (const [key, value] of Object.entries(source)) {
    if (DROPPED.has(key)) continue
    if (key === 'properties' && isObject(value)) {
      const properties: Record<string, unknown> = {}
      for (const [name, property] of Object.entries(value)) {
        if (isObject(property) && property.readOnly === true) continue
        properties[name] = toJsonSchema(property)
      }
      result.properties = properties
    } else if ((key === 'items' || key === 'additionalProperties' || key === 'not' || key === 'contains') && isObject(value)) {
      result[key] = toJsonSchema(value)
    } else if ((key === 'anyOf' || key === 'oneOf' || key === 'prefixItems' || key === 'allOf') && Array.isArray(value)) {
      result[key] = value.map((part) => toJsonSchema(part))
    } else result[key] = value
  }
  if (source.example !== undefined && result.examples === undefined) result.examples = [source.example]
  if (source.nullable === true && typeof result.type === 'string') result.type = [result.type, 'null']
  if (isObject(result.properties) && Array.isArray(result.required)) {
    const kept = result.required.filter((name) => typeof name === 'string' && name in (result.properties as object))
    if (kept.length > 0) result.required = kept
    else delete result.required
  }
  return result
}
