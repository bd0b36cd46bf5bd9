import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Rollup } from 'vite'
import { expect, it } from 'vitest'

const here = fileURLToPath(new URL('.', import.meta.url))

async function bundle(code: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'warbler-bundle-'))
  const entry = join(dir, 'entry.js')
  await writeFile(entry, code)
  try {
    return await bundleFile(entry)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function bundleFile(entry: string): Promise<string> {
  const result = (await build({
    configFile: false,
    logLevel: 'silent',
    root: here,
    resolve: { conditions: ['@warbler/source', 'browser'] },
    build: { write: false, minify: false, lib: { entry, formats: ['es'], fileName: 'out' } },
  })) as Rollup.RollupOutput[] | Rollup.RollupOutput
  const outputs = Array.isArray(result) ? result : [result]
  return outputs
    .flatMap((output) => output.output)
    .map((chunk) => (chunk.type === 'chunk' ? chunk.code : ''))
    .join('\n')
}

it('a browser bundle of the client and the IndexedDB store has no Node built-ins, no ws and no zod', async () => {
  const code = await bundle(`
    import { WarblerClient } from '${here}index.ts'
    import { IndexedDbStore } from '${here}idb.ts'
    globalThis.client = new WarblerClient({ url: 'https://chat.example.com', token: 't', store: new IndexedDbStore() })
  `)
  expect(code).toMatch(/WarblerClient = class|class WarblerClient/)
  expect(code).not.toMatch(/from\s*["']node:|require\(|from\s*["']ws["']/)
  expect(code).not.toContain('ZodObject')
  expect(code).not.toContain('WarblerServerApi')
}, 60_000)

it('importing only the error class leaves the client out (tree-shaking)', async () => {
  const code = await bundle(`
    import { WarblerError } from '${here}index.ts'
    globalThis.error = new WarblerError('timeout')
  `)
  expect(code).toContain('WarblerError')
  expect(code).not.toMatch(/WarblerClient = class|class WarblerClient/)
  expect(code).not.toMatch(/Outbox = class|class Outbox/)
}, 60_000)
