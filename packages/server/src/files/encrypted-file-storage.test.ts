import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { encryptedSize, FILE_MAGIC, HEADER_SIZE, openBytes, sealBytes } from '../compliance/keys/file-cipher.js'
import { EncryptedFileStorage } from './encrypted-file-storage.js'
import { LocalFileStorage } from './local-file-storage.js'
import { S3FileStorage } from './s3-file-storage.js'
import { describeFileStorage } from './testing/file-storage-conformance.js'
import { FakeS3Server } from './testing/fake-s3-server.js'

const keys = new Map<string, Buffer>()
const dataKeyOf = async (appId: string) => {
  if (!keys.has(appId)) keys.set(appId, randomBytes(32))
  return keys.get(appId)!
}

async function bytesOf(stream: Readable | undefined): Promise<Buffer> {
  if (!stream) throw new Error('no stream')
  const parts: Buffer[] = []
  for await (const part of stream) parts.push(part as Buffer)
  return Buffer.concat(parts)
}

describeFileStorage('encrypted, local disk', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'warbler-files-enc-'))
  return { storage: new EncryptedFileStorage(new LocalFileStorage(directory), dataKeyOf), close: async () => rmSync(directory, { recursive: true, force: true }) }
})

describeFileStorage('encrypted, S3 (fake S3 server)', async () => {
  const s3 = await FakeS3Server.start({ bucket: 'warbler', accessKeyId: 'AKIATEST' })
  const storage = new S3FileStorage({ endpoint: s3.endpoint, bucket: 'warbler', accessKeyId: 'AKIATEST', secretAccessKey: 'secret', region: 'us-east-1' })
  return { storage: new EncryptedFileStorage(storage, dataKeyOf), close: () => s3.close() }
})

describe('encrypted file storage (chunked AES-256-GCM)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'warbler-files-enc-'))
  const plain = new LocalFileStorage(directory)
  const storage = new EncryptedFileStorage(plain, dataKeyOf)
  const pathOf = (key: string) => join(directory, ...key.split('/'))
  afterAll(() => rmSync(directory, { recursive: true, force: true }))

  const CHUNK = 64 * 1024
  for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17]) {
    it(`stores ${size} bytes as chunks nobody can read without the key, and reads any range back`, async () => {
      const content = randomBytes(size)
      const key = `app_a/f_${size}`
      // Fed in odd-sized pieces, as a network stream would be.
      const pieces: Buffer[] = []
      for (let at = 0; at < size; at += 7919) pieces.push(content.subarray(at, at + 7919))
      await storage.put(key, Readable.from(pieces), { size, contentType: 'application/octet-stream' })
      const stored = readFileSync(pathOf(key))
      expect(stored.length).toBe(encryptedSize(size))
      expect(stored.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC)).toBe(true)
      if (size >= 32) expect(stored.includes(content.subarray(0, 32))).toBe(false)
      expect(await storage.stat(key)).toEqual({ size })
      expect((await bytesOf(await storage.get(key))).equals(content)).toBe(true)
      for (const [start, end] of [[0, 0], [CHUNK - 3, CHUNK + 3], [size - 5, size - 1], [5, 2 * CHUNK + 9], [CHUNK, CHUNK]]) {
        if (start! < 0 || start! >= size) continue
        const got = await bytesOf(await storage.get(key, { start: start!, end: end! }))
        expect(got.equals(content.subarray(start!, Math.min(end!, size - 1) + 1)), `${start}-${end}`).toBe(true)
      }
    })
  }

  const bigFile = async (key: string) => {
    const content = randomBytes(3 * CHUNK + 100)
    await storage.put(key, content, { size: content.length, contentType: 'x' })
    return { content, stored: readFileSync(pathOf(key)) }
  }

  it('refuses a file whose chunks were swapped, cut at a chunk boundary, flipped, or moved to another key', async () => {
    const { stored } = await bigFile('app_a/f_swap')
    const segment = CHUNK + 16
    const chunk = (index: number) => stored.subarray(HEADER_SIZE + index * segment, HEADER_SIZE + (index + 1) * segment)
    const swapped = Buffer.concat([stored.subarray(0, HEADER_SIZE), chunk(1), chunk(0), stored.subarray(HEADER_SIZE + 2 * segment)])
    const cut = stored.subarray(0, HEADER_SIZE + 2 * segment)
    const flipped = Buffer.from(stored)
    flipped[HEADER_SIZE + 10]! ^= 1
    for (const [name, bytes] of [['swapped', swapped], ['cut', cut], ['flipped', flipped]] as const) {
      writeFileSync(pathOf('app_a/f_bad'), bytes)
      await expect(bytesOf(await storage.get('app_a/f_bad')), name).rejects.toThrow(/does not authenticate/)
    }
    // The same bytes under another key (or another app) do not open: the key is bound to both.
    writeFileSync(pathOf('app_a/f_bad'), stored)
    await expect(bytesOf(await storage.get('app_a/f_bad', { start: 0, end: 10 }))).rejects.toThrow(/does not authenticate/)
  })

  it('reads files stored in the clear before encryption, and encrypts them in place', async () => {
    const content = Buffer.from('a plain file from before encryption at rest '.repeat(5000))
    await plain.put('app_a/f_old', content, { size: content.length, contentType: 'text/plain' })
    expect(await storage.isPlain('app_a/f_old')).toBe(true)
    expect(await storage.stat('app_a/f_old')).toEqual({ size: content.length })
    expect((await bytesOf(await storage.get('app_a/f_old', { start: 2, end: 40 }))).toString()).toBe(content.subarray(2, 41).toString())
    expect(await storage.encryptInPlace('app_a/f_old')).toBe(true)
    expect(await storage.encryptInPlace('app_a/f_old')).toBe(false)
    expect(await storage.isPlain('app_a/f_old')).toBe(false)
    expect(readFileSync(pathOf('app_a/f_old')).includes(Buffer.from('plain file'))).toBe(false)
    expect((await bytesOf(await storage.get('app_a/f_old'))).equals(content)).toBe(true)
    expect(await storage.encryptInPlace('app_a/never')).toBe(false)
  })

  it('fails a write whose stream is shorter than announced and leaves nothing behind', async () => {
    await expect(storage.put('app_a/f_short', Buffer.from('abc'), { size: 4, contentType: 'x' })).rejects.toThrow()
    expect(await storage.stat('app_a/f_short')).toBeUndefined()
  })

  it('seals bytes in memory in the same format the stream writes (export zips)', async () => {
    const key = await dataKeyOf('app_a')
    for (const size of [0, 5, CHUNK, 2 * CHUNK + 1]) {
      const content = randomBytes(size)
      const sealed = sealBytes(key, 'exports/app_a/x_1', content)
      expect(sealed.length).toBe(encryptedSize(size))
      expect(openBytes(key, 'exports/app_a/x_1', sealed).equals(content)).toBe(true)
      expect(() => openBytes(key, 'exports/app_a/x_2', sealed)).toThrow(/does not authenticate/)
    }
    const streamed = readFileSync(pathOf((await bigFile('app_a/f_mem')).stored && 'app_a/f_mem'))
    expect(openBytes(key, 'app_a/f_mem', streamed).length).toBe(3 * CHUNK + 100)
  })

  it('another app key cannot read the file', async () => {
    const { stored } = await bigFile('app_b/f_1')
    keys.set('app_b', randomBytes(32))
    expect(stored.length).toBeGreaterThan(0)
    await expect(bytesOf(await storage.get('app_b/f_1'))).rejects.toThrow(/does not authenticate/)
  })
})
