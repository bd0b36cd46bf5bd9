/**
 * `@warbler/ai`: model providers, knowledge bases, PII redaction and the bot runtime.
 *
 * @example
 * ```ts
 * import { KnowledgeService, createOpenAICompatibleProvider } from '@warbler/ai'
 * ```
 */
export type * from './providers/model-types.js'
export { toIndexText, toQueryTerms, type QueryTerm } from './knowledge/tokenize/tokenize.js'
export * from './knowledge/index.js'
export * from './knowledge/sources/index.js'
export * from './eval/bot-eval/index.js'
export * from './net/index.js'
export * from './providers/provider-error.js'
export { retryDelay, type BackoffOptions } from './providers/retry-delay.js'
export * from './providers/resilient-model.js'
export * from './providers/openai-compatible/openai-compatible-provider.js'
export * from './providers/openai-compatible/openai-compatible-language-model.js'
export { OpenAICompatibleEmbeddingModel as ProviderEmbeddingModel } from './providers/openai-compatible/openai-compatible-embedding-model.js'
export type { OpenAICompatibleSettings } from './providers/openai-compatible/openai-compatible-settings.js'
export { mapOpenAICompatibleError } from './providers/openai-compatible/map-openai-compatible-error.js'
export * from './redaction/redactor.js'
export * from './redaction/redacting-model.js'
export * from './redaction/stream-restorer.js'
export { detectPii, PII_TYPES, type PiiType, type PiiMatch } from './redaction/detect-pii.js'
export { isValidResidentId, passesLuhn } from './redaction/checksums.js'
