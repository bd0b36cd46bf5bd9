import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RetentionService } from '../../src/compliance/retention-service.js'
import { LocalFileStorage } from '../../src/files/local-file-storage.js'
import type { Storage } from '../../src/storage/storage.js'
import { durableEngines } from '../helpers/durable-engines.js'

/**
 * Purge throughput: seeds CONVERSATIONS × PER_CONVERSATION indexed messages, expires them all and
 * times one retention run. Small by default; `WARBLER_PURGE_EVENTS=50000` for the figure in
 * docs/compliance.md.
 */
const TOTAL = Number(process.env.WARBLER_PURGE_EVENTS ?? 2000)
const CONVERSATIONS = 20
const BATCH = Number(process.env.WARBLER_PURGE_BATCH ?? 200)
const PER_CONVERSATION = Math.ceil(TOTAL / CONVERSATIONS)
const DAY = 24 * 60 * 60 * 1000

const engines = await durableEngines('warbler-purge-')

for (const engine of engines) {
  describe.skipIf(Boolean(engine.skip))(`retention purge throughput (${engine.name})`, () => {
    it(`purges ${PER_CONVERSATION * CONVERSATIONS} expired messages with their search rows, seqs kept`, async () => {
      const storage = await engine.open()
      await storage.migrate()
      const now = Date.now()
      await storage.apps.create({ id: 'app_p', name: 'Purge', secretHash: 'h', signingKey: 'k', createdAt: now, settings: {} })
      await storage.apps.updateSettings('app_p', { retention: { messagesDays: 1 } } as never)
      await storage.users.create({ appId: 'app_p', id: 'u', name: 'u', kind: 'person', avatarUrl: null, ext: {}, createdAt: now })
      const conversations = []
      for (let index = 0; index < CONVERSATIONS; index++) {
        conversations.push(await storage.conversations.createGroup({ appId: 'app_p', id: `c_${index}`, kind: 'group', name: 'g', ownerId: 'u', ext: {}, createdAt: now, settings: {} }, [{ userId: 'u', role: 'owner' }]))
      }
      await Promise.all(
        conversations.map(async (conversation) => {
          for (let seq = 0; seq < PER_CONVERSATION; seq++) {
            await storage.events.append({ appId: 'app_p', conversationId: conversation.id, senderId: 'u', kind: 'message', body: { type: 'text', text: `message ${seq} lorem ipsum` }, searchTokens: `message ${seq} lorem ipsum`, ts: now - 10 * DAY + seq })
          }
        }),
      )
      const retention = new RetentionService({ storage, store: storage.compliance!, files: new LocalFileStorage(mkdtempSync(join(tmpdir(), 'warbler-purge-files-'))), audit: async () => undefined, holder: 'bench', now: Date.now }, BATCH)
      const started = performance.now()
      const report = await retention.run({ asOf: now })
      const seconds = (performance.now() - started) / 1000
      console.log(`[purge ${engine.name}] ${report.messages} messages in ${seconds.toFixed(2)} s = ${Math.round(report.messages / seconds)} messages/s (batches of ${BATCH}, ${Math.round((seconds * 1000 * BATCH) / Math.max(report.messages, 1))} ms each)`)
      expect(report.messages).toBe(PER_CONVERSATION * CONVERSATIONS)
      const page = await storage.events.range('app_p', 'c_3', { afterSeq: 0, limit: 1000 })
      expect(page.events.map((event) => event.seq)).toEqual(Array.from({ length: Math.min(PER_CONVERSATION, 1000) }, (_, index) => index + 1))
      expect(page.events.every((event) => event.body === undefined && event.recalledAt !== undefined)).toBe(true)
      await storage.conversations.addMembers('app_p', 'c_3', [{ userId: 'u', role: 'member' }], now, { hideHistory: false })
      expect(await storage.events.search('app_p', 'u', { terms: ['lorem'], limit: 10 })).toEqual([])
      await storage.close()
    }, 600_000)
  })
}
