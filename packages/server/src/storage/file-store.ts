/** Metadata of an uploaded file; the bytes live in a {@link FileStorage} under `storageKey`. */
export interface FileRecord {
  appId: string
  id: string
  conversationId: string
  /** The user who uploaded it, or null when the app's backend did. */
  uploaderId: string | null
  /** The file name as given by the uploader (shown, never used as a path). */
  name: string
  /** The media type sniffed from the content (or the declared one when the content has no signature). */
  mime: string
  size: number
  /** SHA-256 of the content, hex. */
  sha256: string
  width: number | null
  height: number | null
  storageKey: string
  /** Key of the thumbnail (images only), null when there is none. */
  thumbnailKey: string | null
  createdAt: number
}

/** Metadata of uploaded files. */
export interface FileStore {
  create(record: FileRecord): Promise<void>
  get(appId: string, fileId: string): Promise<FileRecord | undefined>
  /** False when the file did not exist. */
  delete(appId: string, fileId: string): Promise<boolean>
}
