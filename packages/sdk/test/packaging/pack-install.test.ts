// The packages as an app developer gets them: `npm pack` of @warbler/protocol, @warbler/sdk,
// @warbler/react and @warbler/widget, installed from the tarballs into a fresh project outside the repository (no
// workspace links, no `@warbler/source` condition), then the READMEs' examples run there: the
// protocol example and the SDK's Node example with plain `node` against a real server, the SDK's
// browser example bundled with Vite, the React README's example type-checked and bundled, React
// components rendered with plain node over a real server, and a TypeScript file type-checked
// against the shipped types. Needs the built `dist/` of protocol, sdk and react (npm test builds first).
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../../server/test/helpers/test-server.js'

const run = promisify(execFile)
const repo = fileURLToPath(new URL('../../../../', import.meta.url))
const packages = ['protocol', 'sdk', 'react', 'widget'] as const
/** What an app using @warbler/react installs next to it (its peers, and the types a TypeScript app has). */
const REACT_APP_DEPENDENCIES = ['react@^19.3.1', 'react-dom@^19.3.1', '@types/react@^19.3.0', '@types/react-dom@^19.3.0']
/** npm settings a CI may pass through the environment and that do not tie npm to this repository. */
const KEPT_NPM_SETTINGS = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig', 'npm_config_globalconfig'])
/**
 * No NODE_OPTIONS from the test runner (no custom conditions), and none of the `npm_*` variables
 * `npm test` sets (npm_config_local_prefix would point npm back at the repository's workspaces).
 */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_OPTIONS' && (!key.toLowerCase().startsWith('npm_') || KEPT_NPM_SETTINGS.has(key.toLowerCase()))))

let project: string
let server: TestServer
const tarballs: Record<string, { file: string; files: string[] }> = {}

/** The first fenced block of `language` after the heading `heading` in a README. */
function example(readme: string, heading: string, language: string): string {
  const section = `\n${readme}`.slice(`\n${readme}`.indexOf(`\n${heading}\n`))
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(section)
  if (!match?.[1]) throw new Error(`no ${language} example under ${heading}`)
  return match[1]
}

beforeAll(async () => {
  for (const built of ['protocol/dist/index.js', 'sdk/dist/index.js', 'react/dist/index.js', 'widget/dist/widget.js']) {
    if (!existsSync(join(repo, 'packages', built))) throw new Error(`packages/${built} is missing: run npm run build first`)
  }
  project = await mkdtemp(join(tmpdir(), 'warbler-pack-'))
  expect(project.startsWith(repo)).toBe(false)
  await Promise.all(
    packages.map(async (name) => {
      const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', project], { cwd: join(repo, 'packages', name), env: cleanEnv })
      const [packed] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }]
      tarballs[name] = { file: join(project, packed.filename), files: packed.files.map((file) => file.path) }
    }),
  )
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'warbler-consumer', private: true, type: 'module' }))
  await run('npm', ['install', ...packages.map((name) => tarballs[name]!.file), ...REACT_APP_DEPENDENCIES, '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: project, env: cleanEnv })
  server = await startTestServer()
}, 90_000)

afterAll(async () => {
  await server?.close()
  if (project) await rm(project, { recursive: true, force: true })
})

