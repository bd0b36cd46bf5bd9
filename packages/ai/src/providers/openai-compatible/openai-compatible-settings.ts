/**
 * Settings shared by the OpenAI-compatible chat and embedding models.
 */
import { createOpenAICompatible, type OpenAICompatibleProvider } from '@ai-sdk/openai-compatible'
import { WarblerError } from '@warbler/protocol'
import { AddressPolicy } from '../../net/address-policy.js'
import { createGuardedFetch } from '../../net/guarded-fetch.js'

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
  /**
   * Where requests may go. Every request goes through the guarded client (`net/`): each hop's host
   * is resolved once and checked, redirects are checked again. Default: the base URL's own host is
   * trusted (the caller chose it), anything a redirect leads to must be public. The server passes
   * the operator's `WARBLER_OUTBOUND_ALLOWLIST` policy, so an app's base URL gets no such trust.
   */
  outbound?: AddressPolicy
  /** Replaces the guarded client (tests only: it skips the outbound checks). */
  fetch?: typeof globalThis.fetch
}

/** Longest a provider exchange may take, streaming included (ResilientModel's deadlines usually end it first). */
const PROVIDER_TIMEOUT_MS = 10 * 60_000
/** Most bytes of one provider answer, the event stream included. */
const PROVIDER_MAX_RESPONSE_BYTES = 32 * 1024 * 1024

/** The default provider name. */
export const DEFAULT_PROVIDER_NAME = 'openai-compatible'

function checkBaseURL(baseURL: string): URL {
  let url: URL | undefined
  try {
    url = new URL(baseURL)
  } catch {
    url = undefined
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new WarblerError('validation_failed', `The provider base URL must be an http(s) URL, got "${baseURL}".`)
  }
  return url
}

/**
 * Builds the AI SDK provider over the guarded client; streaming asks for usage (`stream_options.include_usage`).
 * Throws `validation_failed` for a base URL that is not http(s).
 */
export function createSdkProvider(settings: OpenAICompatibleSettings): OpenAICompatibleProvider {
  const base = checkBaseURL(settings.baseURL)
  const policy = settings.outbound ?? new AddressPolicy([base.hostname])
  const fetch = settings.fetch ?? createGuardedFetch({ policy, timeoutMs: PROVIDER_TIMEOUT_MS, maxResponseBytes: PROVIDER_MAX_RESPONSE_BYTES })
  return createOpenAICompatible({
    name: settings.name ?? DEFAULT_PROVIDER_NAME,
    baseURL: settings.baseURL.replace(/\/+$/, ''),
    apiKey: settings.apiKey,
    headers: settings.headers,
    queryParams: settings.queryParams,
    fetch,
    includeUsage: true,
  })
}
