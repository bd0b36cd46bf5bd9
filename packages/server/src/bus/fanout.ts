import type { Bus } from './bus.js'

/** The channel every node listens on for conversation fan-out. */
export const FANOUT_CHANNEL = 'warbler:fanout'

/** Receives fanned-out frames for the sessions of this node. */
export type LocalDelivery = (appId: string, recipients: readonly string[], frameText: string) => void

/**
 * Conversation fan-out across nodes. A frame is serialised once by the sender and published once per
 * event (not once per member); every node then hands it to its own sessions of the recipients.
 *
 * Wire format on the bus: one JSON header line `{"a":appId,"r":[userIds]}`, a newline, then the
 * frame text exactly as clients receive it, so no node parses or re-serialises the frame.
 */
export class Fanout {
  private unsubscribe?: () => Promise<void>
  /** With the in-process bus every subscriber is on this node: frames skip the wire format. */
  private local?: LocalDelivery

  constructor(private readonly bus: Bus) {}

  /** Starts delivering frames published by any node to `deliver`. */
  async start(deliver: LocalDelivery): Promise<void> {
    if (this.bus.kind === 'memory') {
      this.local = deliver
      return
    }
    this.unsubscribe = await this.bus.subscribe(FANOUT_CHANNEL, (payload) => {
      const newline = payload.indexOf('\n')
      if (newline < 0) return
      let header: { a: string; r: string[] }
      try {
        header = JSON.parse(payload.slice(0, newline)) as { a: string; r: string[] }
      } catch {
        return
      }
      deliver(header.a, header.r, payload.slice(newline + 1))
    })
  }

  /** Publishes a serialised frame to every session of every recipient, on every node. */
  async publish(appId: string, recipients: readonly string[], frameText: string): Promise<void> {
    const local = this.local
    if (local) {
      // Asynchronous like every bus delivery, without serialising the member list twice per event.
      queueMicrotask(() => local(appId, recipients, frameText))
      return
    }
    await this.bus.publish(FANOUT_CHANNEL, `${JSON.stringify({ a: appId, r: recipients })}\n${frameText}`)
  }

  async stop(): Promise<void> {
    this.local = undefined
    await this.unsubscribe?.()
    this.unsubscribe = undefined
  }
}
