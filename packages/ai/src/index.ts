/**
 * `@warbler/ai`: model providers, knowledge bases and the bot runtime.
 */
export type * from './providers/model-types.js'
