import { readFileSync } from 'node:fs'
import { WarblerError } from '@warbler/protocol'
import { describe, expect, it } from 'vitest'
import { importOpenApi } from './import-openapi.js'

const petstore = readFileSync(new URL('../fixtures/petstore-expanded.yaml', import.meta.url), 'utf8')

/** A 3.1 spec with nested objects, arrays of objects, allOf, a header parameter, server variables and nullable types. */
const orders31 = {
  openapi: '3.1.0',
  info: { title: 'Orders', version: '1' },
  servers: [{ url: 'https://{region}.shop.example/v2', variables: { region: { default: 'eu' } } }],
  paths: {
    '/orders/{orderId}': {
      parameters: [{ name: 'orderId', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Z]-\\d+$' } }],
      get: {
        operationId: 'getOrder',
        summary: 'Look an order up',
        parameters: [
          { name: 'X-Locale', in: 'header', schema: { type: 'string', enum: ['en', 'zh-CN'] } },
          { name: 'fields', in: 'query', explode: false, schema: { type: 'array', items: { type: 'string' } } },
          { name: 'session', in: 'cookie', schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'ok' } },
      },
      patch: {
        operationId: 'updateOrder',
        requestBody: { required: true, content: { 'application/merge-patch+json': { schema: { $ref: '#/components/schemas/OrderPatch' } } } },
        responses: { '200': { description: 'ok' } },
      },
    },
    '/uploads': {
      post: { operationId: 'upload', requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object' } } } }, responses: {} },
    },
  },
  components: {
    schemas: {
      Address: {
        type: 'object',
        required: ['city'],
        properties: { city: { type: 'string' }, lines: { type: 'array', items: { type: 'string' } }, geo: { type: 'object', properties: { lat: { type: 'number' }, lng: { type: 'number' } } } },
      },
      Item: { type: 'object', required: ['sku', 'quantity'], properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 }, note: { type: ['string', 'null'] } } },
      OrderPatch: {
        allOf: [
          { type: 'object', properties: { shipping: { $ref: '#/components/schemas/Address' } } },
          { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Item' } }, id: { type: 'string', readOnly: true } } },
        ],
      },
    },
  },
}

describe('importOpenApi', () => {
  it('imports the official petstore-expanded example as 4 operations', () => {
    const { tools, skipped } = importOpenApi(petstore)
    expect(skipped).toEqual([])
    expect(tools.map((tool) => [tool.name, tool.risk, tool.http.method, tool.http.url])).toEqual([
      ['findPets', 'read', 'GET', 'http://petstore.swagger.io/api/pets'],
      ['addPet', 'write', 'POST', 'http://petstore.swagger.io/api/pets'],
      ['find_pet_by_id', 'read', 'GET', 'http://petstore.swagger.io/api/pets/{id}'],
      ['deletePet', 'write', 'DELETE', 'http://petstore.swagger.io/api/pets/{id}'],
    ])
    const [findPets, addPet, findPet] = tools
    expect(findPets!.parameters.properties).toMatchObject({ tags: { type: 'array', items: { type: 'string' }, description: 'tags to filter by' }, limit: { type: 'integer' } })
    expect(findPets!.parameters.required).toBeUndefined()
    expect(findPets!.http.parameters).toEqual([{ name: 'tags', in: 'query' }, { name: 'limit', in: 'query' }])
    // addPet carries NewPet (resolved from its $ref) as the body, with `name` required.
    expect(addPet!.parameters.required).toEqual(['body'])
    expect((addPet!.parameters.properties as any).body).toEqual({
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, tag: { type: 'string' } },
      description: 'Pet to add to the store',
    })
    expect(findPet!.parameters).toMatchObject({ properties: { id: { type: 'integer', format: 'int64' } }, required: ['id'] })
    expect(findPet!.http.parameters).toEqual([{ name: 'id', in: 'path' }])
  })

  it('keeps nested objects, arrays of objects, allOf and header parameters of a 3.1 spec', () => {
    const { tools, skipped } = importOpenApi(JSON.stringify(orders31))
    expect(skipped).toEqual([{ operation: 'POST /uploads', reason: 'its body is multipart/form-data, not JSON' }])
    const [getOrder, updateOrder] = tools
    expect(getOrder!.http.url).toBe('https://eu.shop.example/v2/orders/{orderId}')
    expect(getOrder!.http.parameters).toEqual([
      { name: 'orderId', in: 'path' },
      { name: 'X-Locale', in: 'header' },
      { name: 'fields', in: 'query', explode: false },
    ])
    expect(Object.keys(getOrder!.parameters.properties as object)).toEqual(['orderId', 'X-Locale', 'fields'])
    expect(getOrder!.description).toBe('Look an order up')
    expect(updateOrder!.risk).toBe('write')
    const body = (updateOrder!.parameters.properties as any).body
    expect(body.required).toEqual(['items'])
    expect(body.properties.id).toBeUndefined() // read-only: not something the caller sends
    expect(body.properties.shipping).toEqual({
      type: 'object',
      required: ['city'],
      properties: { city: { type: 'string' }, lines: { type: 'array', items: { type: 'string' } }, geo: { type: 'object', properties: { lat: { type: 'number' }, lng: { type: 'number' } } } },
    })
    expect(body.properties.items).toEqual({
      type: 'array',
      items: { type: 'object', required: ['sku', 'quantity'], properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 }, note: { type: ['string', 'null'] } } },
    })
  })

  it('turns 3.0 nullable into a null type and cuts recursive schemas', () => {
    const spec = {
      openapi: '3.0.3',
      servers: [{ url: 'https://api.example.com' }],
      paths: { '/nodes': { post: { operationId: 'addNode', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } }, responses: {} } } },
      components: { schemas: { Node: { type: 'object', properties: { label: { type: 'string', nullable: true }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } } } },
    }
    const [tool] = importOpenApi(spec).tools
    const body = (tool!.parameters.properties as any).body
    expect(tool!.parameters.required).toBeUndefined()
    expect(body.properties.label).toEqual({ type: ['string', 'null'] })
    expect(body.properties.children.items).toEqual({ type: 'object', description: '(recursive: Node)' })
  })

  it('refuses external refs, Swagger 2.0, relative servers without baseUrl, and unreadable text', () => {
    const external = { openapi: '3.1.0', servers: [{ url: 'https://a.example' }], paths: { '/x': { get: { parameters: [{ $ref: 'https://evil.example/p.yaml' }], responses: {} } } } }
    expect(() => importOpenApi(external)).toThrow(/External \$ref/)
    expect(() => importOpenApi({ swagger: '2.0', paths: {} })).toThrow(/Swagger 2.0/)
    const relative = { openapi: '3.0.0', servers: [{ url: '/api' }], paths: { '/x': { get: { responses: {} } } } }
    expect(() => importOpenApi(relative)).toThrow(/baseUrl/)
    expect(importOpenApi(relative, { baseUrl: 'https://shop.example/api/' }).tools[0]!.http.url).toBe('https://shop.example/api/x')
    expect(() => importOpenApi('openapi: [unclosed')).toThrow(WarblerError)
    expect(() => importOpenApi({ openapi: '3.1.0', paths: {} })).toThrow(/no operations/)
  })
})
