import { afterAll, describe, expect, it } from 'vitest'
import { auditCommand } from '../../src/cli/audit-command.js'
import { createUsers, startTestServer } from '../helpers/test-server.js'
import { ENGINES } from './engine-fixture.js'

/** Runs `warbler audit verify` in-process against the test server's database; returns code and output. */
async function verify(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const saved = { ...process.env }
  Object.assign(process.env, env)
  let output = ''
  try {
    const code = await auditCommand(['verify'], (text) => (output += text))
    return { code, output }
  } finally {
    for (const name of Object.keys(env)) if (saved[name] === undefined) delete process.env[name]
    Object.assign(process.env, saved)
  }
}

/** Retries until `done` holds or 3 s pass (audit entries are written as each response finishes). */
async function eventually<T>(attempt: () => Promise<T>, done: (result: T) => boolean): Promise<T> {
  const deadline = Date.now() + 3000
  for (;;) {
    const result = await attempt()
    if (done(result) || Date.now() > deadline) return result
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`console audit log: personal data in the chain's side table (${engine.name})`, () => {
    afterAll(() => engine.cleanup())

    it("keeps no personal data in audit_log rows, shows it from the side table, and loses it when the person is erased; the chain still verifies", async () => {
      const { config, env } = engine.setup()
      const server = await startTestServer({ config })
      const raw = await engine.raw(server.dataDir, config.databaseUrl)
      try {
        const app = await server.createApp('Audited')
        await createUsers(server, app, ['zorbalina', 'bob'])
        await server.rest('PATCH', `/api/v1/apps/${app.id}/users/zorbalina`, { secret: app.secret, body: { name: 'Zorbalina Q.' } })
        const console = server.server.context.storage.console
        const aboutHer = (entries: Awaited<ReturnType<typeof console.listAudit>>) => entries.filter((entry) => entry.target?.includes('zorbalina'))
        // The console's screen (and CSV) still shows who did what to whom: read from the side table.
        const before = await eventually(() => console.listAudit({ limit: 100 }), (entries) => aboutHer(entries).length >= 2)
        // Minting her token and renaming her: the admin actions whose path names her.
        expect(aboutHer(before).map((entry) => entry.target).sort()).toEqual([`/api/v1/apps/${app.id}/users/zorbalina`, `/api/v1/apps/${app.id}/users/zorbalina/tokens`])
        expect(aboutHer(before).every((entry) => entry.actorId === app.id && entry.ip !== null && typeof entry.chainSeq === 'number')).toBe(true)
        // The actor filter still finds entries by the actor kept in the side table.
        expect((await console.listAudit({ limit: 100, actor: app.id })).length).toBeGreaterThanOrEqual(4)
        // audit_log rows themselves hold none of it.
        const rows = JSON.stringify(await raw.query('SELECT * FROM audit_log'))
        expect(rows).not.toContain('zorbalina')
        expect(rows).not.toContain('127.0.0.1')

        const erased = await server.rest('POST', `/api/v1/apps/${app.id}/users/zorbalina/erase`, { secret: app.secret })
        expect(erased.status).toBe(200)
        expect(erased.body.counts.auditPersonal).toBe(2)
        // Once erased, the console's entries about her keep what was done, not to whom, by whom or from where;
        // only the erasure's own entry names her (it is the record that the erasure was done).
        const after = await eventually(() => console.listAudit({ limit: 100 }), (entries) => entries.some((entry) => entry.target?.endsWith('/erase')))
        expect(aboutHer(after).map((entry) => entry.target)).toEqual([`/api/v1/apps/${app.id}/users/zorbalina/erase`])
        const scrubbed = after.filter((entry) => before.some((old) => old.id === entry.id && old.target?.includes('zorbalina')))
        expect(scrubbed).toHaveLength(2)
        for (const entry of scrubbed) expect([entry.actorId, entry.target, entry.ip, entry.userAgent, entry.details]).toEqual([null, null, null, null, null])
        expect(scrubbed.map((entry) => entry.action).sort()).toEqual(aboutHer(before).map((entry) => entry.action).sort())
        // Entries about others are untouched.
        expect(after.some((entry) => entry.target === `/api/v1/apps/${app.id}/users`)).toBe(true)

        await server.server.close()
        const verdict = await verify({ ...env, WARBLER_DATA_DIR: server.dataDir })
        expect(verdict.code, verdict.output).toBe(0)
      } finally {
        await raw.close()
        await server.close()
      }
    })
  })
}
