import type { SettingStore } from '../storage/storage.js'
import { EvalSettings } from './evaluation-schemas.js'

const key = (appId: string) => `eval-settings:${appId}`

/** Answers made at once per run, and runs queued or running per app, when the app sets neither. */
export const EVAL_DEFAULTS = { concurrency: 4, maxActiveRuns: 3 } as const

/** An app's evaluation settings (price table, limits), kept in the settings store. */
export class EvalSettingsStore {
  constructor(private readonly settings: SettingStore) {}

  /** The app's settings, or the defaults. */
  async get(appId: string): Promise<EvalSettings> {
    const stored = await this.settings.get(key(appId))
    if (!stored) return { prices: {} }
    const parsed = EvalSettings.safeParse(JSON.parse(stored))
    return parsed.success ? parsed.data : { prices: {} }
  }

  /** Replaces the app's settings. */
  async put(appId: string, settings: EvalSettings): Promise<EvalSettings> {
    await this.settings.set(key(appId), JSON.stringify(settings))
    return settings
  }
}
