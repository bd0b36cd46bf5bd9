import { WarblerClient, type WarblerClientEvents } from '@warbler/sdk'

/**
 * Waits for the next `name` event of a client that matches `match` (events already emitted do not
 * count, so call it before the action that causes the event).
 */
export function nextEvent<K extends keyof WarblerClientEvents>(
  client: WarblerClient,
  name: K,
  match: (payload: WarblerClientEvents[K]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<WarblerClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off()
      reject(new Error(`no matching ${String(name)} event within ${timeoutMs} ms`))
    }, timeoutMs)
    const off = client.on(name, (payload) => {
      if (!match(payload)) return
      clearTimeout(timer)
      off()
      resolve(payload)
    })
  })
}

/** Polls until `check` holds (bounded); throws with `what` otherwise. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
