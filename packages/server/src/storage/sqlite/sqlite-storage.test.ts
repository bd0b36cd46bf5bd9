import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { describeStorage } from '../testing/storage-conformance.js'
import { SqliteStorage } from './sqlite-storage.js'

const directory = mkdtempSync(join(tmpdir(), 'warbler-sqlite-'))
let counter = 0
afterAll(() => rmSync(directory, { recursive: true, force: true }))

describeStorage('sqlite (file, WAL)', () => SqliteStorage.open({ filename: join(directory, `test-${counter++}.db`) }))
describeStorage('sqlite (:memory:)', () => SqliteStorage.open({ filename: ':memory:' }))
