// Typed custom data end to end: custom-data.fixture.ts declares an app's custom message types and
// ext fields by declaration merging and asserts, with `expectTypeOf` and `@ts-expect-error`, that
// sends, events, history and the conversation list are typed by them. tsc checks it here; a
// declaration that stopped reaching any of those places fails the compile.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const run = promisify(execFile)
const here = fileURLToPath(new URL('.', import.meta.url))
const tsc = fileURLToPath(new URL('../../../../node_modules/typescript/bin/tsc', import.meta.url))

it('types custom message data and ext from the app’s declarations (tsc on the fixture)', async () => {
  const result = await run(process.execPath, [tsc, '-p', `${here}tsconfig.json`]).then(
    () => ({ ok: true, output: '' }),
    (error: { stdout?: string }) => ({ ok: false, output: error.stdout ?? String(error) }),
  )
  expect(result.output).toBe('')
  expect(result.ok).toBe(true)
}, 60_000)
