import { MessageBody, ResourceId, User, WidgetSettings } from '@warbler/protocol'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildOpenApi } from './openapi.js'
import type { DocumentedRoute } from './openapi/documented-route.js'

type Operation = { operationId: string; tags: string[]; security: unknown[]; parameters: { name: string; in: string }[]; responses: Record<string, unknown> }
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } }

function build(routes: DocumentedRoute[]): Document {
  return buildOpenApi(routes, { version: 'test' }) as unknown as Document
}

describe('buildOpenApi', () => {
  it('gives a route with no metadata an operationId, a tag, security, its path parameters and 4xx answers', () => {
    const document = build([
      { method: 'POST', url: '/api/v1/apps/:appId/gadgets/:gadgetId/launch', summary: 'Launch a gadget.', auth: 'app', body: z.object({ at: z.number() }) },
    ])
    const operation = document.paths['/api/v1/apps/{appId}/gadgets/{gadgetId}/launch']!.post!
    expect(operation.operationId).toBe('createGadgetLaunch')
    expect(operation.tags).toEqual(['gadgets'])
    expect(operation.security).toEqual([{ appSecret: [] }, { operatorKey: [] }])
    expect(operation.parameters.map((parameter) => `${parameter.in}:${parameter.name}`)).toEqual(['path:appId', 'path:gadgetId'])
    expect(Object.keys(operation.responses)).toEqual(['200', '400', '401', '403', '404', '413', '415', '429', 'default'])
  })

  it('documents a route without credentials as public, not as forgotten', () => {
    const document = build([{ method: 'GET', url: '/api/v1/apps/:appId/gadgets', summary: 'Public gadgets.', auth: 'none' }])
    expect(document.paths['/api/v1/apps/{appId}/gadgets']!.get!.security).toEqual([])
  })

  it('merges paths that differ only in parameter names under the first route’s names', () => {
    const document = build([
      { method: 'GET', url: '/api/v1/apps/:appId/gadgets/:id', summary: 'Read.', auth: 'app' },
      { method: 'DELETE', url: '/api/v1/apps/:appId/gadgets/:gadgetId', summary: 'Delete.', auth: 'app', params: z.object({ appId: ResourceId, gadgetId: ResourceId }) },
    ])
    expect(Object.keys(document.paths).filter((path) => path.includes('gadgets'))).toEqual(['/api/v1/apps/{appId}/gadgets/{id}'])
    const removal = document.paths['/api/v1/apps/{appId}/gadgets/{id}']!.delete!
    expect(removal.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path', schema: expect.objectContaining({ pattern: expect.any(String) }) }))
  })

  it('refers answers to the protocol’s named models', () => {
    const document = build([{ method: 'GET', url: '/api/v1/apps/:appId/people', summary: 'People.', auth: 'app', response: z.object({ users: z.array(User) }) }])
    const answer = document.paths['/api/v1/apps/{appId}/people']!.get!.responses['200']
    expect(answer).toMatchObject({ content: { 'application/json': { schema: { properties: { users: { items: { $ref: '#/components/schemas/User' } } } } } } })
    expect(document.components.schemas.User).toMatchObject({ type: 'object', required: expect.arrayContaining(['id', 'name', 'kind']) })
    // Answers may gain fields: nothing in them forbids additional properties.
    expect(JSON.stringify(document.components.schemas)).not.toContain('"additionalProperties":false')
  })

  it('names models in request bodies too, with an Input twin only where the request form differs', () => {
    const document = build([
      { method: 'POST', url: '/api/v1/apps/:appId/notes', summary: 'Note.', auth: 'app', body: z.object({ body: MessageBody, widget: WidgetSettings }), response: z.object({ widget: WidgetSettings }) },
    ])
    const schema = JSON.stringify((document.paths['/api/v1/apps/{appId}/notes']!.post as unknown as { requestBody: unknown }).requestBody)
    expect(schema).toContain('#/components/schemas/TextBody')
    expect(document.components.schemas.TextBody).toBeDefined()
    // WidgetSettings has defaults: a request may leave them out, an answer always has them.
    expect(schema).toContain('#/components/schemas/WidgetSettingsInput')
    expect(document.components.schemas.WidgetSettings).toBeDefined()
  })
})
