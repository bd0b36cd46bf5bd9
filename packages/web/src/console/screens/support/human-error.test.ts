import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/http.js'
import { en } from '../../../shared/locales/en.js'
import { zhCN } from '../../../shared/locales/zh-cn.js'
import { EXPLAINED_CODES, errorText } from './human-error.js'

function translator(texts: Record<string, unknown>) {
  return (key: string, options: Record<string, unknown> = {}) => {
    const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], texts)
    if (typeof value !== 'string') throw new Error(`missing text ${key}`)
    return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name]))
  }
}

describe('errors in human words', () => {
  for (const [language, texts] of [['en', en], ['zh-CN', zhCN]] as const) {
    const t = translator(texts)
    it(`explains every known code in ${language}, never showing the code`, () => {
      for (const code of EXPLAINED_CODES) {
        const text = errorText(new ApiError(409, code, 'raw server text'), t)
        expect(text).not.toContain(code)
        expect(text).not.toContain('raw server text')
      }
    })
    it(`says when the server is unreachable, lacks the feature, or failed (${language})`, () => {
      expect(errorText(new TypeError('Failed to fetch'), t)).toBe(t('console.support.errors.network'))
      expect(errorText(new ApiError(404, 'not_found', 'No route GET /x'), t)).toBe(t('common.notAvailable'))
      expect(errorText(new ApiError(502, 'upstream_failed', 'boom'), t)).toBe(t('console.support.errors.server'))
    })
  }
})
