import type { EmbeddingModel } from '../../providers/model-types.js'
import type { KnowledgeStore, ScoredChunk, SearchFilters } from '../store/knowledge-store.js'
import { queryWords } from '../tokenize/query-words.js'
import { toQueryTerms } from '../tokenize/tokenize.js'
import { rerankByCoverage } from './coverage-rerank.js'
import { embedValues } from './embed-values.js'
import { preferQuestionLanguage } from './language-preference.js'
import { reciprocalRankFusion } from './reciprocal-rank-fusion.js'

/** One search over one or more knowledge bases of an app. */
export interface HybridSearchInput {
  appId: string
  kbIds: string[]
  query: string
  topK: number
  filters?: SearchFilters
  embeddingModel?: EmbeddingModel
  log?: (message: string) => void
}

/** How many candidates each retriever contributes to the fusion. */
const CANDIDATES = 50
/** BM25 candidates re-ranked by query-term coverage. */
const RERANK_CANDIDATES = Number(process.env.WARBLER_RERANK_CANDIDATES ?? 30)

/**
 * Lexical BM25 always; with an embedding model, vector search too, fused by reciprocal rank.
 * If the embedding call fails the search still answers, lexically.
 */
export async function hybridSearch(store: KnowledgeStore, input: HybridSearchInput): Promise<ScoredChunk[]> {
  const terms = toQueryTerms(input.query)
  const lexical = preferQuestionLanguage(
    input.query,
    rerankByCoverage(await store.searchLexical(input.appId, input.kbIds, terms, Math.max(RERANK_CANDIDATES, input.topK), input.filters), terms, queryWords(input.query)),
  )
  if (!input.embeddingModel) return lexical.slice(0, input.topK)
  let vector: ScoredChunk[] = []
  try {
    const [embedding] = await embedValues(input.embeddingModel, [input.query])
    vector = await store.searchVector(input.appId, input.kbIds, embedding!, Math.max(CANDIDATES, input.topK), input.filters)
  } catch (error) {
    input.log?.(`vector search skipped: ${(error as Error).message}`)
  }
  if (vector.length === 0) return lexical.slice(0, input.topK)
  return reciprocalRankFusion([lexical, vector], (chunk) => chunk.id)
    .slice(0, input.topK)
    .map(({ item, score }) => ({ ...item, score }))
}
