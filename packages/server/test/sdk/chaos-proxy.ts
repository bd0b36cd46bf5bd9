import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'

/**
 * A TCP proxy on 127.0.0.1 that forwards every connection to a backend port and, once `startChaos`
 * runs, cuts every open connection at random intervals. It never reads the bytes, so WebSocket
 * upgrades pass through; a cut looks to both ends like a network drop (no close frame).
 * A backend that is down (refused connection) makes the client connection fail at once.
 */
export class ChaosProxy {
  private readonly server: Server
  private readonly sockets = new Set<Socket>()
  private timer: ReturnType<typeof setTimeout> | undefined
  /** How many times the proxy cut the connections (rounds with at least one connection). */
  cuts = 0
  /** How many client connections the proxy accepted. */
  accepted = 0

  constructor(private readonly backendPort: number) {
    this.server = createServer((client) => this.accept(client))
  }

  /** Listens on a random loopback port; resolves with the URL clients use. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  /** Cuts every open connection every `minMs`–`maxMs` (drawn from `random`) until {@link stopChaos}. */
  startChaos(random: () => number, minMs: number, maxMs: number): void {
    const schedule = () => {
      this.timer = setTimeout(() => {
        if (this.sockets.size > 0) this.cuts += 1
        this.cutAll()
        schedule()
      }, minMs + Math.floor(random() * (maxMs - minMs)))
    }
    this.stopChaos()
    schedule()
  }

  /** Stops cutting connections. */
  stopChaos(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }

  /** Cuts every open connection now. */
  cutAll(): void {
    for (const socket of this.sockets) socket.destroy()
  }

  /** Stops chaos, cuts everything and stops listening. */
  async close(): Promise<void> {
    this.stopChaos()
    this.cutAll()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private accept(client: Socket): void {
    this.accepted += 1
    this.track(client)
    client.pause()
    const upstream = connect(this.backendPort, '127.0.0.1')
    this.track(upstream)
    upstream.once('connect', () => {
      client.pipe(upstream)
      upstream.pipe(client)
      client.resume()
    })
    client.once('close', () => upstream.destroy())
    upstream.once('close', () => client.destroy())
  }

  private track(socket: Socket): void {
    this.sockets.add(socket)
    socket.once('close', () => this.sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }
}
