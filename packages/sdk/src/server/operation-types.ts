import type { operations } from './openapi-types.js'

/** The operationId of a REST operation, as the OpenAPI document names it (`createUser`, `listBots`, …). */
export type OperationId = keyof operations

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never
type Multipart<T> = T extends { content: { 'multipart/form-data': infer Body } } ? Body : never
type OrUnknown<T> = [T] extends [never] ? unknown : T

/** What an operation answers on success (its 200, 201 or 202 JSON); `unknown` where the document has no schema. */
export type ResultOf<Id extends OperationId> = OrUnknown<
  operations[Id]['responses'] extends infer Responses
    ? Responses extends { 200: infer Ok } ? Json<Ok> : Responses extends { 201: infer Created } ? Json<Created> : Responses extends { 202: infer Accepted } ? Json<Accepted> : never
    : never
>

/** The JSON request body of an operation (`never` when it takes none). */
export type BodyOf<Id extends OperationId> = Json<NonNullable<operations[Id]['requestBody']>>

/** The multipart fields of an operation that takes a file (`never` otherwise). */
export type MultipartOf<Id extends OperationId> = Multipart<NonNullable<operations[Id]['requestBody']>>

/** The query parameters of an operation (`never` when it takes none). */
export type QueryOf<Id extends OperationId> = NonNullable<operations[Id]['parameters']['query']>

/** The names of a path template's parameters in order: `'/users/{userId}/friends/{friendId}'` → `['userId', 'friendId']`. */
export type PathNames<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}` ? [Name, ...PathNames<Rest>] : []

/** One positional argument per path parameter. */
export type PathArgs<Path extends string> = Path extends `${string}{${string}}${infer Rest}` ? [string | number, ...PathArgs<Rest>] : []

/** What the last argument carries: the JSON body when the operation takes one, else its query. */
export type InputOf<Id extends OperationId> = [BodyOf<Id>] extends [never] ? ([QueryOf<Id>] extends [never] ? never : QueryOf<Id>) : BodyOf<Id>

/** The input argument, optional when every field of it is. */
type InputArg<Id extends OperationId> = [InputOf<Id>] extends [never] ? [] : {} extends InputOf<Id> ? [input?: InputOf<Id>] : [input: InputOf<Id>]

/** The query as a trailing argument, for the few operations that take both a body and a query. */
type QueryArg<Id extends OperationId> = [BodyOf<Id>] extends [never] ? [] : [QueryOf<Id>] extends [never] ? [] : [query?: QueryOf<Id>]

/** The arguments of an SDK method: the path parameters (without `appId`), then the body or query. */
export type ArgsOf<Id extends OperationId, Path extends string> = [...PathArgs<Path>, ...InputArg<Id>, ...QueryArg<Id>]

/** Which REST operation an SDK method calls (the coverage test reads it). */
export interface OperationInfo {
  operationId: OperationId
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** The path below `/api/v1/apps/{appId}`, with `{name}` parameters. */
  path: string
}

/** An SDK method bound to one REST operation. */
export type OperationMethod<Id extends OperationId, Path extends string> = ((...args: ArgsOf<Id, Path>) => Promise<ResultOf<Id>>) & { readonly operation: OperationInfo }
