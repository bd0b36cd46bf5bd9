import { execFile } from 'node:child_process'
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { ClientFrame, ERROR_CODES, WEBHOOK_EVENT_TYPES } from '@warbler/protocol'
import openapiTS, { astToString } from 'openapi-typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { buildOpenApi } from '../../src/http/openapi.js'
import { FUTURE_ROUTES } from './future-routes.js'
import { redoclyLint } from './redocly-lint.js'

const run = promisify(execFile)
const TSC = resolve(import.meta.dirname, '../../../../node_modules/.bin/tsc')
/**
 * Rules whose warnings mean a generated client is worse: unnamed methods, unknown auth, no typed
 * errors — and examples that do not match their schema (they are part of what integrators copy).
 */
const MUST_NOT_WARN = ['operation-operationId', 'security-defined', 'operation-4xx-response', 'no-invalid-media-type-examples']
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const

type Operation = { operationId?: string; security?: unknown[]; responses: Record<string, unknown>; tags?: string[] }

let server: TestServer
let directory: string
let openApi: { paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>; webhooks: Record<string, { post: Operation & { parameters: { name: string; in: string; required: boolean }[] } }> }
let asyncApi: { asyncapi: string; components: { messages: Record<string, unknown> }; operations: Record<string, { action: string }> }

function operations(): [string, string, Operation][] {
  return Object.entries(openApi.paths).flatMap(([path, item]) => METHODS.flatMap((method) => (item[method] ? [[path, method, item[method]] as [string, string, Operation]] : [])))
}

beforeAll(async () => {
  server = await startTestServer()
  directory = mkdtempSync(join(tmpdir(), 'warbler-api-docs-'))
  openApi = (await server.rest('GET', '/api/v1/openapi.json')).body
  asyncApi = (await server.rest('GET', '/api/v1/asyncapi.json')).body
})

afterAll(async () => {
  await server?.close()
  if (directory) rmSync(directory, { recursive: true, force: true })
})

