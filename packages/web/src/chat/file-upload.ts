/** What the server answers to an upload. */
export interface UploadedFile {
  id: string
  name: string
  mime: string
  size: number
  width?: number
  height?: number
}

/** Where files go and who uploads them. */
export interface FileAccess {
  appId: string
  token: string
}

/**
 * Uploads a file into a conversation (`POST /api/v1/apps/{appId}/files`, multipart, user token),
 * reporting progress from 0 to 1. XMLHttpRequest because fetch cannot report upload progress.
 */
export function uploadFile(access: FileAccess, conversationId: string, file: File, onProgress: (fraction: number) => void): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open('POST', `/api/v1/apps/${encodeURIComponent(access.appId)}/files`)
    request.setRequestHeader('authorization', `Bearer ${access.token}`)
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total)
    }
    request.onload = () => {
      let body: unknown
      try {
        body = JSON.parse(request.responseText)
      } catch {
        body = undefined
      }
      if (request.status >= 200 && request.status < 300) resolve(body as UploadedFile)
      else reject(new Error((body as { error?: { code?: string } } | undefined)?.error?.code ?? `HTTP ${request.status}`))
    }
    request.onerror = () => reject(new Error('network_error'))
    const form = new FormData()
    form.append('conversationId', conversationId)
    form.append('file', file, file.name)
    request.send(form)
  })
}

const urls = new Map<string, Promise<string>>()

/** A signed download link of a file (cached per page load; links last an hour). */
export function fileUrl(access: FileAccess, fileId: string, variant: 'original' | 'thumb' = 'original'): Promise<string> {
  const key = `${access.appId}/${fileId}/${variant}`
  let url = urls.get(key)
  if (!url) {
    url = fetch(`/api/v1/apps/${encodeURIComponent(access.appId)}/files/${encodeURIComponent(fileId)}/url?variant=${variant}&ttlSeconds=3600`, {
      headers: { authorization: `Bearer ${access.token}` },
    }).then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      return ((await response.json()) as { url: string }).url
    })
    url.catch(() => urls.delete(key))
    urls.set(key, url)
  }
  return url
}
