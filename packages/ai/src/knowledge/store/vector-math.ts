/** Dot product of two vectors of the same length. */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!
  return sum
}

/** Euclidean length of a vector. */
export function norm(a: Float32Array): number {
  return Math.sqrt(dot(a, a))
}
