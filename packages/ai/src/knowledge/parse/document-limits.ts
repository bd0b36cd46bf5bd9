import { WarblerError } from '@warbler/protocol'

/**
 * How far one document may expand while it is parsed. A small upload can inflate to far more
 * (a zip bomb in a DOCX, a PDF with compressed streams): every limit here is checked before or
 * while the work is done, never after, and crossing one fails the document with
 * `document_too_large`.
 */
export interface DocumentLimits {
  /** Entries in a DOCX (zip) central directory (default 10,000; a real DOCX has tens). */
  maxArchiveEntries: number
  /** Bytes inflated from one archive: its text parts, declared and actual (default 16 MiB). */
  maxExtractedBytes: number
  /** Pages of a PDF (default 2,000). */
  maxPdfPages: number
  /** Characters of text extracted from one document (default 5,000,000). */
  maxTextChars: number
  /** Chunks of one document (default 20,000). */
  maxChunks: number
}

/** The defaults of {@link DocumentLimits}. */
export const DEFAULT_DOCUMENT_LIMITS: Readonly<DocumentLimits> = {
  maxArchiveEntries: 10_000,
  maxExtractedBytes: 16 * 1024 * 1024,
  maxPdfPages: 2_000,
  maxTextChars: 5_000_000,
  maxChunks: 20_000,
}

/** The `document_too_large` error, with a message saying which limit was crossed. */
export function documentTooLarge(message: string): WarblerError {
  return new WarblerError('document_too_large', message)
}

/** `33554432` → `32 MiB`, for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`
  return `${bytes} bytes`
}
