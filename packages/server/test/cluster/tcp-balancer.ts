import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net'

/** A backend of the balancer. */
export interface Backend {
  host: string
  port: number
}

/**
 * A round-robin TCP load balancer on 127.0.0.1, like a cloud L4 balancer in front of the nodes:
 * each new client connection goes to the next backend; a backend that refuses the connection is
 * skipped (and left out for `downForMs`), so clients reach a live node. It never inspects bytes,
 * so WebSocket upgrades and long-lived connections pass through unchanged.
 */
export class TcpBalancer {
  private readonly server: Server
  private next = 0
  private readonly downUntil = new Map<number, number>()
  private readonly sockets = new Set<Socket>()
  /** Which backend each client connection went to, by the client's local port. */
  readonly backendOfClientPort = new Map<number, number>()

  constructor(
    private readonly backends: Backend[],
    private readonly options: { downForMs?: number } = {},
  ) {
    this.server = createServer((client) => this.accept(client))
  }

  /** Listens on a random loopback port; resolves with the URL clients use. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  /** Replaces a backend (a node restarted on another port). */
  setBackend(index: number, backend: Backend): void {
    this.backends[index] = backend
    this.downUntil.delete(index)
  }

  private accept(client: Socket): void {
    this.sockets.add(client)
    client.once('close', () => this.sockets.delete(client))
    client.on('error', () => client.destroy())
    client.pause()
    this.tryBackend(client, 0)
  }

  /** Tries backends in round-robin order; each client tries every backend at most once. */
  private tryBackend(client: Socket, attempt: number): void {
    if (client.destroyed) return
    if (attempt >= this.backends.length) {
      client.destroy()
      return
    }
    let index = this.next++ % this.backends.length
    // Skip backends known to be down, unless all are.
    for (let skip = 0; skip < this.backends.length && (this.downUntil.get(index) ?? 0) > Date.now(); skip++) index = this.next++ % this.backends.length
    const backend = this.backends[index]!
    const upstream = connect(backend.port, backend.host)
    this.sockets.add(upstream)
    upstream.once('close', () => this.sockets.delete(upstream))
    let connected = false
    upstream.once('connect', () => {
      connected = true
      if (client.remotePort !== undefined) this.backendOfClientPort.set(client.remotePort, index)
      client.pipe(upstream)
      upstream.pipe(client)
      client.resume()
      client.once('close', () => upstream.destroy())
      upstream.once('close', () => client.destroy())
    })
    upstream.on('error', () => {
      if (connected) return upstream.destroy()
      this.downUntil.set(index, Date.now() + (this.options.downForMs ?? 500))
      this.tryBackend(client, attempt + 1)
    })
  }

  /** Stops accepting and cuts every connection. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
