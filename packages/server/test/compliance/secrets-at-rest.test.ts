import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startFakeOpenAIServer } from '../../../ai/src/testing/fake-openai-server.js'
import { loadSecretKey, SecretBox } from '../../src/bots/secret-box.js'
import { RawClient } from '../helpers/raw-client.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { ENGINES } from './engine-fixture.js'

const PROVIDER_KEY = 'sk-test-secret'

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`secrets sealed with the app's data key (${engine.name})`, () => {
    afterAll(() => engine.cleanup())

    it('seals bot keys, webhook and hook secrets, push credentials, identity and signing keys with the app key; rows sealed before keep working and are sealed anew when written', async () => {
      const provider = await startFakeOpenAIServer({ models: ['fake-primary'], apiKey: PROVIDER_KEY })
      const { config } = engine.setup()
      const dataDir = mkdtempSync(join(tmpdir(), 'warbler-secrets-'))
      const start = () => startTestServer({ config, dataDir, server: { bots: { outboundAllowlist: ['127.0.0.0/8'] }, webhooks: { outboundAllowlist: ['127.0.0.1'] } } })
      let server: TestServer = await start()
      const raw = await engine.raw(dataDir, config.databaseUrl)
      try {
        const app = await server.createApp()
        const { alice } = await createUsers(server, app, ['alice'])
        const asApp = { secret: app.secret }
        const bot = await server.rest('POST', `/api/v1/apps/${app.id}/bots`, { ...asApp, body: { id: 'helper', name: 'Helper', provider: { baseUrl: provider.baseURL, apiKey: PROVIDER_KEY, model: 'fake-primary' } } })
        expect(bot.status).toBe(201)
        const webhook = await server.rest('POST', `/api/v1/apps/${app.id}/webhooks`, { ...asApp, body: { url: 'http://127.0.0.1:9/in', events: ['user.created'] } })
        expect(webhook.status, JSON.stringify(webhook.body)).toBe(201)
        const webhookSecret = webhook.body.secret as string
        expect(webhookSecret).toMatch(/^whsec_/)
        expect((await server.rest('POST', `/api/v1/apps/${app.id}/identity-secret`, asApp)).status).toBe(200)
        expect((await server.rest('GET', `/api/v1/apps/${app.id}/push/vapid-public-key`, asApp)).status).toBe(200)
        const jwks = await server.rest('GET', `/api/v1/apps/${app.id}/jwks.json`)
        expect(jwks.body.keys).toHaveLength(1)

        // At rest: every one of them is an `a1:` text under the app's key, none in the clear.
        const sealedColumns = [
          { table: 'bots', column: 'api_key_ciphertext', where: 'app_id = ?' },
          { table: 'webhooks', column: 'secret', where: 'app_id = ?' },
          { table: 'push_credentials', column: 'sealed', where: 'app_id = ?' },
          { table: 'tool_signing_keys', column: 'private_jwk_ciphertext', where: 'app_id = ?' },
          { table: 'apps', column: 'signing_key', where: 'id = ?' },
          { table: 'settings', column: 'value', where: `key = 'widget.identity-secret.' || ?` },
        ]
        const valueOf = async (table: string, column: string, where: string) => String((await raw.query(`SELECT ${column} AS v FROM ${table} WHERE ${where}`, [app.id]))[0]!.v)
        for (const { table, column, where } of sealedColumns) expect(await valueOf(table, column, where), `${table}.${column}`).toMatch(/^a1:/)
        expect(await valueOf('webhooks', 'secret', 'app_id = ?')).not.toContain(webhookSecret)
        expect((await raw.query('SELECT master_key_id, wrapped FROM app_keys WHERE app_id = ?', [app.id]))[0]).toMatchObject({ wrapped: expect.stringMatching(/^k1:/) })

        // They work: the provider gets the key, the dispatcher's store read gives the secret, a token verifies.
        const completion = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${app.secret}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'helper', messages: [{ role: 'user', content: 'hi' }] }) })
        expect(completion.status).toBe(200)
        expect(provider.requests.at(-1)!.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`)
        expect((await server.server.context.storage.webhooks.get(app.id, webhook.body.id))!.secret).toBe(webhookSecret)
        ;(await RawClient.connect(server.url, alice!)).close()

        // Rows as an older server left them: secrets sealed with the server key (`v1:`), webhook secrets and the token key in the clear.
        const box = await server.server.context.boxes!.box(app.id)
        const opened = new Map<string, string>()
        for (const { table, column, where } of sealedColumns) opened.set(table, box.decrypt(await valueOf(table, column, where)))
        await server.close()
        const legacy = new SecretBox(loadSecretKey(dataDir, {}))
        for (const { table, column, where } of sealedColumns) {
          const clear = table === 'webhooks' || table === 'apps'
          const old = clear ? opened.get(table)! : legacy.encrypt(opened.get(table)!)
          await raw.query(`UPDATE ${table} SET ${column} = ? WHERE ${where}`, [old, app.id])
        }
        expect(await valueOf('apps', 'signing_key', 'id = ?')).not.toMatch(/^a1:/)

        server = await start()
        const before = provider.requests.length
        const again = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${app.secret}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'helper', messages: [{ role: 'user', content: 'hi again' }] }) })
        expect(again.status).toBe(200)
        expect(provider.requests.length).toBe(before + 1)
        expect(provider.requests.at(-1)!.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`)
        expect((await server.server.context.storage.webhooks.get(app.id, webhook.body.id))!.secret).toBe(webhookSecret)
        // The token issued before the restart was signed with the key now stored in the clear.
        ;(await RawClient.connect(server.url, alice!)).close()
        expect((await server.rest('GET', `/api/v1/apps/${app.id}/jwks.json`)).body).toEqual(jwks.body)
        expect(await server.server.context.push.service.credentials(app.id, 'webpush')).toEqual(JSON.parse(opened.get('push_credentials')!))

        // Written again, they are sealed with the app key.
        const rotated = await server.rest('POST', `/api/v1/apps/${app.id}/webhooks/${webhook.body.id}/secret`, asApp)
        expect(await valueOf('webhooks', 'secret', 'app_id = ?')).toMatch(/^a1:/)
        expect((await server.server.context.storage.webhooks.get(app.id, webhook.body.id))!.secret).toBe(rotated.body.secret)
        expect((await server.rest('PATCH', `/api/v1/apps/${app.id}/bots/helper`, { ...asApp, body: { provider: { apiKey: PROVIDER_KEY } } })).status).toBe(200)
        expect(await valueOf('bots', 'api_key_ciphertext', 'app_id = ?')).toMatch(/^a1:/)
      } finally {
        await raw.close()
        await server.close().catch(() => {})
        await provider.close()
        rmSync(dataDir, { recursive: true, force: true })
      }
    })
  })
}
