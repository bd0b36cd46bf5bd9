import type { AddressPolicy } from '@warbler/ai'
import { connectMcp, type McpConnection, type McpToolInfo } from '@warbler/ai/tools'
import type { Logger } from '../observability/logger.js'

/** Where a live connection's server is and how to reach it (headers opened from their sealed form). */
export interface McpTarget {
  appId: string
  serverId: string
  url: string
  headers: Record<string, string>
}

/**
 * The node's live MCP connections, one per server, opened on first use and kept so the server's
 * `tools/list_changed` notifications arrive (`onToolsChanged`). A connection that fails is
 * forgotten, so the next call connects again.
 */
export class McpConnections {
  private readonly open = new Map<string, Promise<McpConnection>>()

  constructor(
    private readonly policy: AddressPolicy,
    private readonly onToolsChanged: (target: McpTarget, tools: McpToolInfo[]) => void,
    private readonly logger: Logger,
  ) {}

  /** The connection to the server, connecting when there is none. */
  get(target: McpTarget): Promise<McpConnection> {
    const key = `${target.appId}\u0000${target.serverId}`
    let connection = this.open.get(key)
    if (!connection) {
      connection = connectMcp({ url: target.url, headers: target.headers, policy: this.policy, onToolsChanged: (tools) => this.onToolsChanged(target, tools) })
      connection.catch(() => this.open.delete(key))
      this.open.set(key, connection)
    }
    return connection
  }

  /** Runs `work` on the connection; a failure drops it so the next use reconnects. */
  async use<T>(target: McpTarget, work: (connection: McpConnection) => Promise<T>): Promise<T> {
    const connection = await this.get(target)
    try {
      return await work(connection)
    } catch (error) {
      await this.close(target.appId, target.serverId)
      throw error
    }
  }

  async close(appId: string, serverId: string): Promise<void> {
    const key = `${appId}\u0000${serverId}`
    const connection = this.open.get(key)
    this.open.delete(key)
    await connection?.then((live) => live.close()).catch((error: unknown) => this.logger.debug({ err: error }, 'closing an MCP connection failed'))
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()]
    this.open.clear()
    await Promise.all(all.map((connection) => connection.then((live) => live.close()).catch(() => {})))
  }
}
