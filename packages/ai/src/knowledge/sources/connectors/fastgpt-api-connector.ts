import { WarblerError } from '@warbler/protocol'
import type { ConnectorContext, SourceChanges, SourceConnector, SourceUpsert } from '../connector.js'
import { mapLimit } from '../map-limit.js'
import { contentOf } from '../page-fetch.js'

/** Settings of a FastGPT "API file library" source. */
export interface FastGptApiSourceConfig {
  /** The service's base URL (`https://files.example.com/api`); the three endpoints hang off it. */
  url: string
  /** Sent as `Authorization: Bearer <token>`. A secret: never logged or shown. */
  token?: string
  /** The folder id the tree starts from (FastGPT's `basePath`); the root when absent. */
  basePath?: string
  /** Most files (default 5,000). */
  maxFiles?: number
  /** Files read at once (default 4). */
  concurrency?: number
  /** Files per batch the sync writes before reading more (default 200). */
  batchSize?: number
}

/** `FileListItem` of the contract. */
interface FileListItem {
  id: string
  parentId: string | null
  name: string
  type: 'file' | 'folder'
  updateTime?: string
  createTime?: string
  hasChild?: boolean
}

/** The envelope every endpoint answers with. */
interface Envelope<T> {
  code?: number
  success?: boolean
  message?: string
  data?: T
}

/** The most folders walked, so a cyclic tree ends. */
const MAX_FOLDERS = 2000

/**
 * Any service implementing FastGPT's API file library (existing connectors to Feishu, Yuque,
 * DingTalk, Confluence…): `POST /v1/file/list { parentId, searchKey }` walks the tree,
 * `GET /v1/file/content?id=` gives `{ title, content }` (text/markdown) or `{ previewUrl }` (a file
 * to download), `GET /v1/file/read?id=` the link readers open, which citations carry. A file whose
 * `updateTime` has not moved is not read again; a file gone from the tree is a delete.
 */
export function fastGptApiConnector(config: FastGptApiSourceConfig): SourceConnector {
  const base = config.url.replace(/\/+$/, '')
  const headers: Record<string, string> = config.token ? { authorization: `Bearer ${config.token}` } : {}
  let listing: string[] | undefined
  /** The file list of the run under way, walked batch by batch. */
  let run: { files: FileListItem[]; offset: number } | undefined

  async function call<T>(context: ConnectorContext, path: string, request: { json?: unknown }): Promise<T> {
    const response = await context.http.send(`${base}${path}`, { method: request.json === undefined ? 'GET' : 'POST', headers, accept: 'application/json', ...request })
    if (response.status !== 200) throw new WarblerError('upstream_failed', `The file library answered HTTP ${response.status} for ${path.split('?')[0]}.`)
    let envelope: Envelope<T>
    try {
      envelope = JSON.parse(response.text()) as Envelope<T>
    } catch {
      throw new WarblerError('upstream_failed', `The file library answered ${path.split('?')[0]} with something other than JSON.`)
    }
    if (envelope.success === false || (envelope.code !== undefined && envelope.code !== 200) || envelope.data === undefined) {
      throw new WarblerError('upstream_failed', `The file library refused ${path.split('?')[0]}: ${String(envelope.message || 'no reason given').slice(0, 200)}`)
    }
    return envelope.data
  }

  async function listFiles(context: ConnectorContext): Promise<FileListItem[]> {
    const files: FileListItem[] = []
    const folders: (string | null)[] = [config.basePath ?? null]
    const seen = new Set<string | null>()
    const maxFiles = config.maxFiles ?? 5000
    while (folders.length > 0 && seen.size < MAX_FOLDERS && files.length < maxFiles) {
      const parentId = folders.shift()!
      if (seen.has(parentId)) continue
      seen.add(parentId)
      const items = await call<FileListItem[]>(context, '/v1/file/list', { json: { parentId, searchKey: '' } })
      if (!Array.isArray(items)) throw new WarblerError('upstream_failed', 'The file library listed something other than an array of files.')
      for (const item of items) {
        if (typeof item?.id !== 'string' || item.id === '') continue
        if (item.type === 'folder') folders.push(item.id)
        else if (files.length < maxFiles) files.push(item)
      }
    }
    return files
  }

  async function readFile(context: ConnectorContext, file: FileListItem): Promise<SourceUpsert> {
    const id = encodeURIComponent(file.id)
    const content = await call<{ title?: string; content?: string; previewUrl?: string }>(context, `/v1/file/content?id=${id}`, {})
    let link: string | undefined
    try {
      const read = await call<{ url?: string }>(context, `/v1/file/read?id=${id}`, {})
      if (typeof read.url === 'string' && /^https?:\/\//i.test(read.url)) link = read.url
    } catch {
      // A library without reading links still syncs; citations then point at the library.
    }
    const title = (typeof content.title === 'string' && content.title.trim()) || file.name
    const version = file.updateTime ? { version: String(file.updateTime) } : {}
    if (typeof content.content === 'string') {
      const format = /\.html?$/i.test(file.name) ? 'html' : /\.txt$/i.test(file.name) ? 'text' : 'markdown'
      return { itemId: file.id, url: link ?? base, title, content: { format, text: content.content }, ...version }
    }
    if (typeof content.previewUrl === 'string') {
      const response = await context.http.get(content.previewUrl)
      if (response.status !== 200) throw new WarblerError('upstream_failed', `The file's download link answered HTTP ${response.status}.`)
      const body = contentOf(response)
      if (!body) throw new WarblerError('unsupported_media_type', `${file.name} is ${response.contentType}, which cannot be read.`)
      if (body.format === 'file') body.filename = file.name.includes('.') ? file.name : body.filename
      return { itemId: file.id, url: link ?? base, title, content: body, ...version }
    }
    throw new WarblerError('upstream_failed', `The file library gave neither content nor previewUrl for ${file.name}.`)
  }

  return {
    kind: 'fastgpt-api',
    async listChanges(checkpoint, context) {
      const cursor = checkpoint?.startsWith('cursor:') ? Number(checkpoint.slice(7)) : undefined
      if (!run || cursor !== run.offset) run = { files: await listFiles(context), offset: 0 }
      const current = run
      const batch = current.files.slice(current.offset, current.offset + (config.batchSize ?? 200))
      const changes: SourceChanges & { unchanged: string[] } = { upserts: [], unchanged: [], failures: [], total: current.files.length }
      await mapLimit(batch, config.concurrency ?? 4, async (file) => {
        const known = context.previous(file.id)
        if (known && file.updateTime && known.version === String(file.updateTime)) {
          changes.unchanged.push(file.id)
          return
        }
        try {
          changes.upserts.push(await readFile(context, file))
        } catch (error) {
          changes.failures.push({ itemId: file.id, error: error instanceof Error ? error.message : String(error) })
        }
      }, context.signal)
      current.offset += batch.length
      if (current.offset < current.files.length) {
        changes.hasMore = true
        changes.nextCheckpoint = `cursor:${current.offset}`
        return changes
      }
      listing = current.files.map((file) => file.id)
      run = undefined
      const listed = new Set(listing)
      changes.deletes = context.knownIds().filter((id) => !listed.has(id))
      changes.nextCheckpoint = new Date().toISOString()
      return changes
    },
    async listAllIds(context) {
      return listing ?? (await listFiles(context)).map((file) => file.id)
    },
  }
}
