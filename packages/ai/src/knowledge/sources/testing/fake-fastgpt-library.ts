import type http from 'node:http'
import type { SiteHandler } from './local-site.js'

/** A file or folder of the fake library. */
export interface FakeLibraryFile {
  id: string
  parentId: string | null
  name: string
  type: 'file' | 'folder'
  updateTime: string
  /** Markdown served by `/v1/file/content` (files only). */
  content?: string
  /** Served as `previewUrl` instead of `content`: where the file is downloaded. */
  previewUrl?: string
}

/**
 * A service implementing FastGPT's API file library contract (`POST /v1/file/list`,
 * `GET /v1/file/content?id=`, `GET /v1/file/read?id=`), answering in FastGPT's envelope and
 * refusing a wrong bearer token, as a real connector to Feishu or Yuque would.
 */
export function fakeFastGptLibrary(options: { token: string; readBase: string }) {
  const files = new Map<string, FakeLibraryFile>()
  const ok = (data: unknown) => ({ status: 200, json: { code: 200, success: true, message: '', data } })
  const handler: SiteHandler = (request: http.IncomingMessage, body: string) => {
    const url = new URL(request.url ?? '/', 'http://local')
    if (!url.pathname.startsWith('/api/v1/file/')) return undefined
    if (request.headers.authorization !== `Bearer ${options.token}`) return { status: 401, json: { code: 401, success: false, message: 'unauthorized', data: null } }
    if (url.pathname === '/api/v1/file/list' && request.method === 'POST') {
      const { parentId } = JSON.parse(body || '{}') as { parentId?: string | null }
      const children = [...files.values()].filter((file) => file.parentId === (parentId ?? null))
      return ok(children.map(({ content: _content, previewUrl: _previewUrl, ...item }) => ({ ...item, createTime: item.updateTime, hasChild: item.type === 'folder' })))
    }
    const file = files.get(url.searchParams.get('id') ?? '')
    if (!file || file.type !== 'file') return { status: 200, json: { code: 404, success: false, message: 'file not found', data: null } }
    if (url.pathname === '/api/v1/file/content') {
      return ok(file.previewUrl ? { title: file.name.replace(/\.[a-z]+$/, ''), previewUrl: file.previewUrl } : { title: file.name.replace(/\.md$/, ''), content: file.content ?? '' })
    }
    if (url.pathname === '/api/v1/file/read') return ok({ url: `${options.readBase}/docs/${file.id}` })
    return undefined
  }
  return { files, handler, put: (file: FakeLibraryFile) => files.set(file.id, file), remove: (id: string) => files.delete(id) }
}
