import { pino, type Logger } from 'pino'

export type { Logger } from 'pino'

/**
 * JSON logs with pino. Credentials are redacted wherever they may appear; message bodies are never
 * logged at info level (handlers log ids and sizes only).
 */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'warbler',
    level: options.level ?? 'info',
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'token',
        'secret',
        'apiKey',
        '*.token',
        '*.secret',
        '*.apiKey',
        'body.text',
      ],
      censor: '[redacted]',
    },
  })
}
