// Shared by `npm start` and `npm run dev`: build only what is stale. TypeScript packages build
// incrementally (`tsc -b` is a no-op when nothing changed); the two browser bundles (chat/console and
// the widget) are rebuilt only when one of their inputs is newer than their last build (a stamp file
// in their dist folder).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
/** The TypeScript packages the server runs from (built with `tsc -b`). */
export const TS_PACKAGES = ['protocol', 'ai', 'sdk', 'server'].map((name) => `packages/${name}`)
/** Browser bundles: the workspace to build, its output folder and the folders its bundle reads. */
export const BUNDLES = [
  { workspace: '@warbler/web', dist: 'packages/web/dist', inputs: ['packages/web', 'packages/react/src'] },
  { workspace: '@warbler/widget', dist: 'packages/widget/dist', inputs: ['packages/widget'] },
]
const SHARED_INPUTS = ['packages/sdk/src', 'packages/protocol/src']
const STAMP = '.build-stamp'
const SKIP = new Set(['node_modules', 'dist', '.turbo', 'test-output'])

/** The newest modification time (ms) of any file under `dir`, skipping build output and dependencies. */
function newestMtime(dir) {
  if (!existsSync(dir)) return 0
  const stat = statSync(dir)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue
    newest = Math.max(newest, newestMtime(join(dir, entry.name)))
  }
  return newest
}

function run(command, args, exitOnFailure = true) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  if (result.status === 0) return true
  if (exitOnFailure) process.exit(result.status ?? 1)
  return false
}

/** Builds the TypeScript packages incrementally, then each browser bundle whose inputs changed. */
export function buildStale() {
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', ...TS_PACKAGES])
  for (const bundle of BUNDLES) buildBundleIfStale(bundle)
}

/** Rebuilds one browser bundle when an input is newer than its last build; says whether it did. */
export function buildBundleIfStale(bundle, { exitOnFailure = true } = {}) {
  if (!bundleIsStale(bundle)) return false
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  if (!run(npm, ['run', 'build', '-w', bundle.workspace], exitOnFailure)) return false
  writeFileSync(join(root, bundle.dist, STAMP), `${new Date().toISOString()}\n`)
  return true
}

/** Whether a bundle has never been built by these scripts or one of its inputs changed since. */
export function bundleIsStale(bundle) {
  const stamp = join(root, bundle.dist, STAMP)
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0
  return built === 0 || bundleInputsMtime(bundle) > built
}

/** The newest modification time (ms) among a bundle's inputs. */
export function bundleInputsMtime(bundle) {
  return Math.max(...[...bundle.inputs, ...SHARED_INPUTS].map((dir) => newestMtime(join(root, dir))))
}

