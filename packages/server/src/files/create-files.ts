import type { ConversationService } from '../domain/conversation-service.js'
import type { Storage } from '../storage/storage.js'
import type { FileSettings } from './file-settings.js'
import { EncryptedFileStorage } from './encrypted-file-storage.js'
import { FileService } from './file-service.js'
import { LocalFileStorage } from './local-file-storage.js'
import { S3FileStorage } from './s3-file-storage.js'
import { FileUrlSigner } from './url-signer.js'

/**
 * Builds the file service of a node: S3 when configured, local disk otherwise, the bytes encrypted
 * at rest with each app's data key when `dataKeyOf` is given (the node's keyring), and the URL
 * signer keyed by the server secret in the settings table.
 *
 * @example
 * ```ts
 * const files = await createFiles(storage, conversations, loadFileSettings(config.dataDir), (appId) => keyring.dataKey(appId))
 * ```
 */
export async function createFiles(
  storage: Storage,
  conversations: ConversationService,
  settings: FileSettings,
  dataKeyOf?: (appId: string) => Promise<Buffer>,
): Promise<FileService> {
  const raw = settings.s3 ? new S3FileStorage(settings.s3) : new LocalFileStorage(settings.localDir)
  const bytes = dataKeyOf ? new EncryptedFileStorage(raw, dataKeyOf) : raw
  return new FileService(storage, conversations, bytes, await FileUrlSigner.load(storage.settings), settings)
}
