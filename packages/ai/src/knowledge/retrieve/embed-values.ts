import { WarblerError } from '@warbler/protocol'
import type { EmbeddingModel } from '../../providers/model-types.js'

/** Embeds many values in calls of at most `maxEmbeddingsPerCall`, reporting progress after each. */
export async function embedValues(
  model: EmbeddingModel,
  values: string[],
  signal?: AbortSignal,
  onProgress?: (done: number, total: number) => Promise<void> | void,
): Promise<Float32Array[]> {
  const out: Float32Array[] = []
  const batch = Math.max(1, model.maxEmbeddingsPerCall)
  for (let start = 0; start < values.length; start += batch) {
    const slice = values.slice(start, start + batch)
    const { embeddings } = await model.doEmbed(signal ? { values: slice, abortSignal: signal } : { values: slice })
    if (embeddings.length !== slice.length) throw new WarblerError('upstream_failed', 'The embedding model returned a wrong number of vectors.')
    for (const embedding of embeddings) out.push(Float32Array.from(embedding))
    await onProgress?.(Math.min(values.length, start + batch), values.length)
  }
  return out
}
