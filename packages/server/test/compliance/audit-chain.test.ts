import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditCommand } from '../../src/cli/audit-command.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { ENGINES, type RawDatabase } from './engine-fixture.js'

/** Runs `warbler audit verify` in-process against the test server's database; returns code and output. */
async function verify(env: Record<string, string>, args: string[] = ['verify']): Promise<{ code: number; output: string }> {
  const saved = { ...process.env }
  Object.assign(process.env, env)
  let output = ''
  try {
    const code = await auditCommand(args, (text) => (output += text))
    return { code, output }
  } finally {
    for (const name of Object.keys(env)) if (saved[name] === undefined) delete process.env[name]
    Object.assign(process.env, saved)
  }
}

const headOf = async (server: TestServer) => (await server.rest('GET', '/api/v1/audit/head', { secret: server.operatorKey })).body as { seq: number }

for (const engine of ENGINES) {
  const suite = engine.skip ? describe.skip : describe
  suite(`tamper-evident audit chain (${engine.name})`, () => {
    let server: TestServer
    let env: Record<string, string>
    let raw: RawDatabase
    let databaseUrl: string | undefined
    let rows: Record<string, unknown>[]
    let personal: Record<string, unknown>[]

    afterAll(() => engine.cleanup())

    beforeEach(async () => {
      const setup = engine.setup()
      databaseUrl = setup.config.databaseUrl
      server = await startTestServer({ config: setup.config })
      // Administrative actions by the operator key and by an app secret.
      const app = await server.createApp('Audited')
      await createUsers(server, app, ['alice', 'bob'])
      await server.rest('PATCH', `/api/v1/apps/${app.id}/users/alice`, { secret: app.secret, body: { name: 'Alice A.' } })
      await server.rest('POST', '/api/v1/console/owners', { secret: server.operatorKey, body: { email: 'owner@example.com', password: 'correct horse battery' } })
      env = { ...setup.env, WARBLER_DATA_DIR: server.dataDir }
      // Entries are written as each response finishes: wait for the seventh.
      for (let attempt = 0; attempt < 40 && (await headOf(server)).seq < 7; attempt++) await new Promise((resolve) => setTimeout(resolve, 25))
    })
    afterEach(async () => {
      await raw?.close()
      await server.close()
    })

    /** Stops the server and opens its database for direct edits. */
    async function tamperable(): Promise<void> {
      await server.server.close()
      raw = await engine.raw(server.dataDir, databaseUrl)
      rows = await raw.query('SELECT * FROM audit_chain ORDER BY seq')
      personal = await raw.query('SELECT * FROM audit_personal ORDER BY seq')
    }

    it('records every administrative action, serves its head to the operator, and verifies untouched', async () => {
      const head = await server.rest('GET', '/api/v1/audit/head', { secret: server.operatorKey })
      expect(head.status).toBe(200)
      // app create, 2 users, 2 tokens, a rename, the first console owner
      expect(head.body.seq).toBe(7)
      expect(head.body.mac).toMatch(/^[0-9a-f]{64}$/)
      expect((await server.rest('GET', '/api/v1/audit/head')).status).toBe(401)
      await tamperable()
      // Entries are sealed as each response finishes, so two quick requests may land in either order.
      expect(rows.map((row) => row.action).sort()).toEqual([
        'POST /api/v1/apps',
        'POST /api/v1/apps/:appId/users',
        'POST /api/v1/apps/:appId/users/:userId/tokens',
        'POST /api/v1/apps/:appId/users',
        'POST /api/v1/apps/:appId/users/:userId/tokens',
        'PATCH /api/v1/apps/:appId/users/:userId',
        'console.owner-create',
      ].sort())
      // Who and to whom live only in the side table.
      expect(JSON.stringify(rows)).not.toContain('alice')
      expect(JSON.stringify(rows)).not.toContain('owner@example.com')
      const subjects = personal.map((row) => `${rows.find((entry) => entry.seq === row.seq)!.action} ${row.subject_user_id}`)
      expect(subjects.sort()).toEqual([
        'POST /api/v1/apps null',
        'POST /api/v1/apps/:appId/users null',
        'POST /api/v1/apps/:appId/users null',
        'POST /api/v1/apps/:appId/users/:userId/tokens alice',
        'POST /api/v1/apps/:appId/users/:userId/tokens bob',
        'PATCH /api/v1/apps/:appId/users/:userId alice',
        'console.owner-create null',
      ].sort())
      const result = await verify(env)
      expect(result).toMatchObject({ code: 0 })
      expect(result.output).toContain(`Audit chain intact: 7 entries, head 7:${head.body.mac}`)
      expect((await verify(env, ['verify', '--anchor', `7:${head.body.mac}`])).code).toBe(0)
    })

    it('names an edited entry', async () => {
      await tamperable()
      await raw.query('UPDATE audit_chain SET action = ? WHERE seq = 4', ['GET /harmless'])
      expect(await verify(env)).toEqual({ code: 1, output: expect.stringContaining('Audit chain broken at entry 4 (edited)') })
      await raw.query('UPDATE audit_chain SET action = ?, status = 500 WHERE seq = 4', [rows[3]!.action])
      expect((await verify(env)).output).toContain('entry 4 (edited)')
    })

    it('names a removed entry, in the middle (with or without renumbering) and at the end', async () => {
      await tamperable()
      await raw.query('DELETE FROM audit_chain WHERE seq = 3')
      expect((await verify(env)).output).toContain('Audit chain broken at entry 3 (removed)')
      await raw.query('UPDATE audit_chain SET seq = seq - 1 WHERE seq > 3')
      const renumbered = await verify(env)
      expect(renumbered.code).toBe(1)
      expect(renumbered.output).toContain('entry 3 (removed)')
      await raw.query('DELETE FROM audit_chain')
      for (const row of rows.slice(0, 6)) await raw.query('INSERT INTO audit_chain VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', Object.values(row))
      expect((await verify(env)).output).toContain('Audit chain broken at entry 7 (removed)')
    })

    it('names an inserted entry, in the middle and at the end', async () => {
      await tamperable()
      const forged = { ...rows[2]!, action: 'POST /api/v1/apps/:appId/bots', mac: 'f'.repeat(64) }
      await raw.query('INSERT INTO audit_chain VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', Object.values({ ...forged, seq: 8, prev_mac: rows[6]!.mac }))
      expect((await verify(env)).output).toContain('Audit chain broken at entry 8 (inserted)')
      await raw.query('DELETE FROM audit_chain WHERE seq = 8')
      await raw.query('UPDATE audit_chain SET seq = seq + 100 WHERE seq >= 3')
      await raw.query('UPDATE audit_chain SET seq = seq - 99 WHERE seq >= 100')
      await raw.query('INSERT INTO audit_chain VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', Object.values({ ...forged, seq: 3, prev_mac: rows[1]!.mac }))
      expect(await verify(env)).toEqual({ code: 1, output: expect.stringContaining('Audit chain broken at entry 3 (inserted)') })
    })

    it('names edited personal data, and still verifies once a person\'s rows are erased', async () => {
      await tamperable()
      const aboutAlice = Number(personal.find((row) => row.subject_user_id === 'alice')!.seq)
      await raw.query('UPDATE audit_personal SET ip = ? WHERE seq = ?', ['203.0.113.9', aboutAlice])
      expect((await verify(env)).output).toContain(`Audit chain broken at entry ${aboutAlice} (personal-edited)`)
      await raw.query('DELETE FROM audit_personal WHERE subject_user_id = ?', ['alice'])
      expect((await verify(env)).code).toBe(0)
      expect(personal.length).toBe(7)
    })

    it('refuses to verify without the key the chain was sealed with', async () => {
      await tamperable()
      const other = await verify({ ...env, WARBLER_AUDIT_KEY: Buffer.alloc(32, 7).toString('base64') })
      expect(other.code).toBe(1)
      expect(other.output).toContain('entry 1 (edited)')
    })
  })
}
