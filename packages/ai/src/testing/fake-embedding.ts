/**
 * Deterministic embeddings for tests: a hashed bag of character n-grams (1- to 3-grams of the
 * lower-cased text), L2-normalised. Texts sharing many n-grams have a high cosine similarity, so
 * "refund policy" lands near "refund policies" and far from "shipping times".
 */

/** FNV-1a, 32 bits. */
function hashString(value: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < value.length; index++) {
    hash ^= value.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/**
 * Embeds one text into a unit vector of `dimensions` numbers.
 *
 * @example
 * ```ts
 * const [a, b] = [fakeEmbedding('refund policy'), fakeEmbedding('refund policies')]
 * cosineSimilarity(a, b) // > 0.7
 * ```
 */
export function fakeEmbedding(text: string, dimensions = 256): number[] {
  const vector = new Array<number>(dimensions).fill(0)
  const characters = Array.from(text.toLowerCase().replace(/\s+/g, ' ').trim())
  for (let size = 1; size <= 3; size++) {
    for (let start = 0; start + size <= characters.length; start++) {
      const gram = characters.slice(start, start + size).join('')
      const hash = hashString(`${size}:${gram}`)
      const sign = hash & 1 ? 1 : -1
      const slot = (hash >>> 1) % dimensions
      // Longer n-grams carry more meaning than single characters.
      vector[slot] = (vector[slot] ?? 0) + sign * size
    }
  }
  const norm = Math.hypot(...vector)
  return norm === 0 ? vector : vector.map((value) => value / norm)
}

/** Cosine similarity of two vectors of the same length. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0
  let normA = 0
  let normB = 0
  for (let index = 0; index < a.length; index++) {
    const x = a[index] ?? 0
    const y = b[index] ?? 0
    dot += x * y
    normA += x * x
    normB += y * y
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB)
}

/** Encodes a vector as the base64 of little-endian float32s, as OpenAI's `encoding_format: 'base64'`. */
export function encodeEmbeddingBase64(vector: readonly number[]): string {
  const floats = Float32Array.from(vector)
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64')
}
