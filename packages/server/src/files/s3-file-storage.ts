import http from 'node:http'
import https from 'node:https'
import { Readable } from 'node:stream'
import { AwsV4Signer } from 'aws4fetch'
import { assertStorageKey, type ByteRange, type FileStorage } from './file-storage.js'

/** Where an S3-compatible bucket is and how to sign for it. */
export interface S3Settings {
  /** `https://s3.eu-west-1.amazonaws.com`, `http://minio:9000`, an OSS/COS S3 endpoint... */
  endpoint: string
  bucket: string
  accessKeyId: string
  secretAccessKey: string
  region: string
}

/**
 * Files in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Aliyun OSS, Tencent COS), addressed
 * path-style (`<endpoint>/<bucket>/<key>`). Requests are signed with SigV4 by `aws4fetch` (one small
 * file, no dependencies; we need four object calls, not the whole AWS SDK) and sent with node:http,
 * so uploads stream with an exact Content-Length, as S3 requires.
 *
 * @example
 * ```ts
 * const storage = new S3FileStorage({ endpoint: 'http://127.0.0.1:9000', bucket: 'warbler', accessKeyId, secretAccessKey, region: 'us-east-1' })
 * ```
 */
export class S3FileStorage implements FileStorage {
  readonly kind = 's3' as const
  private readonly base: string

  constructor(private readonly settings: S3Settings) {
    this.base = `${settings.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(settings.bucket)}`
  }

  private async request(
    method: 'PUT' | 'GET' | 'HEAD' | 'DELETE',
    key: string,
    headers: Record<string, string>,
    body?: Readable | Buffer,
  ): Promise<http.IncomingMessage> {
    assertStorageKey(key)
    const url = `${this.base}/${key.split('/').map(encodeURIComponent).join('/')}`
    const signer = new AwsV4Signer({
      method,
      url,
      headers,
      service: 's3',
      region: this.settings.region,
      accessKeyId: this.settings.accessKeyId,
      secretAccessKey: this.settings.secretAccessKey,
    })
    const signed = await signer.sign()
    const target = new URL(signed.url.toString())
    const client = target.protocol === 'https:' ? https : http
    return new Promise((resolve, reject) => {
      const request = client.request(target, { method, headers: Object.fromEntries(signed.headers.entries()), agent: false }, resolve)
      request.setTimeout(60_000, () => request.destroy(new Error(`S3 ${method} ${key} timed out`)))
      request.on('error', reject)
      if (body === undefined) request.end()
      else if (Buffer.isBuffer(body)) request.end(body)
      else {
        body.on('error', (error) => request.destroy(error))
        body.pipe(request)
      }
    })
  }

  private static async fail(response: http.IncomingMessage, what: string): Promise<never> {
    const parts: Buffer[] = []
    for await (const part of response) {
      parts.push(part as Buffer)
      if (parts.length > 16) break
    }
    const detail = /<Code>([^<]+)<\/Code>/.exec(Buffer.concat(parts).toString('utf8'))?.[1] ?? ''
    throw new Error(`S3 ${what} failed: HTTP ${response.statusCode} ${detail}`.trim())
  }

  async put(key: string, body: Readable | Buffer, info: { size: number; contentType: string; sha256?: string }): Promise<void> {
    const response = await this.request('PUT', key, {
      'content-type': info.contentType,
      'content-length': String(info.size),
      'x-amz-content-sha256': info.sha256 ?? 'UNSIGNED-PAYLOAD',
    }, body)
    if (response.statusCode !== 200) return S3FileStorage.fail(response, `PUT ${key}`)
    response.resume()
  }

  async get(key: string, range?: ByteRange): Promise<Readable | undefined> {
    const response = await this.request('GET', key, range ? { range: `bytes=${range.start}-${range.end}` } : {})
    if (response.statusCode === 404) {
      response.resume()
      return undefined
    }
    if (response.statusCode !== 200 && response.statusCode !== 206) return S3FileStorage.fail(response, `GET ${key}`)
    return response
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    const response = await this.request('HEAD', key, {})
    response.resume()
    if (response.statusCode === 404) return undefined
    if (response.statusCode !== 200) throw new Error(`S3 HEAD ${key} failed: HTTP ${response.statusCode}`)
    return { size: Number(response.headers['content-length'] ?? 0) }
  }

  async delete(key: string): Promise<void> {
    const response = await this.request('DELETE', key, {})
    if (response.statusCode !== 204 && response.statusCode !== 200 && response.statusCode !== 404) return S3FileStorage.fail(response, `DELETE ${key}`)
    response.resume()
  }
}
