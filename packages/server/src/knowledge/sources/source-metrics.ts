import { Counter, Histogram, type Registry } from 'prom-client'

/** Prometheus metrics of knowledge-source syncs on this node. */
export interface SourceMetrics {
  /** A run ended, `done` or `failed`, after `seconds`. */
  run(status: 'done' | 'failed', seconds: number): void
  /** Items of a finished run, by outcome. */
  items(counts: { added: number; updated: number; deleted: number; unchanged: number; failed: number }): void
  /** Requests of a finished run: how many, how many were conditional, how many answered 304. */
  requests(stats: { total: number; conditional: number; notModified: number }): void
}

/**
 * `warbler_knowledge_source_runs_total{status}`, `warbler_knowledge_source_items_total{outcome}`,
 * `warbler_knowledge_source_requests_total{kind}` (all, conditional, not_modified) and
 * `warbler_knowledge_source_run_seconds`, on the node's registry.
 */
export function createSourceMetrics(registry: Registry): SourceMetrics {
  const registers = [registry]
  const runs = new Counter({ name: 'warbler_knowledge_source_runs_total', help: 'Knowledge source sync runs, by status (done, failed)', labelNames: ['status'], registers })
  const items = new Counter({ name: 'warbler_knowledge_source_items_total', help: 'Items of finished knowledge source syncs, by outcome (added, updated, deleted, unchanged, failed)', labelNames: ['outcome'], registers })
  const requests = new Counter({ name: 'warbler_knowledge_source_requests_total', help: 'Requests of knowledge source syncs: all, conditional, not_modified (304)', labelNames: ['kind'], registers })
  const seconds = new Histogram({ name: 'warbler_knowledge_source_run_seconds', help: 'Duration of knowledge source sync runs', buckets: [0.5, 1, 5, 15, 60, 300, 1800], registers })
  return {
    run(status, duration) {
      runs.inc({ status })
      seconds.observe(duration)
    },
    items(counts) {
      for (const [outcome, value] of Object.entries(counts)) if (value > 0) items.inc({ outcome }, value)
    },
    requests(stats) {
      requests.inc({ kind: 'all' }, stats.total)
      requests.inc({ kind: 'conditional' }, stats.conditional)
      requests.inc({ kind: 'not_modified' }, stats.notModified)
    },
  }
}
