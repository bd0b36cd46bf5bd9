import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const dataDirs: string[] = []
const children: ChildProcess[] = []

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Starts `command` with the launcher's arguments and resolves with it and the server's pid once listening. */
async function launch(command: string, args: string[]): Promise<{ launcher: ChildProcess; serverPid: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'warbler-start-'))
  dataDirs.push(dataDir)
  const launcher = spawn(command, args, {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', WARBLER_DATA_DIR: dataDir, WARBLER_DEMO: 'false', WARBLER_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(launcher)
  let output = ''
  launcher.stderr!.on('data', (chunk) => (output += chunk))
  const serverPid = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 25_000)
    launcher.stdout!.on('data', (chunk) => {
      output += chunk
      const match = /"pid":(\d+)[^\n]*"msg":"warbler listening"/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    launcher.once('exit', (code) => reject(new Error(`the launcher exited (${code}) before the server listened: ${output}`)))
  })
  return { launcher, serverPid }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function waitUntilGone(pid: number): Promise<void> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100))
}

describe('npm start', () => {
  it('stops the server when npm is stopped (the shell between them passes no signal on)', async () => {
    const { launcher, serverPid } = await launch('npm', ['start', '--', '--no-build'])
    expect(alive(serverPid)).toBe(true)
    launcher.kill('SIGTERM')
    await waitUntilGone(serverPid)
    expect(alive(serverPid)).toBe(false)
  }, 40_000)

  it('stops the server when the launcher is killed outright', async () => {
    const { launcher, serverPid } = await launch(process.execPath, [join(root, 'scripts/start.mjs'), '--no-build'])
    launcher.kill('SIGKILL')
    await waitUntilGone(serverPid)
    expect(alive(serverPid)).toBe(false)
  }, 40_000)
})
