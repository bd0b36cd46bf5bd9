import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, expect, it } from 'vitest'

/** The issue's budget for everything the widget loads. */
const BUDGET_GZIP_BYTES = 60 * 1024
/** The loader runs on every page view of the host site: keep it small. */
const LOADER_BUDGET_GZIP_BYTES = 8 * 1024

let dir: string
const files = () => readdirSync(dir).filter((name) => name.endsWith('.js'))
const gzipSize = (name: string) => gzipSync(readFileSync(join(dir, name)), { level: 9 }).length

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warbler-widget-budget-'))
  await promisify(execFile)(process.execPath, [fileURLToPath(new URL('../build.mjs', import.meta.url)), dir], { timeout: 120_000 })
}, 150_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('widget.js and its panel stay within 60 KB gzipped, the loader within 8 KB', () => {
  const names = files()
  expect(names).toContain('widget.js')
  const panel = names.find((name) => /^panel-[A-Za-z0-9_-]+\.js$/.test(name))
  expect(panel).toBeDefined()
  const sizes = Object.fromEntries(names.map((name) => [name, gzipSize(name)]))
  const total = Object.values(sizes).reduce((sum, size) => sum + size, 0)
  console.log(`widget gzipped: ${Object.entries(sizes).map(([name, size]) => `${name} ${(size / 1024).toFixed(1)} KB`).join(', ')}; total ${(total / 1024).toFixed(1)} KB`)
  expect(sizes['widget.js']).toBeLessThanOrEqual(LOADER_BUDGET_GZIP_BYTES)
  expect(total).toBeLessThanOrEqual(BUDGET_GZIP_BYTES)
}, 30_000)

it('the loader names the hashed panel and loads it lazily; the panel has the SDK but no Node built-ins or zod', () => {
  const loader = readFileSync(join(dir, 'widget.js'), 'utf8')
  const panelName = files().find((name) => name.startsWith('panel-'))!
  expect(loader).toContain(`/widget/${panelName}`)
  expect(loader).toMatch(/import\(/)
  expect(loader).not.toMatch(/class \w*WarblerClient|WebSocket/)
  const panel = readFileSync(join(dir, panelName), 'utf8')
  expect(panel).toMatch(/WebSocket/)
  expect(panel).toMatch(/export\s*\{[^}]*mountPanel/)
  expect(panel).not.toMatch(/from\s*["']node:|require\(|ZodObject/)
})
