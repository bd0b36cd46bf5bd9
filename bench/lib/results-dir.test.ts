import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_RESULTS_DIR, resultsDirOf } from './results-dir.mjs'

const BENCH = fileURLToPath(new URL('../', import.meta.url))
const ROOT = resolve(BENCH, '..')
const TRACKED = join(BENCH, 'results')
const scratch = mkdtempSync(join(tmpdir(), 'bench-results-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Name → modification time of every file in the tracked bench/results/. */
const trackedSnapshot = () => Object.fromEntries(readdirSync(TRACKED).map((name) => [name, statSync(join(TRACKED, name)).mtimeMs]))
const runBench = (args: string[]) => execFileSync(process.execPath, [join(BENCH, 'run.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 })

describe('bench results folder', () => {
  it('defaults to the ignored test-output/bench/, and --results DIR is taken relative to the current directory', () => {
    expect(DEFAULT_RESULTS_DIR).toBe(join(ROOT, 'test-output', 'bench') + '/')
    expect(resultsDirOf({})).toBe(DEFAULT_RESULTS_DIR)
    expect(resultsDirOf({ results: true })).toBe(DEFAULT_RESULTS_DIR)
    expect(resultsDirOf({ results: '/tmp/x//' })).toBe('/tmp/x/')
    expect(resultsDirOf({ results: 'bench/results' })).toBe(resolve(process.cwd(), 'bench/results') + '/')
    expect(execFileSync('git', ['check-ignore', '-q', join(DEFAULT_RESULTS_DIR, 'x.json')], { cwd: ROOT }).length).toBe(0)
  })

  it('no bench script writes into bench/results/ unless told to (no path built from ./results/)', () => {
    const scripts = [...readdirSync(BENCH).filter((name) => name.endsWith('.mjs')).map((name) => join(BENCH, name)), ...readdirSync(join(BENCH, 'lib')).filter((name) => name.endsWith('.mjs')).map((name) => join(BENCH, 'lib', name))]
    const offenders = scripts.filter((path) => /['"`]\.\/results\//.test(readFileSync(path, 'utf8')))
    expect(offenders).toEqual([])
  })

  it('the module scenarios honour --results DIR and leave bench/results/ untouched', () => {
    const before = trackedSnapshot()
    const dir = join(scratch, 'given')
    runBench(['--scenario', 'catchup', '--systems', 'rawWs', '--messages', '10', '--conversations', '1', '--results', dir])
    runBench(['--scenario', 'idle', '--systems', 'rawWs', '--connections', '4', '--workers', '1', '--spread', '1', '--settle', '100', '--results', dir])
    expect(readdirSync(dir).sort()).toEqual(['catchup-10.json', 'idle-4-rawWs.json'])
    expect(JSON.parse(readFileSync(join(dir, 'catchup-10.json'), 'utf8')).rawWs).toMatch(/^n\/a/)
    expect(JSON.parse(readFileSync(join(dir, 'idle-4-rawWs.json'), 'utf8')).systems.rawWs.connected).toBe(4)
    expect(trackedSnapshot()).toEqual(before)
  }, 90_000)

  it('a run without --results writes into test-output/bench/', () => {
    const before = trackedSnapshot()
    const file = join(DEFAULT_RESULTS_DIR, 'catchup-7.json')
    rmSync(file, { force: true })
    runBench(['--scenario', 'catchup', '--systems', 'rawWs', '--messages', '7', '--conversations', '1'])
    expect(JSON.parse(readFileSync(file, 'utf8')).messages).toBe(7)
    expect(trackedSnapshot()).toEqual(before)
    rmSync(file, { force: true })
  }, 60_000)
})
