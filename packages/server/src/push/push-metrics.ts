import { Counter, Histogram, type Registry } from 'prom-client'

/** Push metrics per provider, on the server's registry. */
export interface PushMetrics {
  /** Attempts by provider and outcome (`sent`, `pending` = will retry, `failed`, `pruned`, `skipped`). */
  outcomes: Counter<'provider' | 'outcome'>
  /** From the message's commit to the first provider request, by provider. */
  latency: Histogram<'provider'>
  /** Recipients not pushed, by reason. */
  skipped: Counter<'reason'>
}

/** Registers the push metrics (once per registry). */
export function createPushMetrics(registry: Registry): PushMetrics {
  return {
    outcomes: new Counter({ name: 'warbler_push_attempts_total', help: 'Push attempts by provider and outcome', labelNames: ['provider', 'outcome'], registers: [registry] }),
    latency: new Histogram({
      name: 'warbler_push_latency_seconds',
      help: 'Time from a message commit to its first push request, by provider',
      labelNames: ['provider'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 5, 10, 30],
      registers: [registry],
    }),
    skipped: new Counter({ name: 'warbler_push_skipped_total', help: 'Recipients not pushed, by reason', labelNames: ['reason'], registers: [registry] }),
  }
}
