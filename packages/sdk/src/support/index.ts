/** Customer service over REST: {@link SupportApi} and its shapes. */
export { SupportApi } from './support-api.js'
export type {
  Agent,
  AgentAvailability,
  CannedReply,
  Csat,
  CsatAverage,
  HandoffInput,
  HandoffReason,
  SupportAnalytics,
  SupportChange,
  SupportConversation,
  SupportCounts,
  SupportList,
  SupportListFilter,
  SupportNote,
  SupportPriority,
  SupportSettings,
  SupportState,
  SupportStatus,
} from './support-types.js'
