import { loadSecretKey, SecretBox } from '../bots/secret-box.js'
import { AppKeyring } from '../compliance/keys/app-keyring.js'
import { resolveMasterKeys } from '../compliance/keys/master-key.js'
import { reencryptAll } from '../compliance/keys/reencrypt.js'
import { loadConfig } from '../config/config.js'
import { ConversationService } from '../domain/conversation-service.js'
import { createFiles } from '../files/create-files.js'
import { EncryptedFileStorage } from '../files/encrypted-file-storage.js'
import { loadFileSettings } from '../files/file-settings.js'
import { openStorage } from '../storage/open-storage.js'

/** The usage text of `warbler keys reencrypt`. */
export const REENCRYPT_USAGE = `Usage: warbler keys reencrypt [--batch <rows>]
  Seals, with each app's data key, what was stored before encryption at rest: message bodies and
  their search rows, webhook and push payloads, tool-call arguments, secrets in the clear or under
  the server key (secret-key), and file contents and thumbnails (local disk or S3). Runs in
  batches (200 rows by default), each one transaction; safe while the server runs, and a run that
  stops resumes where it was when run again. Same WARBLER_DATA_DIR / WARBLER_DATABASE_URL and
  master key as \`start\`.
`

/** `warbler keys reencrypt`: returns the exit code (0 done, 1 failed, 2 usage). */
export async function reencryptCommand(args: readonly string[], out: (text: string) => void): Promise<number> {
  let batchSize = 200
  if (args.length === 2 && args[0] === '--batch' && /^\d+$/.test(args[1]!) && Number(args[1]) >= 1 && Number(args[1]) <= 10_000) batchSize = Number(args[1])
  else if (args.length > 0) {
    out(REENCRYPT_USAGE)
    return 2
  }
  const config = loadConfig()
  const env = process.env
  let masters: ReturnType<typeof resolveMasterKeys>
  try {
    masters = resolveMasterKeys(config.dataDir, env, { create: false })
  } catch (error) {
    out(`${(error as Error).message}\n`)
    return 1
  }
  const storage = await openStorage(config)
  try {
    await storage.migrate()
    if (!storage.appKeys || !storage.compliance) throw new Error('This storage has no app key store.')
    const keyring = new AppKeyring({ store: storage.appKeys, master: masters.current, previous: masters.others, legacy: new SecretBox(loadSecretKey(config.dataDir, env)) })
    const files = await createFiles(storage, new ConversationService(storage), loadFileSettings(config.dataDir, env), (appId) => keyring.dataKey(appId))
    const report = await reencryptAll({
      store: storage.compliance,
      settings: storage.settings,
      engine: storage.kind,
      boxOf: (appId) => keyring.box(appId),
      ...(files.files instanceof EncryptedFileStorage ? { files: files.files } : {}),
      batchSize,
    })
    const lines = Object.entries(report.rewritten).map(([name, count]) => `  ${name}: ${count}`)
    out(`Sealed with the apps' data keys:\n${lines.join('\n')}\n`)
    if (report.shredded > 0) out(`${report.shredded} rows belong to deleted apps (their key is destroyed) and were left as they are.\n`)
    return 0
  } catch (error) {
    out(`Re-encryption stopped: ${(error as Error).message}\nRun it again to resume where it stopped.\n`)
    return 1
  } finally {
    await storage.close()
  }
}
