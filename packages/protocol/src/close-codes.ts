/** zod-free, so browser bundles can import it alone (`@warbler/protocol/close-codes`). */
/** WebSocket close codes the server uses (4000–4999 are the application's range). */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  serviceRestart: 1012,
  authFailed: 4001,
  authTimeout: 4008,
  tokenRevoked: 4003,
  tooManyConnections: 4029,
  kicked: 4009,
  policy: 1008,
} as const
