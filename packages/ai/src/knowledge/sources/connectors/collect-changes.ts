import type { ConnectorContext, SourceChanges } from '../connector.js'
import { mapLimit } from '../map-limit.js'
import type { PageOutcome } from '../page-fetch.js'

/** A page URL as an item id: no fragment, the same spelling every run. */
export function normaliseUrl(url: string): string {
  const parsed = new URL(url)
  parsed.hash = ''
  return parsed.toString()
}

/** Reads items `concurrency` at a time and sorts each outcome into the changes of a run. */
export async function collectChanges(ids: readonly string[], context: ConnectorContext, concurrency: number, read: (id: string) => Promise<PageOutcome>): Promise<SourceChanges> {
  const changes: SourceChanges & { upserts: SourceChanges['upserts']; unchanged: string[]; missing: string[] } = { upserts: [], unchanged: [], missing: [], failures: [] }
  await mapLimit(ids, concurrency, async (id) => {
    const outcome = await read(id)
    if (outcome.kind === 'upsert') changes.upserts.push(outcome.upsert)
    else if (outcome.kind === 'unchanged') changes.unchanged.push(id)
    else if (outcome.kind === 'missing') changes.missing.push(id)
    else changes.failures.push({ itemId: id, url: id, error: outcome.error })
  }, context.signal)
  return changes
}
