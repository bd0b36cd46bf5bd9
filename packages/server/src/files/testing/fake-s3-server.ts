import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * An in-process S3 stand-in for tests, speaking the S3 REST wire protocol for path-style
 * PUT/GET/HEAD/DELETE Object: SigV4 `Authorization` header required (with the expected access key),
 * `Content-Length` required on PUT, `x-amz-content-sha256` checked when it is not UNSIGNED-PAYLOAD,
 * `Range` on GET, XML errors (`NoSuchKey`, `NoSuchBucket`, `AccessDenied`).
 *
 * @example
 * ```ts
 * const s3 = await FakeS3Server.start({ bucket: 'warbler', accessKeyId: 'test' })
 * new S3FileStorage({ endpoint: s3.endpoint, bucket: 'warbler', accessKeyId: 'test', secretAccessKey: 'x', region: 'us-east-1' })
 * ```
 */
export class FakeS3Server {
  readonly objects = new Map<string, { body: Buffer; contentType: string }>()
  /** Every request seen, for assertions: method, path and the Authorization header. */
  readonly requests: { method: string; path: string; authorization: string | undefined }[] = []

  private constructor(private readonly server: Server, readonly endpoint: string) {}

  static async start(options: { bucket: string; accessKeyId: string }): Promise<FakeS3Server> {
    let fake!: FakeS3Server
    const server = createServer((request, response) => void fake.handle(request, response, options).catch((error) => {
      error404(response, 500, 'InternalError', String(error))
    }))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    fake = new FakeS3Server(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    return fake
  }

  private async handle(request: IncomingMessage, response: ServerResponse, options: { bucket: string; accessKeyId: string }): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://s3.local')
    const authorization = request.headers.authorization
    this.requests.push({ method: request.method ?? '', path: url.pathname, authorization })
    const credential = new RegExp(`^AWS4-HMAC-SHA256 Credential=${options.accessKeyId}/\\d{8}/[a-z0-9-]+/s3/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$`)
    if (!authorization || !credential.test(authorization) || !request.headers['x-amz-date'] || !request.headers['x-amz-content-sha256']) {
      request.resume()
      return error404(response, 403, 'AccessDenied', 'Missing or malformed SigV4 Authorization')
    }
    const [, bucket, ...rest] = url.pathname.split('/')
    if (bucket !== options.bucket) {
      request.resume()
      return error404(response, 404, 'NoSuchBucket', 'The specified bucket does not exist')
    }
    const key = rest.map(decodeURIComponent).join('/')
    if (request.method === 'PUT') {
      if (request.headers['content-length'] === undefined) {
        request.resume()
        return error404(response, 411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.')
      }
      const parts: Buffer[] = []
      for await (const part of request) parts.push(part as Buffer)
      const body = Buffer.concat(parts)
      const declared = request.headers['x-amz-content-sha256']
      if (declared !== 'UNSIGNED-PAYLOAD' && declared !== createHash('sha256').update(body).digest('hex')) {
        return error404(response, 400, 'XAmzContentSHA256Mismatch', 'The provided x-amz-content-sha256 header does not match what was computed.')
      }
      this.objects.set(key, { body, contentType: request.headers['content-type'] ?? 'binary/octet-stream' })
      response.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` })
      return void response.end()
    }
    request.resume()
    const object = this.objects.get(key)
    if (request.method === 'DELETE') {
      this.objects.delete(key)
      response.writeHead(204)
      return void response.end()
    }
    if (!object) return error404(response, 404, 'NoSuchKey', 'The specified key does not exist.', request.method === 'HEAD')
    if (request.method === 'HEAD') {
      response.writeHead(200, { 'content-length': object.body.length, 'content-type': object.contentType })
      return void response.end()
    }
    const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '')
    if (range) {
      const start = Number(range[1])
      const end = Math.min(Number(range[2]), object.body.length - 1)
      response.writeHead(206, { 'content-type': object.contentType, 'content-range': `bytes ${start}-${end}/${object.body.length}`, 'content-length': end - start + 1 })
      return void response.end(object.body.subarray(start, end + 1))
    }
    response.writeHead(200, { 'content-type': object.contentType, 'content-length': object.body.length })
    response.end(object.body)
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}

function error404(response: ServerResponse, status: number, code: string, message: string, headOnly = false): void {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`
  response.writeHead(status, { 'content-type': 'application/xml' })
  response.end(headOnly ? undefined : xml)
}
