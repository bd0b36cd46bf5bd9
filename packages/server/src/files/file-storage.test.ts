import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { LocalFileStorage } from './local-file-storage.js'
import { S3FileStorage } from './s3-file-storage.js'
import { describeFileStorage } from './testing/file-storage-conformance.js'
import { FakeS3Server } from './testing/fake-s3-server.js'

describeFileStorage('local disk', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'warbler-files-'))
  return { storage: new LocalFileStorage(directory), close: async () => rmSync(directory, { recursive: true, force: true }) }
})

describeFileStorage('S3 (fake S3 server)', async () => {
  const s3 = await FakeS3Server.start({ bucket: 'warbler', accessKeyId: 'AKIATEST' })
  const storage = new S3FileStorage({ endpoint: s3.endpoint, bucket: 'warbler', accessKeyId: 'AKIATEST', secretAccessKey: 'secret', region: 'us-east-1' })
  return { storage, close: () => s3.close() }
})

it('S3 storage signs every request and is refused with the wrong credentials', async () => {
  const s3 = await FakeS3Server.start({ bucket: 'warbler', accessKeyId: 'AKIATEST' })
  try {
    const good = new S3FileStorage({ endpoint: s3.endpoint, bucket: 'warbler', accessKeyId: 'AKIATEST', secretAccessKey: 'secret', region: 'us-east-1' })
    await good.put('app_a/f_1', Buffer.from('abc'), { size: 3, contentType: 'text/plain' })
    expect(s3.requests.every((request) => request.authorization?.startsWith('AWS4-HMAC-SHA256 Credential=AKIATEST/'))).toBe(true)
    expect(s3.objects.get('app_a/f_1')?.body.toString()).toBe('abc')
    const wrong = new S3FileStorage({ endpoint: s3.endpoint, bucket: 'warbler', accessKeyId: 'AKIAOTHER', secretAccessKey: 'secret', region: 'us-east-1' })
    await expect(wrong.put('app_a/f_2', Buffer.from('abc'), { size: 3, contentType: 'text/plain' })).rejects.toThrow(/403 AccessDenied/)
    const badHash = good.put('app_a/f_3', Buffer.from('abc'), { size: 3, contentType: 'text/plain', sha256: '0'.repeat(64) })
    await expect(badHash).rejects.toThrow(/XAmzContentSHA256Mismatch/)
  } finally {
    await s3.close()
  }
})
