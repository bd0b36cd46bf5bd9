/** Waits until `condition` holds (polling), or fails with `message` after `timeoutMs`. */
export async function until(condition: () => boolean, message = 'condition', timeoutMs = 5000): Promise<void> {
  const start = Date.now()
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${message}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** Lets timers and sockets run for a while (to show that something does not happen). */
export function settle(ms = 150): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
