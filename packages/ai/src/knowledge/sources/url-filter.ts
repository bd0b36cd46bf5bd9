import { WarblerError } from '@warbler/protocol'

/** Include/exclude patterns of a source: `*` matches any run of characters, `**` too; others are literal. */
export interface UrlPatterns {
  include?: string[]
  exclude?: string[]
}

/**
 * Whether a URL passes a source's patterns: it must match one `include` (when any are given) and
 * no `exclude`. Patterns match the whole URL (`https://example.com/docs/*`).
 */
export function urlFilter(patterns: UrlPatterns = {}): (url: string) => boolean {
  const include = (patterns.include ?? []).map(toRegExp)
  const exclude = (patterns.exclude ?? []).map(toRegExp)
  return (url) => (include.length === 0 || include.some((pattern) => pattern.test(url))) && !exclude.some((pattern) => pattern.test(url))
}

function toRegExp(pattern: string): RegExp {
  if (typeof pattern !== 'string' || pattern === '' || pattern.length > 500) throw new WarblerError('validation_failed', 'include/exclude patterns must be 1 to 500 characters.')
  const body = pattern
    .split(/\*+/)
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${body}$`)
}
