/**
 * The server's WebSocket close codes, copied from `CLOSE_CODES` in `@warbler/protocol`.
 * Importing them from there pulls `frames.ts`, and with it all of zod, into browser bundles
 * (zod schemas are built at module load, so bundlers cannot drop them). `close-codes.test.ts`
 * keeps this copy equal to the protocol's.
 */
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
