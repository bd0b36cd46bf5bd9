import argon2 from 'argon2'

/** Hashes a console password with argon2id (the library's defaults: 64 MiB, t=3, p=4). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id })
}

/** Checks a password against a stored argon2 hash; false for a malformed hash. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

/** A hash of a random password, checked when the email is unknown, so both cases take as long. */
export const DUMMY_HASH_PROMISE: Promise<string> = Promise.resolve().then(() => hashPassword(`dummy-${Math.random()}`))
