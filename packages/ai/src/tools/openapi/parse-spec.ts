import { WarblerError } from '@warbler/protocol'
import { parse as parseYaml } from 'yaml'

/** An OpenAPI document as parsed: only the fields the importer reads are named. */
export interface OpenApiDocument {
  openapi: string
  servers?: unknown
  paths?: Record<string, unknown>
  components?: Record<string, unknown>
  [key: string]: unknown
}

/** The largest spec text accepted (2 MB): bigger documents are not tool catalogues. */
const MAX_SPEC_CHARS = 2 * 1024 * 1024

/**
 * Reads an OpenAPI 3.0 or 3.1 document from a parsed JSON object, or from JSON or YAML text.
 * Anything else (Swagger 2.0, not an object, unreadable YAML) is refused with `validation_failed`
 * and a message saying why.
 */
export function parseSpec(input: unknown): OpenApiDocument {
  let value = input
  if (typeof input === 'string') {
    if (input.length > MAX_SPEC_CHARS) throw new WarblerError('validation_failed', 'The spec is larger than 2 MB.')
    try {
      // YAML is a superset of JSON: one parser reads both. Aliases are capped against alias bombs.
      value = parseYaml(input, { maxAliasCount: 100 })
    } catch (error) {
      throw new WarblerError('validation_failed', `The spec is neither JSON nor YAML: ${(error as Error).message.split('\n')[0]}`)
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WarblerError('validation_failed', 'The spec must be an OpenAPI document (an object).')
  const document = value as Record<string, unknown>
  if (typeof document.swagger === 'string') throw new WarblerError('validation_failed', 'Swagger 2.0 is not supported: convert the spec to OpenAPI 3 first.')
  if (typeof document.openapi !== 'string' || !/^3\.[01]\.\d+/.test(document.openapi)) {
    throw new WarblerError('validation_failed', 'Only OpenAPI 3.0 and 3.1 documents can be imported (the `openapi` field).')
  }
  if (document.paths !== undefined && (typeof document.paths !== 'object' || document.paths === null)) throw new WarblerError('validation_failed', '`paths` must be an object.')
  return document as OpenApiDocument
}
