import WebSocket from 'ws'

/**
 * A bare protocol client for server tests: speaks frames directly, so server behaviour is tested
 * without the SDK's recovery logic hiding anything.
 */
export class RawClient {
  readonly frames: any[] = []
  closeCode?: number
  private nextId = 1
  private readonly waiters = new Set<() => void>()

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()))
      for (const wake of [...this.waiters]) wake()
    })
    socket.on('close', (code) => {
      this.closeCode = code
      for (const wake of [...this.waiters]) wake()
    })
  }

  /** Opens a socket to the server's `/ws`, without authenticating. */
  static async open(url: string): Promise<RawClient> {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`)
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    return new RawClient(socket)
  }

  /** Opens and authenticates; throws when the server refuses. */
  static async connect(url: string, token: string): Promise<RawClient> {
    const client = await RawClient.open(url)
    const welcome = await client.request({ type: 'auth', token })
    if (welcome.type !== 'welcome') throw new Error(`auth refused: ${JSON.stringify(welcome)}`)
    return client
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  }

  /** Sends a frame with a fresh `id` and resolves with the answer carrying that id. */
  async request(frame: Record<string, unknown>): Promise<any> {
    const id = `r${this.nextId++}`
    this.send({ ...frame, id })
    return this.waitFor((candidate) => candidate.id === id)
  }

  /** Sends a message and resolves with its ack (or error) frame. */
  async sendMessage(conversationId: string, text: string, clientMsgId = `m${Math.random().toString(36).slice(2)}`): Promise<any> {
    return this.request({ type: 'message.send', clientMsgId, conversationId, body: { type: 'text', text } })
  }

  /** Resolves with the first frame (already received or to come) that matches. */
  waitFor(match: (frame: any) => boolean, timeoutMs = 5000): Promise<any> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(match)
        if (found) {
          cleanup()
          resolve(found)
        } else if (this.closeCode !== undefined) {
          cleanup()
          reject(new Error(`socket closed (${this.closeCode}) before the frame came; frames: ${JSON.stringify(this.frames.slice(-3))}`))
        }
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`timed out; last frames: ${JSON.stringify(this.frames.slice(-3))}`))
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        this.waiters.delete(check)
      }
      this.waiters.add(check)
      check()
    })
  }

  /** Waits until `count` event frames of the conversation arrived; returns them. */
  async events(conversationId: string, count: number, timeoutMs = 5000): Promise<any[]> {
    const matching = () => this.frames.filter((frame) => frame.type === 'event' && frame.conversationId === conversationId)
    await this.waitFor(() => matching().length >= count, timeoutMs)
    return matching()
  }

  /** Resolves when the socket has closed. */
  closed(timeoutMs = 5000): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.closeCode !== undefined) return resolve(this.closeCode)
      const timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs)
      this.socket.once('close', (code) => {
        clearTimeout(timer)
        resolve(code)
      })
    })
  }

  close(): void {
    this.socket.close()
  }
}