describe('packed and installed outside the repository', () => {
  it('each tarball has its README, licence, built code with types, and no tests', () => {
    for (const name of packages) {
      const files = tarballs[name]!.files
      expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']))
      expect(files.filter((file) => /\.test\.|\/testing\//.test(file))).toEqual([])
    }
    expect(tarballs.protocol!.files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/error-codes.d.ts']))
    expect(tarballs.sdk!.files).toEqual(expect.arrayContaining(['README.zh-CN.md', 'dist/index.js', 'dist/index.d.ts', 'dist/idb.d.ts', 'dist/server.d.ts']))
    expect(tarballs.widget!.files).toContain('dist/widget.js')
    expect(tarballs.react!.files).toEqual(expect.arrayContaining(['README.zh-CN.md', 'dist/index.js', 'dist/index.d.ts', 'dist/components/message-list.js', 'dist/use-messages.d.ts']))
  })

  it('renders @warbler/react components with plain node over a client connected to a real server', async () => {
    const app = await server.createApp('Packed React')
    const script = [
      "import { createElement as h } from 'react'",
      "import { renderToStaticMarkup } from 'react-dom/server'",
      "import { WarblerClient } from '@warbler/sdk'",
      "import { WarblerServerApi } from '@warbler/sdk/server'",
      "import { MessageList, WarblerProvider, storesOf } from '@warbler/react'",
      'const url = process.env.WARBLER_URL',
      'const api = new WarblerServerApi({ url, appId: process.env.WARBLER_APP_ID, secret: process.env.WARBLER_APP_SECRET })',
      "for (const id of ['ana', 'ben']) await api.createUser({ id, name: id })",
      "const client = new WarblerClient({ url, token: (await api.createToken('ana')).token })",
      'await client.connect()',
      "const chat = await client.openDirect('ben')",
      "await client.send(chat.id, { type: 'text', text: 'packed hello' })",
      'await storesOf(client).messages(chat.id).load()',
      'console.log(renderToStaticMarkup(h(WarblerProvider, { client, connect: false }, h(MessageList, { conversationId: chat.id }))))',
      'await client.close()',
      '',
    ].join('\n')
    await writeFile(join(project, 'react-node.mjs'), script)
    const { stdout } = await run(process.execPath, ['react-node.mjs'], {
      cwd: project,
      env: { ...cleanEnv, WARBLER_URL: server.url, WARBLER_APP_ID: app.id, WARBLER_APP_SECRET: app.secret },
      timeout: 20_000,
    })
    expect(stdout).toContain('<ol role="log" aria-live="polite" aria-label="Messages"><li data-seq="1"><strong>ana</strong> <span>packed hello</span></li></ol>')
  }, 30_000)

  it("type-checks and bundles the React README's example with Vite: no Node built-ins, no ws, no zod", async () => {
    await writeFile(join(project, 'react-app.tsx'), example(await readFile(join(repo, 'packages/react/README.md'), 'utf8'), '## Example', 'tsx'))
    await writeFile(
      join(project, 'tsconfig.react.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, jsx: 'react-jsx', module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2023', 'DOM'], types: [], skipLibCheck: true }, files: ['react-app.tsx'] }),
    )
    await run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.react.json'], { cwd: project, env: cleanEnv }).catch((error: { stdout?: string }) => {
      throw new Error(`tsc failed on the React README example:\n${error.stdout}`)
    })
    const { build } = (await import(join(repo, 'node_modules/vite/dist/node/index.js'))) as typeof import('vite')
    const result = (await build({
      configFile: false,
      logLevel: 'silent',
      root: project,
      define: { 'process.env.NODE_ENV': '"production"' },
      build: { write: false, minify: true, target: 'es2022', lib: { entry: join(project, 'react-app.tsx'), formats: ['es'], fileName: 'react-out' } },
    })) as import('vite').Rollup.RollupOutput[] | import('vite').Rollup.RollupOutput
    const code = (Array.isArray(result) ? result : [result])
      .flatMap((output) => output.output)
      .map((chunk) => (chunk.type === 'chunk' ? chunk.code : ''))
      .join('\n')
    expect(code).toContain('aria-live')
    expect(code).toContain('/ws')
    expect(code).not.toMatch(/from\s*["']node:|require\(|from\s*["']ws["']/)
    expect(code).not.toContain('ZodObject')
    console.log(`React README example bundle (React included): ${code.length} bytes, ${gzipSync(code).length} bytes gzipped`)
  }, 60_000)

  it("runs the protocol README's example with plain node", async () => {
    await writeFile(join(project, 'protocol.mjs'), example(await readFile(join(repo, 'packages/protocol/README.md'), 'utf8'), '# @warbler/protocol', 'js'))
    const { stdout } = await run(process.execPath, ['protocol.mjs'], { cwd: project, env: cleanEnv })
    expect(stdout.trim().split('\n')).toEqual(['true', 'text_too_long 413', 'true'])
  })

  it("runs the SDK README's Node example against a real server", async () => {
    const app = await server.createApp('Packed SDK')
    await writeFile(join(project, 'hello.mjs'), example(await readFile(join(repo, 'packages/sdk/README.md'), 'utf8'), '## Node', 'js'))
    const { stdout } = await run(process.execPath, ['hello.mjs'], {
      cwd: project,
      env: { ...cleanEnv, WARBLER_URL: server.url, WARBLER_APP_ID: app.id, WARBLER_APP_SECRET: app.secret },
      timeout: 20_000,
    })
    expect(stdout).toContain('state: connected')
    expect(stdout).toMatch(/stored as seq 1\n/)
    expect(stdout).toContain('true true')
    expect(stdout).toMatch(/\n2 messages\n/)
  }, 30_000)

  it("bundles the SDK README's browser example with Vite: no Node built-ins, no ws, no zod", async () => {
    const { build } = (await import(join(repo, 'node_modules/vite/dist/node/index.js'))) as typeof import('vite')
    await writeFile(join(project, 'browser.ts'), example(await readFile(join(repo, 'packages/sdk/README.md'), 'utf8'), '## Browser', 'ts') + '\nexport {}\n')
    const result = (await build({
      configFile: false,
      logLevel: 'silent',
      root: project,
      build: { write: false, minify: true, target: 'es2022', lib: { entry: join(project, 'browser.ts'), formats: ['es'], fileName: 'out' } },
    })) as import('vite').Rollup.RollupOutput[] | import('vite').Rollup.RollupOutput
    const code = (Array.isArray(result) ? result : [result])
      .flatMap((output) => output.output)
      .map((chunk) => (chunk.type === 'chunk' ? chunk.code : ''))
      .join('\n')
    expect(code).toContain('indexedDB')
    expect(code).toContain('/ws')
    expect(code).not.toMatch(/from\s*["']node:|require\(|from\s*["']ws["']/)
    expect(code).not.toContain('ZodObject')
    console.log(`browser example bundle: ${code.length} bytes, ${gzipSync(code).length} bytes gzipped`)
  }, 30_000)

  it('type-checks an app against the shipped types and resolves the widget script', async () => {
    await writeFile(
      join(project, 'app.ts'),
      [
        "import { WarblerClient, WarblerError, type Message } from '@warbler/sdk'",
        "import { IndexedDbStore } from '@warbler/sdk/idb'",
        "import { WarblerServerApi } from '@warbler/sdk/server'",
        "import { ERROR_CODES, type ErrorCode } from '@warbler/protocol'",
        "const client = new WarblerClient({ url: 'https://chat.example.com', token: 't', store: new IndexedDbStore({ name: 'x' }) })",
        "client.on('message', (m: Message) => console.log(m.seq, m.senderId))",
        "const code: ErrorCode = 'not_member'",
        'console.log(ERROR_CODES[code].status, WarblerError.isInstance(null), WarblerServerApi.name)',
        '// @ts-expect-error the body type is checked',
        "void client.send('c', { type: 'txt', text: 'x' })",
        // Typed custom data by declaration merging, through the shipped .d.ts files.
        "declare module '@warbler/sdk' { interface CustomMessageData { 'order.card': { orderId: string } } }",
        "void client.conversation('c').send({ type: 'custom', customType: 'order.card', data: { orderId: 'A-1' } })",
        '// @ts-expect-error the custom data is checked',
        "void client.conversation('c').send({ type: 'custom', customType: 'order.card', data: { orderId: 1 } })",
        "client.on('message', (m) => { if (m.body?.type === 'custom' && m.body.customType === 'order.card') console.log(m.body.data.orderId.toUpperCase()) })",
        '',
      ].join('\n'),
    )
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2023', 'DOM'], types: [], skipLibCheck: true }, files: ['app.ts'] }),
    )
    await run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project, env: cleanEnv }).catch((error: { stdout?: string }) => {
      throw new Error(`tsc failed in the consumer project:\n${error.stdout}`)
    })
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('@warbler/widget/widget.js'))"], { cwd: project, env: cleanEnv })
    expect(stdout.trim()).toMatch(/node_modules\/@warbler\/widget\/dist\/widget\.js$/)
  }, 30_000)
})
