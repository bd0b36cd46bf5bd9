import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { TestServer } from '../helpers/test-server.js'
import type { Engine, RawDatabase } from './engine-fixture.js'

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** The words of `words` found in plaintext (UTF-8) in any file under `dir`, with the file. */
export function plaintextIn(dir: string, words: readonly string[]): string[] {
  const found: string[] = []
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file)
    for (const word of words) if (bytes.includes(Buffer.from(word, 'utf8'))) found.push(`${word} in ${file}`)
  }
  return found
}

/** Every table of the database, by name. */
export async function tablesOf(engine: Engine, raw: RawDatabase): Promise<string[]> {
  const rows =
    engine.name === 'sqlite'
      ? await raw.query("SELECT name FROM sqlite_master WHERE type = 'table'")
      : await raw.query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
  return rows.map((row) => String(row.name))
}

/** The words found (any case) in any row of any table, as `word in table` (PostgreSQL data lives outside the data dir). */
export async function wordsInRows(engine: Engine, raw: RawDatabase, words: readonly string[], options: { except?: readonly string[] } = {}): Promise<string[]> {
  const found: string[] = []
  for (const table of await tablesOf(engine, raw)) {
    if (options.except?.includes(table)) continue
    const rows = engine.name === 'sqlite' ? await raw.query(`SELECT * FROM "${table}"`) : await raw.query(`SELECT t::text AS row FROM "${table}" t`)
    const text = JSON.stringify(rows).toLowerCase()
    for (const word of words) if (text.includes(word.toLowerCase())) found.push(`${word} in ${table}`)
  }
  return found
}

/** Uploads a file as the user (multipart, conversationId first) and answers its download URL. */
export async function upload(server: TestServer, appId: string, token: string, conversationId: string, content: Uint8Array | string, name: string, type: string) {
  const form = new FormData()
  form.append('conversationId', conversationId)
  form.append('file', new Blob([content as BlobPart], { type }), name)
  const response = await fetch(`${server.url}/api/v1/apps/${appId}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  expect(response.status).toBe(201)
  return (await response.json()) as { id: string; url: string; size: number }
}

/** Downloads a URL of the server: status and bytes. */
export async function download(server: TestServer, url: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${url}`, { headers })
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) }
}
