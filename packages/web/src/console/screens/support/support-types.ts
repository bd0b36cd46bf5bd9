import type { HandoffReason, SupportPriority, SupportStatus } from '@warbler/sdk'

export type {
  Agent,
  CannedReply,
  CsatAverage,
  HandoffReason,
  SupportAnalytics,
  SupportChange,
  SupportConversation,
  SupportCounts,
  SupportListFilter,
  SupportNote,
  SupportPriority,
  SupportSettings,
  SupportState,
  SupportStatus,
} from '@warbler/sdk'

/** Every status, in the order the console shows them. */
export const SUPPORT_STATUSES: readonly SupportStatus[] = ['queued', 'assigned', 'snoozed', 'resolved', 'bot']
/** Every priority, least urgent first. */
export const SUPPORT_PRIORITIES: readonly SupportPriority[] = ['low', 'normal', 'high', 'urgent']
/** Every hand-off reason. */
export const HANDOFF_REASONS: readonly HandoffReason[] = ['customer_request', 'missing_knowledge', 'tool_failure', 'policy', 'other']
