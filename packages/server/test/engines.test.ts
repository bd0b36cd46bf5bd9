import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

/**
 * The Node versions the root package.json promises (`engines.node`): the oldest we keep working
 * (this machine and CI run it) and the LTS the published image runs (`deploy/Dockerfile`).
 */
const OLDEST_SUPPORTED_NODE = '20.19.0'
const IMAGE_NODE_MAJOR = 24
/** The first release of every line `engines` admits: the LTS lines from the oldest to the newest. */
const PROMISED_NODE = [OLDEST_SUPPORTED_NODE, '22.13.0', `${IMAGE_NODE_MAJOR}.0.0`, '26.0.0']

// semver is in node_modules already (through npm-installed tooling); the test only reads with it.
const semver = createRequire(import.meta.url)('semver') as { satisfies(version: string, range: string): boolean }

const lock = JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: Record<string, string> | string[]; dev?: boolean; os?: string[] }>
}
const root = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } }
const dockerfile = readFileSync(new URL('../../../deploy/Dockerfile', import.meta.url), 'utf8')

function nodeRange(engines: Record<string, string> | string[] | undefined): string | undefined {
  if (!engines) return undefined
  if (Array.isArray(engines)) return engines.find((entry) => entry.startsWith('node '))?.slice(5)
  return engines.node
}

describe('engines of every installed package', () => {
  for (const version of PROMISED_NODE) {
    it(`accept Node ${version} (npm install warns EBADENGINE otherwise)`, () => {
      const refusing = Object.entries(lock.packages)
        // Prebuilt binaries for other systems (sharp's win32-ia32) are never installed here nor in the image.
        .filter(([, entry]) => !entry.os || entry.os.includes('linux'))
        .map(([path, entry]) => ({ path, version: entry.version, range: nodeRange(entry.engines) }))
        .filter((entry) => entry.range !== undefined && !semver.satisfies(version, entry.range))
      expect(refusing).toEqual([])
    })
  }

  it('the check itself refuses a package that wants Node 22', () => {
    expect(semver.satisfies(OLDEST_SUPPORTED_NODE, '>=22')).toBe(false)
    expect(semver.satisfies(OLDEST_SUPPORTED_NODE, '^20.19.0 || >=22.12.0')).toBe(true)
    expect(semver.satisfies(OLDEST_SUPPORTED_NODE, '16 || 14 >=14.17')).toBe(false)
    expect(semver.satisfies('24.0.0', '20.x || 22.x')).toBe(false)
  })
})

describe('the promised Node versions', () => {
  it('the root engines admit the LTS lines from 20.19 to 26 and nothing else', () => {
    for (const version of PROMISED_NODE) expect(semver.satisfies(version, root.engines.node), version).toBe(true)
    // Not promised: odd releases (short-lived), 22 before 22.13 (require(esm), what the wasm bindings of the toolchain ask), and lines no dependency has tried yet.
    for (const version of ['21.0.0', '22.12.0', '23.0.0', '25.0.0', '27.0.0']) expect(semver.satisfies(version, root.engines.node), version).toBe(false)
  })

  it('every stage of the image is built on that LTS', () => {
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((match) => match[1])
    expect(bases.length).toBeGreaterThan(0)
    for (const base of bases) expect(base).toBe(`node:${IMAGE_NODE_MAJOR}-bookworm-slim`)
  })
})
