import type { ServerResponse } from 'node:http'

/** How often an idle stream sends a comment so proxies keep it open. */
export const KEEP_ALIVE_MS = 15_000

/**
 * Writes Server-Sent Events the way OpenAI streams: `data: <json>` events, `: keep-alive`
 * comments while idle, `data: [DONE]` at the end. `X-Accel-Buffering: no` stops nginx buffering.
 */
export class SseStream {
  private readonly timer: NodeJS.Timeout
  private ended = false

  constructor(private readonly response: ServerResponse, keepAliveMs = KEEP_ALIVE_MS) {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    })
    response.flushHeaders()
    this.timer = setInterval(() => this.write(': keep-alive\n\n'), keepAliveMs)
    response.once('close', () => clearInterval(this.timer))
  }

  /** Sends one JSON event. */
  send(data: unknown): void {
    this.write(`data: ${JSON.stringify(data)}\n\n`)
  }

  /** Sends `data: [DONE]` and ends the response. */
  done(): void {
    if (this.ended) return
    this.write('data: [DONE]\n\n')
    this.ended = true
    clearInterval(this.timer)
    this.response.end()
  }

  private write(text: string): void {
    if (!this.ended && !this.response.destroyed) this.response.write(text)
  }
}
