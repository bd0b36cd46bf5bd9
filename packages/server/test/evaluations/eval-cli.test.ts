import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evalCommand } from '../../src/evaluations/eval-command.js'
import { startEvaluationFixture, type EvaluationFixture } from './evaluation-fixture.js'

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))
/** The built CLI knows `eval` once the server is built (`npx tsc -b packages/server`). */
const BUILT = existsSync(fileURLToPath(new URL('../../dist/evaluations/eval-command.js', import.meta.url)))

describe('warbler eval run: CI of a bot configuration', () => {
  let fixture: EvaluationFixture
  let setId: string
  const env = () => ({ WARBLER_URL: fixture.server.url, WARBLER_APP_ID: fixture.app.id, WARBLER_APP_SECRET: fixture.app.secret })
  const run = async (args: string[]) => {
    let text = ''
    const code = await evalCommand(args, { env: env(), out: (chunk) => (text += chunk), fetch, pollMs: 50 })
    return { code, text }
  }

  beforeAll(async () => {
    fixture = await startEvaluationFixture()
    await fixture.rest('POST', '/bots', { id: 'helper', name: 'Helper', knowledgeBaseIds: [fixture.kbId] })
    const set = await fixture.rest('POST', '/eval-sets', {
      name: 'CI', items: [
        { question: 'How much is the Pro plan?', expected: ['99 yuan'], expectedDocumentIds: [fixture.documentId] },
        { question: 'What are your opening hours?', expected: ['9:00'], expectedDocumentIds: [fixture.documentId] },
      ],
    })
    setId = set.body.id
  })
  afterAll(() => fixture.close())

  it('exits 0 without a regression and 1 when a configuration change makes answers worse', async () => {
    const first = await run(['run', '--set', setId, '--bot', 'helper'])
    expect(first.code).toBe(0)
    expect(first.text).toMatch(/answer match\s+100\.0%/)
    const baseline = /Eval run (\S+):/.exec(first.text)![1]!

    const same = await run(['run', '--set', setId, '--bot', 'helper', '--baseline', baseline, '--max-drop', '0.02'])
    expect(same.code).toBe(0)
    expect(same.text).toContain('No regression beyond 2.0%')

    // Someone detaches the knowledge base: the bot now declines everything.
    await fixture.rest('PATCH', '/bots/helper', { knowledgeBaseIds: [] })
    const worse = await run(['run', '--set', setId, '--bot', 'helper', '--baseline', baseline])
    expect(worse.code).toBe(1)
    expect(worse.text).toMatch(/REGRESSION answerMatch: 100\.0% → 0\.0%/)
    expect(worse.text).toMatch(/REGRESSION handoffRate/)
    // A large enough allowance lets it pass.
    expect((await run(['run', '--set', setId, '--bot', 'helper', '--baseline', baseline, '--max-drop', '1'])).code).toBe(0)

    if (BUILT) {
      // The real binary, as CI runs it: the same regression, the same exit code.
      const exit = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        execFile(process.execPath, [CLI, 'eval', 'run', '--set', setId, '--bot', 'helper', '--baseline', baseline], { env: { ...process.env, ...env() } }, (error, stdout) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout }),
        )
      })
      expect(exit.code).toBe(1)
      expect(exit.stdout).toContain('REGRESSION answerMatch')
    }
    await fixture.rest('PATCH', '/bots/helper', { knowledgeBaseIds: [fixture.kbId] })
  })

  it('explains its usage, a missing secret and a run it cannot start, with distinct exit codes', async () => {
    expect((await run(['run', '--set', setId])).code).toBe(2)
    expect((await run(['run', '--set', setId, '--bot', 'helper', '--max-drop', 'lots'])).code).toBe(2)
    let text = ''
    expect(await evalCommand(['run', '--set', setId, '--bot', 'helper'], { env: { WARBLER_URL: fixture.server.url }, out: (chunk) => (text += chunk), fetch })).toBe(2)
    expect(text).toContain('WARBLER_APP_SECRET')
    const ghost = await run(['run', '--set', setId, '--bot', 'ghost'])
    expect(ghost).toMatchObject({ code: 3, text: expect.stringContaining('No bot ghost') })
  })
})
