import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AddressPolicy } from '../../net/address-policy.js'
import { fetchDocument } from './crawl-site.js'
import { fetchResource } from './guarded-fetch.js'

describe('fetchResource', () => {
  let server: http.Server
  let base: string
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      if (request.url === '/page') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        response.end('<title>Home</title><h1>Hello</h1><p>Welcome.</p><a href="/about">About</a><a href="http://example.invalid/x">Out</a>')
      } else if (request.url === '/about') {
        response.writeHead(200, { 'content-type': 'text/html' })
        response.end('<title>About</title><p>We make widgets.</p><a href="/page">Home</a>')
      } else if (request.url === '/to-metadata') {
        response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' })
        response.end()
      } else if (request.url === '/to-page') {
        response.writeHead(301, { location: '/page' })
        response.end()
      } else if (request.url === '/image') {
        response.writeHead(200, { 'content-type': 'image/png' })
        response.end(Buffer.alloc(10))
      } else if (request.url === '/big') {
        response.writeHead(200, { 'content-type': 'text/plain' })
        response.end('x'.repeat(5000))
      } else {
        response.writeHead(404)
        response.end()
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const allowLocal = () => ({ policy: new AddressPolicy(['127.0.0.1']) })

  it('refuses loopback and private addresses unless allowlisted', async () => {
    await expect(fetchResource(`${base}/page`, { policy: new AddressPolicy() })).rejects.toMatchObject({ code: 'forbidden' })
    const page = await fetchResource(`${base}/page`, allowLocal())
    expect(page.contentType).toBe('text/html')
    expect(page.body.toString()).toContain('Welcome.')
  })

  it('refuses a host name that resolves to a private address, and connects to the checked address', async () => {
    const rebinding = { policy: new AddressPolicy([], async () => [{ address: '10.0.0.5', family: 4 }]) }
    await expect(fetchResource('http://internal.example.com/', rebinding)).rejects.toMatchObject({ code: 'forbidden' })
    // A name resolving to the allowlisted test server: the connection goes to the address we checked.
    const port = new URL(base).port
    const pinned = { policy: new AddressPolicy(['127.0.0.1'], async () => [{ address: '127.0.0.1', family: 4 }]) }
    const page = await fetchResource(`http://docs.example.com:${port}/page`, pinned)
    expect(page.body.toString()).toContain('Welcome.')
  })

  it('checks redirects again: a redirect to a private address is refused, a safe one followed', async () => {
    await expect(fetchResource(`${base}/to-metadata`, allowLocal())).rejects.toMatchObject({ code: 'forbidden' })
    const page = await fetchResource(`${base}/to-page`, allowLocal())
    expect(page.url).toBe(`${base}/page`)
  })

  it('enforces content type and size limits', async () => {
    await expect(fetchResource(`${base}/image`, allowLocal())).rejects.toMatchObject({ code: 'unsupported_media_type' })
    await expect(fetchResource(`${base}/big`, { ...allowLocal(), maxBytes: 1000 })).rejects.toMatchObject({ code: 'payload_too_large' })
    await expect(fetchResource('file:///etc/passwd', allowLocal())).rejects.toMatchObject({ code: 'validation_failed' })
  })

  it('crawls a site within its origin up to the page limit, one page block per page', async () => {
    const document = await fetchDocument(`${base}/page`, { depth: 2, maxPages: 5 }, allowLocal())
    const pages = document.blocks.filter((block) => block.kind === 'page')
    expect(pages.map((page) => page.kind === 'page' && page.title)).toEqual(['Home', 'About'])
    const single = await fetchDocument(`${base}/page`, { depth: 2, maxPages: 1 }, allowLocal())
    expect(single.blocks.some((block) => block.kind === 'paragraph' && block.text === 'We make widgets.')).toBe(false)
  })
})
