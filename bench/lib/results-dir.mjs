// Where a bench run writes its files. Ad-hoc runs go to the ignored test-output/bench/ so that a run
// never dirties the tracked tree; runs meant to be committed say so with `--results bench/results`.
import { mkdirSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (the folder above bench/). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The default folder of ad-hoc runs: `<repo>/test-output/bench/` (ignored by git). */
export const DEFAULT_RESULTS_DIR = resolve(ROOT, 'test-output', 'bench') + '/'

/**
 * The folder named by `--results DIR` (relative to the current directory, as a shell user means it),
 * or {@link DEFAULT_RESULTS_DIR}; always ends with `/`. `create` makes it (and its parents) first.
 */
export function resultsDirOf(args, { create = false } = {}) {
  const given = args.results
  const dir = given === undefined || given === true ? DEFAULT_RESULTS_DIR : `${(isAbsolute(String(given)) ? String(given) : resolve(process.cwd(), String(given))).replace(/\/+$/, '')}/`
  if (create) mkdirSync(dir, { recursive: true })
  return dir
}