describe('the OpenAPI document', () => {
  it('passes redocly lint (recommended) with no errors and no operationId, security or 4xx warnings', async () => {
    const report = await redoclyLint(directory, 'openapi.json', openApi)
    console.info(`redocly lint openapi.json: ${report.errors} errors, ${report.warnings} warnings`, report.byRule)
    expect(report.problems.filter((problem) => problem.severity === 'error')).toEqual([])
    expect(report.problems.filter((problem) => MUST_NOT_WARN.includes(problem.ruleId))).toEqual([])
  }, 60_000)

  it('stays lint-clean when routes with no metadata at all are added (the derivation, not each route, does it)', async () => {
    const report = await redoclyLint(directory, 'future.json', buildOpenApi(FUTURE_ROUTES, { version: 'future' }))
    expect(report.problems.filter((problem) => problem.severity === 'error')).toEqual([])
    expect(report.problems.filter((problem) => MUST_NOT_WARN.includes(problem.ruleId))).toEqual([])
  }, 60_000)

  it('names every operation once, tags it, declares its security and its 4xx answers with the shared error schema', () => {
    const all = operations()
    expect(all.length).toBeGreaterThan(60)
    const ids = all.map(([, , operation]) => operation.operationId)
    expect(new Set(ids).size).toBe(ids.length)
    for (const [path, method, operation] of all) {
      const where = `${method.toUpperCase()} ${path}`
      expect(operation.operationId, where).toMatch(/^[a-z][A-Za-z0-9]+$/)
      expect(operation.tags?.length, where).toBe(1)
      expect(Array.isArray(operation.security), where).toBe(true)
      const errors = Object.keys(operation.responses).filter((status) => /^4\d\d$/.test(status))
      expect(errors.length, where).toBeGreaterThan(0)
      for (const status of errors) expect(JSON.stringify(operation.responses[status]), where).toContain('#/components/schemas/Error')
    }
    expect(openApi.paths['/api/v1/apps/{appId}/users']?.post?.operationId).toBe('createUser')
    expect(openApi.paths['/api/v1/apps/{appId}/messages']?.post?.operationId).toBe('sendMessage')
    expect(openApi.paths['/api/v1/apps/{appId}/users']?.post?.responses['201']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } } })
    expect(openApi.paths['/api/v1/apps/{appId}/files/{fileId}/url']?.get?.security).toEqual([{ appSecret: [] }, { userToken: [] }, { operatorKey: [] }])
    expect(openApi.paths['/api/v1/apps/{appId}/visitors']?.post?.security).toEqual([])
  })

  it('covers the /api/v1 endpoints registered straight on Fastify, not only the route lists', () => {
    // Such endpoints (byte streams) must be described in http/openapi/transport-operations.ts.
    const source = resolve(import.meta.dirname, '../../src')
    const files = (readdirSync(source, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.startsWith('console'))
    const raw = files.flatMap((file) => [...readFileSync(join(source, file), 'utf8').matchAll(/\.(get|post|put|patch|delete)\(\s*'(\/api\/v1\/[^']+)'/g)].map((match) => `${match[1]} ${match[2]}`))
    expect(raw.length).toBeGreaterThan(0)
    const shape = (path: string) => path.replace(/:[A-Za-z0-9_]+|\{[^}]+\}/g, '{}')
    const documented = new Set(operations().map(([path, method]) => `${method} ${shape(path)}`))
    const missing = raw.filter((entry) => !/ \/api\/v1\/(openapi|asyncapi)\.json$/.test(entry) && !documented.has(shape(entry)))
    expect(missing).toEqual([])
  })

  it('describes the multipart uploads and the binary download', () => {
    const upload = openApi.paths['/api/v1/apps/{appId}/files']?.post as unknown as { requestBody: { content: Record<string, { schema: { properties: Record<string, { format?: string }>; required: string[] } }> } }
    expect(upload.requestBody.content['multipart/form-data']?.schema.properties.file?.format).toBe('binary')
    expect(upload.requestBody.content['multipart/form-data']?.schema.required).toEqual(['conversationId', 'file'])
    const documents = openApi.paths['/api/v1/apps/{appId}/knowledge-bases/{kbId}/documents']?.post as unknown as { requestBody: { content: Record<string, unknown> } }
    expect(Object.keys(documents.requestBody.content).sort()).toEqual(['application/json', 'multipart/form-data'])
    const download = openApi.paths['/files/{fileId}']?.get as unknown as { responses: Record<string, { content?: Record<string, { schema: { format: string } }> }> }
    expect(download.responses['200']?.content?.['*/*']?.schema.format).toBe('binary')
    expect(download.responses['206']).toBeDefined()
  })

  it('has one webhook per event type, signed with Warbler-Signature', () => {
    expect(Object.keys(openApi.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort())
    for (const [type, webhook] of Object.entries(openApi.webhooks)) {
      expect(webhook.post.parameters, type).toContainEqual(expect.objectContaining({ name: 'Warbler-Signature', in: 'header', required: true }))
      expect(JSON.stringify(webhook.post), type).toContain(`"const":"${type}"`)
    }
  })

  it('generates a TypeScript client (openapi-typescript) that a small integration type-checks against and runs with', async () => {
    const types = astToString(await openapiTS(openApi as never))
    writeFileSync(join(directory, 'warbler-api.d.ts'), types)
    writeFileSync(join(directory, 'package.json'), JSON.stringify({ type: 'module' }))
    copyFileSync(resolve(import.meta.dirname, 'client-example.ts'), join(directory, 'client-example.ts'))
    // The same integration with one wrong field must not compile: the types are real, not `any`.
    writeFileSync(join(directory, 'broken-example.ts'), "import type { operations } from './warbler-api.js'\nexport const user: operations['createUser']['requestBody']['content']['application/json'] = { id: 'alice', name: 42 }\n")
    // A project of its own: strict, ESM, DOM's fetch, no @types from the tree, and skipLibCheck off so
    // the generated file is checked too. One compile for both files (tsc still emits the good one).
    const compilerOptions = { strict: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2023', 'dom'], types: [], skipLibCheck: false, outDir: 'out' }
    writeFileSync(join(directory, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['client-example.ts', 'broken-example.ts', 'warbler-api.d.ts'] }))
    const output = await run(TSC, ['-p', directory], { cwd: directory }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    )
    const diagnostics = output.split('\n').filter((line) => / error TS\d+/.test(line))
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatch(/^broken-example\.ts\(2,\d+\): error TS2322/)

    const app = await server.createApp('Client example')
    const example = (await import(pathToFileURL(join(directory, 'out', 'client-example.js')).href)) as typeof import('./client-example.js')
    const result = await example.onboard(server.url, app.id, app.secret)
    expect(result.alice).toMatchObject({ id: 'alice', name: 'Alice', kind: 'person' })
    expect(result.sent).toMatchObject({ seq: 1, duplicate: false })
    expect(result.token).toMatch(/\./)
    expect(result.unknownSender).toBe('user_not_found')
  }, 180_000)
})

describe('the AsyncAPI document', () => {
  it('passes redocly lint (recommended) with no errors and no warnings', async () => {
    expect(asyncApi.asyncapi).toBe('3.0.0')
    const report = await redoclyLint(directory, 'asyncapi.json', asyncApi)
    console.info(`redocly lint asyncapi.json: ${report.errors} errors, ${report.warnings} warnings`, report.byRule)
    expect(report.problems).toEqual([])
  }, 60_000)

  it('has a message and a send operation for every client frame, and the server frames', () => {
    for (const option of ClientFrame.options) {
      const type = option.shape.type.value
      expect(asyncApi.components.messages[`client.${type}`], type).toBeDefined()
    }
    for (const type of ['welcome', 'ack', 'result', 'error', 'event', 'message.delta', 'pong']) expect(asyncApi.components.messages[`server.${type}`], type).toBeDefined()
    const actions = Object.values(asyncApi.operations).map((operation) => operation.action)
    expect(actions.filter((action) => action === 'send').length).toBe(ClientFrame.options.length)
    expect(asyncApi.operations.sendMessageSend).toMatchObject({ reply: { messages: [{ $ref: '#/channels/ws/messages/server.ack' }, { $ref: '#/channels/ws/messages/server.error' }] } })
  })
})

describe('docs/api.md', () => {
  const docs = ['api.md', 'api.zh-CN.md'].map((name) => [name, readFileSync(resolve(import.meta.dirname, '../../../../docs', name), 'utf8')] as const)

  it('has every error code with its HTTP status in the one table, in English and 中文', () => {
    for (const [name, text] of docs) {
      for (const [code, { status }] of Object.entries(ERROR_CODES)) expect(text, `${name}: ${code}`).toMatch(new RegExp(`^\\| \`${code}\` \\| ${status} \\|`, 'm'))
    }
  })

  it('names only operationIds the document has', () => {
    const ids = new Set(operations().map(([, , operation]) => operation.operationId))
    for (const [name, text] of docs) {
      const section = text.slice(text.indexOf('## '), text.indexOf('## ', text.indexOf('## ') + 3))
      const named = [...section.matchAll(/`([a-z]+[A-Z][A-Za-z]+)`/g)].map((match) => match[1]).filter((word) => word !== 'operationId')
      expect(named.length, name).toBeGreaterThan(5)
      for (const id of named) expect(ids.has(id), `${name}: ${id}`).toBe(true)
    }
  })
})
