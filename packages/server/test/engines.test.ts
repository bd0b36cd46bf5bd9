import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

/** The Node version the root package.json promises (`engines.node: ">=20.19"`), at its lowest. */
const OLDEST_SUPPORTED_NODE = '20.19.0'

// semver is in node_modules already (through npm-installed tooling); the test only reads with it.
const semver = createRequire(import.meta.url)('semver') as { satisfies(version: string, range: string): boolean }

const lock = JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: Record<string, string> | string[]; dev?: boolean }>
}

function nodeRange(engines: Record<string, string> | string[] | undefined): string | undefined {
  if (!engines) return undefined
  if (Array.isArray(engines)) return engines.find((entry) => entry.startsWith('node '))?.slice(5)
  return engines.node
}

describe('engines of every installed package', () => {
  it(`accept Node ${OLDEST_SUPPORTED_NODE}, the oldest we promise (npm install warns EBADENGINE otherwise)`, () => {
    const refusing = Object.entries(lock.packages)
      .map(([path, entry]) => ({ path, version: entry.version, range: nodeRange(entry.engines) }))
      .filter((entry) => entry.range !== undefined && !semver.satisfies(OLDEST_SUPPORTED_NODE, entry.range))
    expect(refusing).toEqual([])
  })

  it('the check itself refuses a package that wants Node 22', () => {
    expect(semver.satisfies(OLDEST_SUPPORTED_NODE, '>=22')).toBe(false)
    expect(semver.satisfies(OLDEST_SUPPORTED_NODE, '^20.19.0 || >=22.12.0')).toBe(true)
    expect(semver.satisfies(OLDEST_SUPPORTED_NODE, '16 || 14 >=14.17')).toBe(false)
  })
})
