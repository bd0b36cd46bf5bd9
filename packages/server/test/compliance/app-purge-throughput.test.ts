import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppPurge } from '../../src/compliance/app-purge.js'
import { LocalFileStorage } from '../../src/files/local-file-storage.js'
import { createLogger } from '../../src/observability/logger.js'
import type { Storage } from '../../src/storage/storage.js'
import { durableEngines } from '../helpers/durable-engines.js'

/**
 * Deleted-app purge throughput: seeds CONVERSATIONS × PER_CONVERSATION indexed messages in one app
 * (and a kept app), deletes it and times the purge. Small by default; `WARBLER_PURGE_APP_EVENTS=50000`
 * for the figure in docs/compliance.md.
 */
const TOTAL = Number(process.env.WARBLER_PURGE_APP_EVENTS ?? 2000)
const CONVERSATIONS = 20
const PER_CONVERSATION = Math.ceil(TOTAL / CONVERSATIONS)

const engines = await durableEngines('warbler-app-purge-')

async function seed(storage: Storage, appId: string, now: number): Promise<void> {
  await storage.apps.create({ id: appId, name: appId, secretHash: `h_${appId}`, signingKey: 'k', createdAt: now, settings: {} })
  await storage.users.create({ appId, id: 'u', name: 'u', kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
  const conversations = []
  for (let index = 0; index < CONVERSATIONS; index++) {
    conversations.push(await storage.conversations.createGroup({ appId, id: `c_${index}`, kind: 'group', name: 'g', ownerId: 'u', ext: {}, createdAt: now, settings: {} }, [{ userId: 'u', role: 'owner' }]))
  }
  await Promise.all(
    conversations.map(async (conversation) => {
      for (let seq = 0; seq < PER_CONVERSATION; seq++) {
        await storage.events.append({ appId, conversationId: conversation.id, senderId: 'u', kind: 'message', body: { type: 'text', text: `message ${seq} lorem ipsum` }, searchTokens: `message ${seq} lorem ipsum`, ts: now + seq })
      }
    }),
  )
}

for (const engine of engines) {
  describe.skipIf(Boolean(engine.skip))(`deleted-app purge throughput (${engine.name})`, () => {
    it(`purges an app of ${PER_CONVERSATION * CONVERSATIONS} indexed messages in batches, and leaves the other app whole`, async () => {
      const storage = await engine.open()
      await storage.migrate()
      const now = Date.now()
      await seed(storage, 'app_gone', now)
      await seed(storage, 'app_kept', now)
      expect(await storage.appPurge!.markDeleted('app_gone', now)).toBe(true)
      const purge = new AppPurge({
        store: storage.appPurge!, leases: storage.compliance!, files: new LocalFileStorage(mkdtempSync(join(tmpdir(), 'warbler-app-purge-files-'))), fileRows: storage.files,
        audit: async () => undefined, holder: 'bench', now: Date.now, logger: createLogger({ level: 'silent' }),
      })
      const started = performance.now()
      const [report] = await purge.run()
      const seconds = (performance.now() - started) / 1000
      const rows = Object.values(report!.counts).reduce((sum, count) => sum + count, 0)
      console.log(`[app purge ${engine.name}] ${report!.counts.events} events, ${rows} rows in ${seconds.toFixed(2)} s = ${Math.round(report!.counts.events! / seconds)} messages/s, ${Math.round(rows / seconds)} rows/s (batches of 500) ${JSON.stringify(report!.counts)}`)
      expect(report!.counts.events).toBe(PER_CONVERSATION * CONVERSATIONS)
      expect(report!.counts.message_search).toBe(PER_CONVERSATION * CONVERSATIONS)
      expect(await storage.appPurge!.pendingDeletions()).toEqual([])
      expect((await storage.events.range('app_gone', 'c_3', { afterSeq: 0, limit: 10 })).events).toEqual([])
      expect((await storage.events.range('app_kept', 'c_3', { afterSeq: 0, limit: 1000 })).events).toHaveLength(Math.min(PER_CONVERSATION, 1000))
      expect(await storage.apps.get('app_kept')).toBeDefined()
      // A second run has nothing left to do.
      expect(await purge.run()).toEqual([])
      await storage.close()
    }, 600_000)

    it('a purge the node stopped half way is finished by the next run, under the same lease rules', async () => {
      const storage = await engine.open()
      await storage.migrate()
      const now = Date.now()
      await seed(storage, 'app_gone', now)
      expect(await storage.appPurge!.markDeleted('app_gone', now)).toBe(true)
      const purgeOf = (holder: string) =>
        new AppPurge({
          store: storage.appPurge!, leases: storage.compliance!, files: new LocalFileStorage(mkdtempSync(join(tmpdir(), 'warbler-app-purge-files-'))), fileRows: storage.files,
          audit: async () => undefined, holder, now: Date.now, logger: createLogger({ level: 'silent' }), batchSize: 7,
        })
      const first = purgeOf('node_a')
      first.kick()
      await first.stop()
      const left = await storage.events.range('app_gone', 'c_0', { afterSeq: 0, limit: 1000 })
      expect(left.events.length).toBeGreaterThan(0)
      expect(await storage.appPurge!.pendingDeletions()).toHaveLength(1)
      // The stopped node released its lease: another takes over and finishes.
      const [report] = await purgeOf('node_b').run()
      expect(report!.appId).toBe('app_gone')
      expect(await storage.appPurge!.pendingDeletions()).toEqual([])
      for (let index = 0; index < CONVERSATIONS; index++) expect((await storage.events.range('app_gone', `c_${index}`, { afterSeq: 0, limit: 10 })).events).toEqual([])
      await storage.close()
    }, 120_000)
  })
}
