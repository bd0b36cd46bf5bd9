import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeS3Server } from '../../src/files/testing/fake-s3-server.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'

/** Uploads through the REST API as a browser would (multipart, conversationId first). */
async function upload(server: TestServer, appId: string, bearer: string, conversationId: string, content: Uint8Array | string, name: string, type: string) {
  const form = new FormData()
  form.append('conversationId', conversationId)
  form.append('file', new Blob([content as BlobPart], { type }), name)
  const response = await fetch(`${server.url}/api/v1/apps/${appId}/files`, { method: 'POST', headers: { authorization: `Bearer ${bearer}` }, body: form })
  return { status: response.status, body: (await response.json()) as any }
}

async function download(server: TestServer, url: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${url}`, { headers })
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) }
}

describe('files over a real server (local disk)', () => {
  let server: TestServer
  let app: { id: string; secret: string }
  let tokens: Record<string, string>
  let conversationId: string

  beforeAll(async () => {
    server = await startTestServer({ server: { files: { maxUploadBytes: 64 * 1024 } } })
    app = await server.createApp()
    tokens = await createUsers(server, app, ['alice', 'bob', 'mallory'])
    const group = await server.rest('POST', `/api/v1/apps/${app.id}/groups`, { secret: app.secret, body: { name: 'Team', ownerId: 'alice', memberIds: ['bob'] } })
    conversationId = group.body.id
  })
  afterAll(async () => server.close())

  it('uploads a file as a member and lets another member download it through a signed URL', async () => {
    const text = 'quarterly numbers: 一二三\n'.repeat(50)
    const uploaded = await upload(server, app.id, tokens.alice!, conversationId, text, '报告 Q3 (final).txt', 'text/plain')
    expect(uploaded.status).toBe(201)
    expect(uploaded.body).toMatchObject({ name: '报告 Q3 (final).txt', mime: 'text/plain', size: Buffer.byteLength(text), width: null })
    expect(uploaded.body.url).toMatch(new RegExp(`^/files/${uploaded.body.id}\\?`))

    const link = await server.rest('GET', `/api/v1/apps/${app.id}/files/${uploaded.body.id}/url`, { secret: tokens.bob })
    expect(link.status).toBe(200)
    expect(link.body.expiresAt).toBeGreaterThan(Date.now())
    const got = await download(server, link.body.url)
    expect(got.status).toBe(200)
    expect(got.bytes.toString('utf8')).toBe(text)
    expect(got.headers.get('content-type')).toBe('text/plain')
    expect(got.headers.get('x-content-type-options')).toBe('nosniff')
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename="__ Q3 (final).txt"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%20Q3%20%28final%29.txt`)

    const part = await download(server, link.body.url, { range: 'bytes=0-9' })
    expect(part.status).toBe(206)
    expect(part.bytes.toString('utf8')).toBe('quarterly ')
    expect(part.headers.get('content-range')).toBe(`bytes 0-9/${Buffer.byteLength(text)}`)
    expect((await download(server, link.body.url, { range: 'bytes=999999-' })).status).toBe(416)

    // the app's backend may ask too
    expect((await server.rest('GET', `/api/v1/apps/${app.id}/files/${uploaded.body.id}/url`, { secret: app.secret })).status).toBe(200)
  })

  it('keeps files from non-members: no upload, no download URL', async () => {
    const uploaded = await upload(server, app.id, tokens.alice!, conversationId, 'secret plans', 'plans.txt', 'text/plain')
    const refusedLink = await server.rest('GET', `/api/v1/apps/${app.id}/files/${uploaded.body.id}/url`, { secret: tokens.mallory })
    expect(refusedLink.status).toBe(403)
    expect(refusedLink.body.error.code).toBe('not_member')
    const refusedUpload = await upload(server, app.id, tokens.mallory!, conversationId, 'let me in', 'x.txt', 'text/plain')
    expect(refusedUpload.status).toBe(403)
    expect(refusedUpload.body.error.code).toBe('not_member')
    const other = await server.createApp('Other')
    expect((await server.rest('GET', `/api/v1/apps/${other.id}/files/${uploaded.body.id}/url`, { secret: other.secret })).status).toBe(404)
    expect((await server.rest('GET', `/api/v1/apps/${app.id}/files/${uploaded.body.id}/url`)).status).toBe(401)
  })

  it('refuses expired and tampered links', async () => {
    const uploaded = await upload(server, app.id, tokens.alice!, conversationId, 'hello', 'a.txt', 'text/plain')
    const second = await upload(server, app.id, tokens.alice!, conversationId, 'other', 'b.txt', 'text/plain')
    const signer = server.server.context.files.signer
    const expired = signer.url({ appId: app.id, fileId: uploaded.body.id, variant: 'original', exp: Math.floor(Date.now() / 1000) - 1 })
    const refusedExpired = await download(server, expired)
    expect(refusedExpired.status).toBe(403)
    expect(JSON.parse(refusedExpired.bytes.toString()).error.message).toMatch(/expired/)
    const url = new URL(uploaded.body.url, server.url)
    const later = new URL(url)
    later.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 3600))
    expect((await download(server, later.pathname + later.search)).status).toBe(403)
    const swapped = `/files/${second.body.id}${url.search}`
    expect((await download(server, swapped)).status).toBe(403)
    const thumb = new URL(url)
    thumb.searchParams.set('variant', 'thumb')
    expect((await download(server, thumb.pathname + thumb.search)).status).toBe(403)
    expect((await download(server, `/files/${uploaded.body.id}`)).status).toBe(403)
    expect((await download(server, uploaded.body.url)).status).toBe(200)
  })

  it('refuses uploads over the size limit, and leaves nothing behind', async () => {
    const big = new Uint8Array(64 * 1024 + 1).fill(65)
    const refused = await upload(server, app.id, tokens.alice!, conversationId, big, 'big.txt', 'text/plain')
    expect(refused.status).toBe(413)
    expect(refused.body.error.code).toBe('payload_too_large')
    expect(readdirSync(join(server.dataDir, 'files-tmp'))).toEqual([])
    const atLimit = await upload(server, app.id, tokens.alice!, conversationId, new Uint8Array(64 * 1024).fill(66), 'fits.txt', 'text/plain')
    expect(atLimit.status).toBe(201)
  })

  it('refuses a declared type the content contradicts', async () => {
    const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'
    const disguised = await upload(server, app.id, tokens.alice!, conversationId, pdf, 'cat.png', 'image/png')
    expect(disguised.status).toBe(415)
    expect(disguised.body.error.code).toBe('unsupported_media_type')
    const notAnImage = await upload(server, app.id, tokens.alice!, conversationId, '<svg onload=alert(1)>', 'cat.jpg', 'image/jpeg')
    expect(notAnImage.status).toBe(415)
    const honest = await upload(server, app.id, tokens.alice!, conversationId, pdf, 'doc.pdf', 'application/pdf')
    expect(honest.body.mime).toBe('application/pdf')
    const undeclared = await upload(server, app.id, tokens.alice!, conversationId, pdf, 'doc', 'application/octet-stream')
    expect(undeclared.body.mime).toBe('application/pdf')
  })

  it('measures images and serves a thumbnail no larger than 320 px', async () => {
    const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3366ff' } }).png().toBuffer()
    const uploaded = await upload(server, app.id, tokens.bob!, conversationId, png, 'photo.png', 'image/png')
    expect(uploaded.status).toBe(201)
    expect(uploaded.body).toMatchObject({ mime: 'image/png', width: 800, height: 600, size: png.length })
    const link = await server.rest('GET', `/api/v1/apps/${app.id}/files/${uploaded.body.id}/url?variant=thumb`, { secret: tokens.alice })
    const thumb = await download(server, link.body.url)
    expect(thumb.status).toBe(200)
    expect(thumb.headers.get('content-type')).toBe('image/webp')
    expect(thumb.headers.get('content-disposition')).toMatch(/^inline;/)
    const metadata = await sharp(thumb.bytes).metadata()
    expect(metadata).toMatchObject({ format: 'webp', width: 320, height: 240 })
    const original = await download(server, uploaded.body.url)
    expect(Buffer.compare(original.bytes, png)).toBe(0)
    const text = await upload(server, app.id, tokens.bob!, conversationId, 'plain', 'a.txt', 'text/plain')
    expect((await server.rest('GET', `/api/v1/apps/${app.id}/files/${text.body.id}/url?variant=thumb`, { secret: tokens.alice })).status).toBe(404)
  })
})

