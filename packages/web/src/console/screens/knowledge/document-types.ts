/** A knowledge-base document as the knowledge API shows it. */
export interface DocumentStatus {
  id: string
  title?: string
  status: 'queued' | 'processing' | 'ready' | 'failed'
  /** From 0 to 1. */
  progress?: number
  chunkCount?: number
  error?: string
}

/** One passage (chunk) of a document, in order. */
export interface DocumentPassage {
  id: string
  ordinal: number
  headingPath: string[]
  text: string
  tokenCount: number
}
