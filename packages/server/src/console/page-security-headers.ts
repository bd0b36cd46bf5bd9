/** The web pages the server serves, each with its own security headers. */
export type WebPage = 'chat' | 'console'

/** Content-Security-Policy directives, joined with `; `. */
function policy(directives: Record<string, string>): string {
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ')
}

/**
 * What both pages allow: scripts and styles only from files of this origin (no inline script, no
 * `eval`), no plugins, no `<base>` rewriting, forms only to this origin, and no framing by any site.
 */
const STRICT: Record<string, string> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'manifest-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
}

const COMMON = {
  'x-content-type-options': 'nosniff',
  // Signed file addresses carry their signature in the query: never hand them to another site.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
}

const HEADERS: Record<WebPage, Readonly<Record<string, string>>> = {
  // The chat app shows images and files by URL (the server's signed ones, or http(s) links in
  // messages) and may connect to another Warbler server the user names at sign-in.
  chat: {
    ...COMMON,
    'content-security-policy': policy({
      ...STRICT,
      'img-src': "'self' data: blob: https: http:",
      'media-src': "'self' blob: https: http:",
      'connect-src': "'self' https: http: wss: ws:",
    }),
    'x-frame-options': 'DENY',
  },
  // The console talks to this server only.
  console: {
    ...COMMON,
    'content-security-policy': policy(STRICT),
    'x-frame-options': 'DENY',
  },
}

/**
 * The security headers of one web page. Per page on purpose: a page meant to be embedded in other
 * sites (the website widget) gets its own `frame-ancestors` here without loosening the others.
 */
export function pageSecurityHeaders(page: WebPage): Readonly<Record<string, string>> {
  return HEADERS[page]
}
