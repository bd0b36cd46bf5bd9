/**
 * Settings shared by the OpenAI-compatible chat and embedding models.
 */
import { createOpenAICompatible, type OpenAICompatibleProvider } from '@ai-sdk/openai-compatible'
import { WarblerError } from '@warbler/protocol'

/** How to reach one OpenAI-compatible endpoint (see the base URL table in `providers/README.md`). */
export interface OpenAICompatibleSettings {
  /** The API root, ending before `/chat/completions`, e.g. `https://api.deepseek.com/v1`. */
  baseURL: string
  /** Sent as `Authorization: Bearer <apiKey>`; local servers (Ollama, vLLM) often need none. */
  apiKey?: string
  /** A name for logs and usage records (default `openai-compatible`), e.g. `deepseek`. */
  name?: string
  /** Extra headers on every request. */
  headers?: Record<string, string>
  /** Extra query parameters on every request (some gateways want an `api-version`). */
  queryParams?: Record<string, string>
  /** A fetch to use instead of the global one (proxies, tests). */
  fetch?: typeof globalThis.fetch
}

/** The default provider name. */
export const DEFAULT_PROVIDER_NAME = 'openai-compatible'

function checkBaseURL(baseURL: string): void {
  let url: URL | undefined
  try {
    url = new URL(baseURL)
  } catch {
    url = undefined
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new WarblerError('validation_failed', `The provider base URL must be an http(s) URL, got "${baseURL}".`)
  }
}

/**
 * Builds the AI SDK provider; streaming asks for usage (`stream_options.include_usage`).
 * Throws `validation_failed` for a base URL that is not http(s).
 */
export function createSdkProvider(settings: OpenAICompatibleSettings): OpenAICompatibleProvider {
  checkBaseURL(settings.baseURL)
  return createOpenAICompatible({
    name: settings.name ?? DEFAULT_PROVIDER_NAME,
    baseURL: settings.baseURL.replace(/\/+$/, ''),
    apiKey: settings.apiKey,
    headers: settings.headers,
    queryParams: settings.queryParams,
    fetch: settings.fetch,
    includeUsage: true,
  })
}
