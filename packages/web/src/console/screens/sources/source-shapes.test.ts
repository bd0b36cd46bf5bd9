import { describe, expect, it } from 'vitest'
import { parsePatterns, runPercent, sourceBody, type SourceDraft, type SourceRun } from './source-shapes.js'

const draft: SourceDraft = { kind: 'sitemap', url: ' https://help.example.com/sitemap.xml ', scheduled: true, everyMinutes: 60, include: '', exclude: '', token: '', basePath: '' }

describe('the Add a source form', () => {
  it('takes patterns one a line or comma-separated, ignoring blanks', () => {
    expect(parsePatterns('https://help.example.com/docs/*\n\n  */archive/* , *.pdf\n')).toEqual(['https://help.example.com/docs/*', '*/archive/*', '*.pdf'])
  })

  it('sends the schedule only when it is on, and patterns only for web kinds', () => {
    expect(sourceBody({ ...draft, exclude: '*/archive/*' })).toEqual({ kind: 'sitemap', url: 'https://help.example.com/sitemap.xml', everyMinutes: 60, exclude: ['*/archive/*'] })
    expect(sourceBody({ ...draft, scheduled: false })).toEqual({ kind: 'sitemap', url: 'https://help.example.com/sitemap.xml' })
    expect(sourceBody({ ...draft, kind: 'fastgpt-api', include: 'ignored', token: ' secret ', basePath: 'root' })).toEqual({ kind: 'fastgpt-api', url: 'https://help.example.com/sitemap.xml', everyMinutes: 60, token: 'secret', basePath: 'root' })
  })
})

describe('the progress bar of a run', () => {
  const run: SourceRun = { id: 'r', status: 'running', trigger: 'manual', progress: 0.426, queuedAt: 1, startedAt: 2, finishedAt: null, added: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0, errors: [] }
  it('shows the running share, empty while queued and full when done', () => {
    expect(runPercent(run)).toBe(43)
    expect(runPercent({ ...run, status: 'queued', progress: 0.9 })).toBe(0)
    expect(runPercent({ ...run, status: 'done', progress: 0.5 })).toBe(100)
    expect(runPercent({ ...run, progress: 7 })).toBe(100)
  })
})
