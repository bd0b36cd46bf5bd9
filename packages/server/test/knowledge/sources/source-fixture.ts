import type { TestServer } from '../../helpers/test-server.js'

/** Waits until a run is done or failed and answers it. */
export async function waitForRun(server: TestServer, secret: string, base: string, sourceId: string, runId: string, timeoutMs = 20_000): Promise<any> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { body } = await server.rest('GET', `${base}/sources/${sourceId}/runs/${runId}`, { secret })
    if (body.status === 'done' || body.status === 'failed') return body
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${body.status}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Queues a sync and waits for it. */
export async function syncNow(server: TestServer, secret: string, base: string, sourceId: string): Promise<any> {
  const queued = await server.rest('POST', `${base}/sources/${sourceId}/sync`, { secret })
  if (queued.status !== 202) throw new Error(`sync: ${queued.status} ${JSON.stringify(queued.body)}`)
  return waitForRun(server, secret, base, sourceId, queued.body.id)
}
