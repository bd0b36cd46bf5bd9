import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const BUILD_SCRIPT = fileURLToPath(new URL('../../../widget/build.mjs', import.meta.url))

/** Builds the widget from its sources into a fresh temporary directory (what `/widget.js` serves in the test). */
export async function buildWidget(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'warbler-widget-'))
  await promisify(execFile)(process.execPath, [BUILD_SCRIPT, dir], { timeout: 120_000 })
  return dir
}
