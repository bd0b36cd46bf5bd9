import { WarblerError } from '@warbler/protocol'
import type { SourceHttp } from './source-http.js'

/** The rules of robots.txt that apply to one user agent. */
export interface RobotsRules {
  /** Whether a URL's path (with its query) may be fetched. */
  allows(url: string): boolean
  /** `Crawl-delay` in seconds, if the group sets one. */
  crawlDelaySeconds?: number
  /** `Sitemap:` lines (they apply to every agent). */
  sitemaps: string[]
}

interface Rule {
  allow: boolean
  pattern: RegExp
  length: number
}

/**
 * Parses robots.txt (RFC 9309): the group naming our agent (`WarblerKnowledgeBot`) or else `*`;
 * the longest matching `Allow`/`Disallow` wins, `Allow` on a tie; `*` and a trailing `$` work.
 */
export function parseRobots(text: string, agent = 'warblerknowledgebot'): RobotsRules {
  const groups: { agents: string[]; rules: Rule[]; delay?: number }[] = []
  const sitemaps: string[] = []
  let current: { agents: string[]; rules: Rule[]; delay?: number } | undefined
  let lastWasAgent = false
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim()
    const colon = line.indexOf(':')
    if (colon < 0) continue
    const key = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    if (key === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] }
        groups.push(current)
      }
      current.agents.push(value.toLowerCase())
      lastWasAgent = true
      continue
    }
    lastWasAgent = false
    if (key === 'sitemap') {
      if (value) sitemaps.push(value)
    } else if (current && (key === 'allow' || key === 'disallow')) {
      if (value === '') continue // `Disallow:` with nothing allows everything
      current.rules.push({ allow: key === 'allow', pattern: toPattern(value), length: value.length })
    } else if (current && key === 'crawl-delay') {
      const seconds = Number(value)
      if (Number.isFinite(seconds) && seconds >= 0) current.delay = seconds
    }
  }
  const own = groups.filter((group) => group.agents.some((name) => name !== '*' && agent.includes(name)))
  const chosen = own.length > 0 ? own : groups.filter((group) => group.agents.includes('*'))
  const rules = chosen.flatMap((group) => group.rules)
  const delay = chosen.find((group) => group.delay !== undefined)?.delay
  return {
    sitemaps,
    ...(delay !== undefined ? { crawlDelaySeconds: delay } : {}),
    allows(url) {
      const parsed = new URL(url)
      const path = parsed.pathname + parsed.search
      let best: Rule | undefined
      for (const rule of rules) {
        if (!rule.pattern.test(path)) continue
        if (!best || rule.length > best.length || (rule.length === best.length && rule.allow)) best = rule
      }
      return best ? best.allow : true
    },
  }
}

function toPattern(value: string): RegExp {
  const anchored = value.endsWith('$')
  const body = (anchored ? value.slice(0, -1) : value)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${body}${anchored ? '$' : ''}`)
}

const ALLOW_ALL: RobotsRules = { allows: () => true, sitemaps: [] }

/**
 * Reads an origin's robots.txt once per run. A missing file (4xx) allows everything, as RFC 9309
 * says. An unreachable one (5xx, network) fails the run with `upstream_failed`: the crawler never
 * reads paths it may not, and an outage of robots.txt never looks like every page disappearing.
 */
export async function loadRobots(http: SourceHttp, origin: string): Promise<RobotsRules> {
  let response
  try {
    response = await http.get(`${origin}/robots.txt`, { accept: 'text/plain' })
  } catch (error) {
    if (error instanceof Error && /HTTP 4\d\d/.test(error.message)) return ALLOW_ALL
    throw new WarblerError('upstream_failed', `robots.txt of ${origin} could not be read, so nothing was fetched or removed; the next run tries again.`)
  }
  if (response.status !== 200) return ALLOW_ALL
  return parseRobots(response.text())
}
