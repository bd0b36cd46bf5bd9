import { z } from 'zod'

const Seconds = z.number().int().min(1).max(365 * 24 * 3600).nullable()
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'use HH:MM (00:00–24:00)')

/** An SLA target pair for one priority. */
export const SlaTarget = z.object({ firstResponseSeconds: Seconds, resolutionSeconds: Seconds })

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** Business hours of an app: weekly open spans in a time zone, and closed days. */
export const BusinessHours = z.object({
  timeZone: z.string().max(64).refine(isTimeZone, 'not an IANA time zone'),
  weekly: z
    .array(z.object({ day: z.number().int().min(0).max(6), start: Clock, end: Clock }).refine((span) => span.start < span.end, 'start must be before end'))
    .max(70),
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')).max(400),
})
/** Business hours of an app. */
export type BusinessHours = z.infer<typeof BusinessHours>

/** `GET`/`PUT /api/v1/apps/{appId}/support/settings`. */
export const SupportSettings = z.object({
  handoffPhrases: z.array(z.string().trim().min(1).max(100)).max(100),
  sla: z.object({ low: SlaTarget, normal: SlaTarget, high: SlaTarget, urgent: SlaTarget }),
  businessHours: BusinessHours,
})
/** The support settings of an app. */
export type SupportSettings = z.infer<typeof SupportSettings>

/** The body of `PUT /support/settings`: every field optional, SLA per priority too. */
export const PutSupportSettings = z.object({
  handoffPhrases: SupportSettings.shape.handoffPhrases.optional(),
  sla: z.object({ low: SlaTarget.partial(), normal: SlaTarget.partial(), high: SlaTarget.partial(), urgent: SlaTarget.partial() }).partial().optional(),
  businessHours: BusinessHours.partial().optional(),
})
/** A change of support settings. */
export type PutSupportSettings = z.infer<typeof PutSupportSettings>

/** Phrases that ask for a person when the app sets none. */
export const DEFAULT_HANDOFF_PHRASES = ['转人工', '人工客服', '人工', 'human', 'agent', 'talk to a person', 'real person']

const NO_TARGET = { firstResponseSeconds: null, resolutionSeconds: null }

/** Settings of an app that set nothing: default phrases, no SLA targets, always open. */
export const DEFAULT_SUPPORT_SETTINGS: SupportSettings = {
  handoffPhrases: DEFAULT_HANDOFF_PHRASES,
  sla: { low: NO_TARGET, normal: NO_TARGET, high: NO_TARGET, urgent: NO_TARGET },
  businessHours: { timeZone: 'UTC', weekly: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '24:00' })), holidays: [] },
}

/** Stored settings (possibly partial or from an older version) filled with the defaults. */
export function withDefaults(stored: unknown): SupportSettings {
  const parsed = PutSupportSettings.safeParse(stored ?? {})
  return parsed.success ? merge(DEFAULT_SUPPORT_SETTINGS, parsed.data) : DEFAULT_SUPPORT_SETTINGS
}

/** Applies a change to settings: what the change leaves out keeps its value. */
export function merge(current: SupportSettings, change: PutSupportSettings): SupportSettings {
  const sla = { ...current.sla }
  for (const [priority, target] of Object.entries(change.sla ?? {}) as [keyof SupportSettings['sla'], Partial<z.infer<typeof SlaTarget>> | undefined][]) {
    if (target) sla[priority] = { ...sla[priority], ...target }
  }
  return {
    handoffPhrases: change.handoffPhrases ?? current.handoffPhrases,
    sla,
    businessHours: { ...current.businessHours, ...change.businessHours },
  }
}
