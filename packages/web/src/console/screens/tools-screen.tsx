import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../shared/format-time.js'
import { appApi } from '../console-api.js'
import type { ScreenProps } from '../screen-props.js'
import { ActionError, ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'
import { useStackedTable } from '../stacked-table.js'

interface ToolRow {
  id: string
  name: string
  description: string
  risk: 'read' | 'write'
  kind: 'http' | 'mcp'
  http?: { method: string; url: string }
  mcp?: { serverId: string; toolName: string }
  secretsSet: boolean
}

interface ToolCallRow {
  id: string
  tool: string
  userId: string
  conversationId: string
  argumentsHash: string
  status: string
  approval: string
  httpStatus: number | null
  latencyMs: number | null
  error: string | null
  createdAt: number
}

/** Imports an OpenAPI document pasted as JSON or YAML. */
function ImportForm({ onImport }: { onImport: (spec: string, baseUrl: string) => Promise<string[]> }) {
  const { t } = useTranslation()
  const [spec, setSpec] = useState('')
  const [baseUrl, setBaseUrl] = useState('')
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string[] | undefined>()

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setDone(undefined)
    try {
      setDone(await onImport(spec, baseUrl))
      setSpec('')
    } catch {
      // the screen shows the error
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card stacked-form" onSubmit={submit}>
      <h2>{t('console.tools.import')}</h2>
      <label>
        {t('console.tools.spec')}
        <textarea value={spec} onChange={(event) => setSpec(event.target.value)} rows={8} required placeholder="openapi: 3.1.0 …" className="mono" />
      </label>
      <label>
        {t('console.tools.baseUrl')}
        <input value={baseUrl} onChange={(event) => setBaseUrl(event.target.value)} type="url" placeholder="https://api.example.com" />
      </label>
      <div>
        <button type="submit" className="primary" disabled={busy || spec.trim() === ''}>{t('console.tools.importButton')}</button>
      </div>
      {done && <p role="status" className="small">{t('console.tools.imported', { count: done.length, names: done.join(', ') })}</p>}
    </form>
  )
}

/** Tools of the app (HTTP and MCP, with their risk) and the audit of their calls; import OpenAPI. */
export function ToolsScreen({ appId, can }: ScreenProps) {
  const { t, i18n } = useTranslation()
  const stackedTable = useStackedTable()
  const [conversationId, setConversationId] = useState('')
  const [filter, setFilter] = useState('')
  const [error, setError] = useState<Error | undefined>()
  const tools = useResource(() => (appId ? appApi<{ tools: ToolRow[] }>(appId, 'GET', 'tools') : Promise.resolve({ tools: [] })), `${appId}`)
  const calls = useResource(
    () => (appId ? appApi<{ toolCalls: ToolCallRow[] }>(appId, 'GET', `tool-calls?limit=100${filter ? `&conversationId=${encodeURIComponent(filter)}` : ''}`) : Promise.resolve({ toolCalls: [] })),
    `${appId}:${filter}`,
  )

  async function importSpec(spec: string, baseUrl: string): Promise<string[]> {
    if (!appId) return []
    setError(undefined)
    try {
      const answer = await appApi<{ tools: ToolRow[] }>(appId, 'POST', 'tools/import-openapi', { spec, ...(baseUrl ? { baseUrl } : {}) })
      tools.reload()
      return answer.tools.map((tool) => tool.name)
    } catch (cause) {
      setError(cause as Error)
      throw cause
    }
  }

  return (
    <section className="screen">
      <h1>{t('console.tools.heading')}</h1>
      <p className="muted small">{t('console.tools.intro')}</p>
      <ResourceState loading={tools.loading} error={tools.error} />
      {tools.data && (
        <ul className="card-list">
          {tools.data.tools.map((tool) => (
            <li key={tool.id} className="card" data-testid={`tool-${tool.id}`}>
              <div className="row">
                <strong>{tool.name}</strong>
                <span className={`pill ${tool.risk === 'write' ? 'pill-pending' : 'pill-ready'}`}>{t(`console.tools.risk.${tool.risk}`)}</span>
                <span className="mono muted small">{tool.id}</span>
              </div>
              <p className="small">{tool.description}</p>
              <p className="small mono muted">
                {tool.http ? `${tool.http.method} ${tool.http.url}` : `MCP ${tool.mcp?.toolName ?? ''}`}
                {tool.secretsSet && ` · ${t('console.tools.secretsSet')}`}
              </p>
            </li>
          ))}
          {tools.data.tools.length === 0 && <p className="muted">{t('common.empty')}</p>}
        </ul>
      )}
      <ActionError error={error} />
      {can('apps.manage') && <ImportForm onImport={importSpec} />}

      <h2>{t('console.tools.calls')}</h2>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault()
          setFilter(conversationId.trim())
        }}
      >
        <label>
          {t('console.tools.conversation')}
          <input value={conversationId} onChange={(event) => setConversationId(event.target.value)} />
        </label>
        <button type="submit" className="ghost">{t('console.tools.filter')}</button>
      </form>
      <ResourceState loading={calls.loading} error={calls.error} />
      {calls.data && (
        <div className="table-wrap card">
          <table className="stacked-table" ref={stackedTable} data-testid="tool-calls-table">
            <thead>
              <tr>
                <th>{t('console.tools.time')}</th>
                <th>{t('console.tools.tool')}</th>
                <th>{t('console.tools.user')}</th>
                <th>{t('console.tools.status')}</th>
                <th>{t('console.tools.approval')}</th>
                <th>{t('console.tools.http')}</th>
                <th>{t('console.tools.latency')}</th>
              </tr>
            </thead>
            <tbody>
              {calls.data.toolCalls.map((call) => (
                <tr key={call.id} title={call.error ?? call.argumentsHash}>
                  <td>{formatDateTime(call.createdAt, i18n.language)}</td>
                  <td className="mono">{call.tool}</td>
                  <td className="mono">{call.userId}</td>
                  <td><span className={`pill pill-${call.status}`}>{t(`console.tools.statuses.${call.status}`, { defaultValue: call.status })}</span>{call.error && <span className="muted small"> · {call.error}</span>}</td>
                  <td>{t(`console.tools.approvals.${call.approval}`, { defaultValue: call.approval })}</td>
                  <td>{call.httpStatus ?? '—'}</td>
                  <td>{call.latencyMs === null ? '—' : `${call.latencyMs} ms`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {calls.data.toolCalls.length === 0 && <p className="muted">{t('common.empty')}</p>}
        </div>
      )}
    </section>
  )
}
