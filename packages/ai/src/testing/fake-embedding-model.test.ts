import { describe, expect, it } from 'vitest'
import { cosineSimilarity } from './fake-embedding.js'
import { FakeEmbeddingModel } from './fake-embedding-model.js'

describe('FakeEmbeddingModel', () => {
  it('puts related texts nearer than unrelated ones, in Chinese and English', async () => {
    const { embeddings } = await new FakeEmbeddingModel({ dimensions: 128 }).doEmbed({
      values: ['退款政策是什么', '退款的政策', '发货需要三天', 'refund policy', 'refund policies', 'shipping time'],
    })
    const [refundZh, refundZh2, shippingZh, refundEn, refundEn2, shippingEn] = embeddings as number[][]
    expect(embeddings[0]).toHaveLength(128)
    expect(cosineSimilarity(refundZh!, refundZh2!)).toBeGreaterThan(cosineSimilarity(refundZh!, shippingZh!))
    expect(cosineSimilarity(refundEn!, refundEn2!)).toBeGreaterThan(cosineSimilarity(refundEn!, shippingEn!))
  })

  it('rejects with the caller reason when already aborted', async () => {
    const reason = new Error('cancelled')
    await expect(new FakeEmbeddingModel().doEmbed({ values: ['x'], abortSignal: AbortSignal.abort(reason) })).rejects.toBe(reason)
  })
})
