#!/usr/bin/env node
// `npm run dev`: build what is stale once, then watch. TypeScript packages rebuild with `tsc -b -w`,
// the server restarts when their output changes (`node --watch-path`), and the browser bundles rebuild
// when one of their sources changes (reload the page to see it). Ctrl-C stops everything.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { BUNDLES, TS_PACKAGES, buildBundleIfStale, buildStale, bundleInputsMtime, bundleIsStale, root } from './build-stale.mjs'

buildStale()

const children = [
  spawn(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-b', '-w', '--preserveWatchOutput', ...TS_PACKAGES],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  ),
  spawn(
    process.execPath,
    [
      ...TS_PACKAGES.map((dir) => `--watch-path=${join(root, dir, 'dist')}`),
      '--watch-preserve-output',
      join(root, 'packages/server/dist/cli/main.js'),
      'start',
    ],
    { cwd: root, stdio: 'inherit' },
  ),
]

// Bundles: poll their inputs' modification times once a second; a build failure is printed and the
// next change tries again (the server keeps serving the last good bundle).
const lastTried = new Map()
const bundleTimer = setInterval(() => {
  for (const bundle of BUNDLES) {
    if (!bundleIsStale(bundle)) continue
    const inputs = bundleInputsMtime(bundle)
    if (lastTried.get(bundle.workspace) === inputs) continue // failed on these sources: wait for an edit
    lastTried.set(bundle.workspace, inputs)
    buildBundleIfStale(bundle, { exitOnFailure: false })
  }
}, 1000)

const stopAll = (signal) => {
  clearInterval(bundleTimer)
  for (const child of children) if (child.exitCode === null) child.kill(signal)
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopAll('SIGTERM'))
for (const child of children) child.on('exit', () => {
  stopAll('SIGTERM')
  process.exitCode = child.exitCode ?? 1
})
