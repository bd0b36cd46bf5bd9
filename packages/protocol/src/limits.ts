/** Default limits. The server may be configured with other values; these are what it starts with. */
export const DEFAULT_LIMITS = {
  /** Largest WebSocket frame the server accepts, in bytes. */
  maxFrameBytes: 64 * 1024,
  /** Longest text body, in UTF-16 code units. */
  maxTextLength: 10_000,
  /** Largest custom/ext JSON, in bytes once serialised. */
  maxExtBytes: 8 * 1024,
  /** Sends per second one connection may make (token bucket rate). */
  sendsPerSecond: 50,
  /** Burst above the steady rate. */
  sendBurst: 100,
  /** Open WebSocket connections per user. */
  connectionsPerUser: 10,
  /** Most messages one history page returns. */
  maxHistoryPage: 200,
  /** Seconds a new connection has to authenticate. */
  authTimeoutSeconds: 10,
  /** Interval between server heartbeats, in seconds. */
  heartbeatSeconds: 25,
  /** Largest REST JSON body, in bytes. */
  maxRestBodyBytes: 1024 * 1024,
  /** Deepest nesting of objects and arrays in a JSON frame or body (the frame itself is level 1). */
  maxJsonDepth: 32,
  /** Most values (objects, arrays, strings, numbers...) in one JSON frame or body. */
  maxJsonValues: 100_000,
} as const
