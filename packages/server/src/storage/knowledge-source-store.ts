/** A knowledge source as stored. */
export interface KnowledgeSourceRecord {
  appId: string
  id: string
  kbId: string
  kind: string
  /** The kind's settings (url, include/exclude, depth, maxPages, basePath). */
  settings: Record<string, unknown>
  /** The sealed secret (bearer token), or null. */
  sealedSecret: string | null
  everyMinutes: number | null
  status: 'active' | 'paused'
  checkpoint: string | null
  nextRunAt: number | null
  consecutiveFailures: number
  lastRunId: string | null
  createdAt: number
  updatedAt: number
}

/** One synced item of a source. */
export interface KnowledgeSourceItemRecord {
  itemId: string
  documentId?: string
  url?: string
  etag?: string
  lastModified?: string
  version?: string
  contentHash?: string
  textHash?: string
  missingCount: number
}

/** One document's error in a run. */
export interface SourceRunError {
  itemId: string
  url?: string
  error: string
}

/** A sync run. */
export interface KnowledgeSourceRunRecord {
  appId: string
  id: string
  sourceId: string
  status: 'queued' | 'running' | 'done' | 'failed'
  trigger: 'manual' | 'schedule'
  progress: number
  added: number
  updated: number
  deleted: number
  unchanged: number
  failed: number
  errors: SourceRunError[]
  stats: Record<string, unknown> | null
  error: string | null
  queuedAt: number
  startedAt: number | null
  finishedAt: number | null
}

/** A curation of a passage. */
export interface KnowledgeCurationRecord {
  appId: string
  id: string
  kbId: string
  documentId: string
  chunkHash: string | null
  action: 'edit' | 'disable' | 'pin'
  text: string | null
  question: string | null
  answer: string | null
  needsReview: boolean
  createdAt: number
  updatedAt: number
}

/**
 * Knowledge sources, their synced items, their runs and curations of passages. Every call takes
 * the app id and never touches another app's rows (the due/queued scans of the scheduler, which
 * serve every app, excepted: they answer app ids with each row).
 */
export interface KnowledgeSourceStore {
  createSource(record: KnowledgeSourceRecord): Promise<void>
  getSource(appId: string, sourceId: string): Promise<KnowledgeSourceRecord | undefined>
  /** The sources of a knowledge base, oldest first. */
  listSources(appId: string, kbId: string): Promise<KnowledgeSourceRecord[]>
  updateSource(appId: string, sourceId: string, patch: Partial<Omit<KnowledgeSourceRecord, 'appId' | 'id' | 'kbId' | 'kind' | 'createdAt'>>): Promise<boolean>
  /** Deletes the source with its items, runs; false when there was none. */
  deleteSource(appId: string, sourceId: string): Promise<boolean>
  /** Active scheduled sources whose `nextRunAt` has come, soonest first. */
  dueSources(now: number, limit: number): Promise<KnowledgeSourceRecord[]>

  listItems(appId: string, sourceId: string): Promise<KnowledgeSourceItemRecord[]>
  putItem(appId: string, sourceId: string, item: KnowledgeSourceItemRecord, now: number): Promise<void>
  deleteItem(appId: string, sourceId: string, itemId: string): Promise<void>

  createRun(record: KnowledgeSourceRunRecord): Promise<void>
  getRun(appId: string, runId: string): Promise<KnowledgeSourceRunRecord | undefined>
  /** A source's runs, newest first. */
  listRuns(appId: string, sourceId: string, limit: number): Promise<KnowledgeSourceRunRecord[]>
  /** The source's queued or running run, if any. */
  activeRun(appId: string, sourceId: string): Promise<KnowledgeSourceRunRecord | undefined>
  updateRun(appId: string, runId: string, patch: Partial<Omit<KnowledgeSourceRunRecord, 'appId' | 'id' | 'sourceId' | 'trigger' | 'queuedAt'>>): Promise<void>
  /** Queued runs of every app, oldest first. */
  queuedRuns(limit: number): Promise<KnowledgeSourceRunRecord[]>
  /** Moves a queued run to running; false when another worker took it first. */
  claimRun(appId: string, runId: string, now: number): Promise<boolean>
  /** Puts runs left `running` by a stopped worker back in the queue; returns how many. */
  requeueRunning(): Promise<number>

  createCuration(record: KnowledgeCurationRecord): Promise<void>
  getCuration(appId: string, curationId: string): Promise<KnowledgeCurationRecord | undefined>
  /** Curations of a document (or, without one, of the knowledge base), oldest first. */
  listCurations(appId: string, kbId: string, documentId?: string): Promise<KnowledgeCurationRecord[]>
  updateCuration(appId: string, curationId: string, patch: Partial<Pick<KnowledgeCurationRecord, 'chunkHash' | 'text' | 'question' | 'answer' | 'needsReview' | 'updatedAt'>>): Promise<void>
  flagCurations(appId: string, ids: readonly string[], needsReview: boolean, now: number): Promise<void>
  deleteCuration(appId: string, curationId: string): Promise<boolean>
  /** Removes the curations of deleted documents. */
  deleteCurationsOf(appId: string, documentId: string): Promise<void>
}
