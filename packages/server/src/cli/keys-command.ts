import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { rotateMasterKey } from '../compliance/keys/rotate-master-key.js'
import { decodeMasterKey, resolveMasterKeys, writeNewMasterKeyFile, type MasterKey } from '../compliance/keys/master-key.js'
import { loadConfig } from '../config/config.js'
import { openStorage } from '../storage/open-storage.js'
import { reencryptCommand, REENCRYPT_USAGE } from './reencrypt-command.js'

const USAGE = `Usage: warbler keys rotate [--reencrypt]
  Re-wraps every app's data key under a new master key, for the database WARBLER_DATA_DIR or
  WARBLER_DATABASE_URL names. The data keys stay the same, so no message or secret is rewritten.
  - Master key in WARBLER_MASTER_KEY: put the new one in WARBLER_NEW_MASTER_KEY (32 bytes, base64);
    then start every node with WARBLER_MASTER_KEY set to it (WARBLER_PREVIOUS_MASTER_KEY set to the
    old one lets nodes read keys a running node wrapped meanwhile; run rotate again to finish).
  - Master key in a file (<data dir>/master-key, or WARBLER_MASTER_KEY_FILE): stop the server first.
    A new key (WARBLER_NEW_MASTER_KEY, or a random one) is kept in <file>.next while the keys are
    re-wrapped, then replaces the file. A run that stopped is finished by running it again.
  --reencrypt: then also runs \`warbler keys reencrypt\` (below).

${REENCRYPT_USAGE}`

/** `warbler keys rotate [--reencrypt]` and `warbler keys reencrypt`: returns the exit code (0 done, 1 failed, 2 usage). */
export async function keysCommand(args: readonly string[], out: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  if (args[0] === 'reencrypt') return reencryptCommand(args.slice(1), out)
  const reencrypt = args.length === 2 && args[1] === '--reencrypt'
  if ((args.length !== 1 && !reencrypt) || args[0] !== 'rotate') {
    out(USAGE)
    return 2
  }
  const rotated = await rotateCommand(out)
  return rotated === 0 && reencrypt ? reencryptCommand([], out) : rotated
}

async function rotateCommand(out: (text: string) => void): Promise<number> {
  const config = loadConfig()
  const env = process.env
  let masters: ReturnType<typeof resolveMasterKeys>
  try {
    masters = resolveMasterKeys(config.dataDir, env, { create: false })
  } catch (error) {
    out(`${(error as Error).message}\n`)
    return 1
  }
  const given = env.WARBLER_NEW_MASTER_KEY?.trim()
  if (masters.source === 'environment' && !given) {
    out(`WARBLER_MASTER_KEY is set, so the new master key must be given too: set WARBLER_NEW_MASTER_KEY (32 bytes, base64).\n\n${USAGE}`)
    return 2
  }
  let next: MasterKey
  const nextFile = masters.file && `${masters.file}.next`
  if (given) {
    next = decodeMasterKey(given, 'WARBLER_NEW_MASTER_KEY')
    if (nextFile && !existsSync(nextFile)) {
      writeFileSync(nextFile, `${next.key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
      chmodSync(nextFile, 0o600)
    }
  } else {
    // Resuming a run that stopped: the .next file holds the key it was rotating to.
    next = nextFile && existsSync(nextFile) ? decodeMasterKey(readFileSync(nextFile, 'utf8'), nextFile) : writeNewMasterKeyFile(nextFile!)
  }
  if (next.id === masters.current.id) {
    out('The new master key is the one in force already.\n')
    return 2
  }
  const storage = await openStorage(config)
  try {
    await storage.migrate()
    if (!storage.appKeys) throw new Error('This storage has no app key store.')
    const from = [masters.current, ...masters.others.filter((key) => key.id !== next.id)]
    const report = await rotateMasterKey({ store: storage.appKeys, from, to: next })
    if (masters.file && nextFile) renameSync(nextFile, masters.file)
    out(
      `Re-wrapped ${report.rewrapped} app data ${report.rewrapped === 1 ? 'key' : 'keys'} under master key ${next.id}` +
        (report.changedMeanwhile ? ` (${report.changedMeanwhile} changed meanwhile and were left as they were)` : '') +
        '.\n' +
        (masters.file ? `${masters.file} now holds the new key.\n` : 'Now start every node with WARBLER_MASTER_KEY set to the new key.\n'),
    )
    return 0
  } catch (error) {
    out(`Rotation stopped: ${(error as Error).message}\nRun it again to finish.\n`)
    return 1
  } finally {
    await storage.close()
  }
}
