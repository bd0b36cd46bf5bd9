#!/usr/bin/env node
// `npm start`: build only what is stale (scripts/build-stale.mjs), then run the server as a child that
// lives exactly as long as this process: signals are forwarded, and the server exits if this process
// disappears (it watches the IPC channel), so stopping `npm start` always stops the server.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { buildStale, root } from './build-stale.mjs'

if (!process.argv.includes('--no-build')) buildStale()

const server = spawn(process.execPath, [join(root, 'packages/server/dist/cli/main.js'), 'start'], {
  cwd: root,
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  env: { ...process.env, WARBLER_EXIT_WITH_PARENT: '1' },
})
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (server.exitCode === null) server.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal)
  })
}
// `npm start` runs this under a shell that does not pass signals on: when npm is stopped the shell goes
// and this process is handed to init. Noticing the new parent is how it knows to stop the server.
const parent = process.ppid
setInterval(() => {
  if (process.ppid !== parent && server.exitCode === null) server.kill('SIGTERM')
}, 500).unref()
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
