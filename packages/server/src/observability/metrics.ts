import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** The Prometheus metrics a node exports at `/metrics`. */
export class Metrics {
  readonly registry = new Registry()
  readonly connections = new Gauge({ name: 'warbler_connections', help: 'Open authenticated WebSocket connections', registers: [this.registry] })
  readonly framesIn = new Counter({ name: 'warbler_frames_in_total', help: 'Frames received, by type', labelNames: ['type'], registers: [this.registry] })
  readonly framesOut = new Counter({ name: 'warbler_frames_out_total', help: 'Frames sent to clients', registers: [this.registry] })
  readonly frameErrors = new Counter({ name: 'warbler_frame_errors_total', help: 'Frames refused, by error code', labelNames: ['code'], registers: [this.registry] })
  readonly sends = new Counter({ name: 'warbler_sends_total', help: 'Messages stored, by transport', labelNames: ['transport', 'duplicate'], registers: [this.registry] })
  readonly sendToAck = new Histogram({
    name: 'warbler_send_ack_seconds',
    help: 'Time from a send frame arriving to its ack being written',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  })
  readonly httpRequests = new Counter({ name: 'warbler_http_requests_total', help: 'HTTP requests, by status class', labelNames: ['status'], registers: [this.registry] })

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'warbler_' })
  }
}
