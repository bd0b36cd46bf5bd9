import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The built CLI; `npm test` builds before running tests. */
export const CLI_PATH = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))

/** A server running as a child process (so it can be killed with SIGKILL). */
export interface ServerProcess {
  child: ChildProcess
  url: string
  port: number
  output: () => string
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts `warbler start` in a child process and waits until it listens. */
export async function spawnServer(options: { dataDir: string; adminKey: string; port?: number; env?: Record<string, string> }): Promise<ServerProcess> {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run npm run build first`)
  const child = spawn(process.execPath, [CLI_PATH, 'start'], {
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      WARBLER_DATA_DIR: options.dataDir,
      WARBLER_ADMIN_KEY: options.adminKey,
      WARBLER_DEMO: 'false',
      WARBLER_LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  const port = await new Promise<number>((resolve, reject) => {
    // A node that misses the deadline is killed, so a failed start leaves no process behind.
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`server did not start within 15 s: ${output}`))
    }, 15_000)
    const check = () => {
      const match = /"port":(\d+),"storage"/.exec(output)
      if (match) {
        clearTimeout(timer)
        child.stdout!.off('data', check)
        resolve(Number(match[1]))
      }
    }
    child.stdout!.on('data', check)
    void exited.then(({ code, signal }) => reject(new Error(`server exited (code ${code}, signal ${signal}) before listening: ${output}`)))
  })
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => output, exited }
}
