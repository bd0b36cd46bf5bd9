import { describe, expect, it } from 'vitest'
import { RefusalAudit } from './refusal-audit.js'

describe('RefusalAudit', () => {
  it('reports the first refusal at once and folds the rest of the window into the next report', () => {
    let now = 0
    const audit = new RefusalAudit({ windowMs: 1000, now: () => now })
    expect(audit.refused('admin', '10.0.0.1')).toEqual({ scope: 'admin', address: '10.0.0.1', refused: 1 })
    expect(audit.refused('admin', '10.0.0.1')).toBeUndefined()
    expect(audit.refused('admin', '10.0.0.1')).toBeUndefined()
    expect(audit.refused('console', '10.0.0.1')).toMatchObject({ scope: 'console', refused: 1 })
    expect(audit.refused('admin', '10.0.0.2')).toMatchObject({ refused: 1 })
    now = 1000
    expect(audit.refused('admin', '10.0.0.1')).toEqual({ scope: 'admin', address: '10.0.0.1', refused: 3 })
  })

  it('keeps its memory bounded', () => {
    const audit = new RefusalAudit({ windowMs: 1000, now: () => 0, maxTracked: 10 })
    for (let index = 0; index < 100; index++) expect(audit.refused('admin', `10.0.0.${index}`)).toBeDefined()
  })
})