describe('files on S3-compatible storage', () => {
  it('stores uploads in the bucket and serves them back', async () => {
    const s3 = await FakeS3Server.start({ bucket: 'warbler-files', accessKeyId: 'AKIAWARBLER' })
    const server = await startTestServer({
      server: { files: { s3: { endpoint: s3.endpoint, bucket: 'warbler-files', accessKeyId: 'AKIAWARBLER', secretAccessKey: 'shh', region: 'cn-north-1' } } },
    })
    try {
      const app = await server.createApp()
      await createUsers(server, app, ['alice', 'bob'])
      const group = await server.rest('POST', `/api/v1/apps/${app.id}/groups`, { secret: app.secret, body: { name: 'S3', ownerId: 'alice', memberIds: ['bob'] } })
      const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: '#00000000' } }).png().toBuffer()
      const uploaded = await upload(server, app.id, app.secret, group.body.id, png, 'dot.png', 'image/png')
      expect(uploaded.status).toBe(201)
      expect([...s3.objects.keys()].sort()).toEqual([`${app.id}/${uploaded.body.id}`, `${app.id}/${uploaded.body.id}.thumb`])
      const got = await download(server, uploaded.body.url)
      expect(Buffer.compare(got.bytes, png)).toBe(0)
      expect((await download(server, uploaded.body.url, { range: 'bytes=0-7' })).bytes).toEqual(png.subarray(0, 8))
    } finally {
      await server.close()
      await s3.close()
    }
  })
})
