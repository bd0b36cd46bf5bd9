import type { EmbeddingModel } from '../../providers/model-types.js'
import type { KnowledgeStore, ScoredChunk, SearchFilters } from '../store/knowledge-store.js'
import { queryWords } from '../tokenize/query-words.js'
import { toQueryTerms } from '../tokenize/tokenize.js'
import { rerankByCoverage } from './coverage-rerank.js'
import { embedValues } from './embed-values.js'
import { boostFieldMatches } from './field-match.js'
import { preferQuestionLanguage } from './language-preference.js'
import { mergeAdjacentPassages } from './merge-adjacent.js'
import { supportFromNeighbours } from './neighbour-support.js'
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
const RERANK_CANDIDATES = Number(process.env.WARBLER_RERANK_CANDIDATES ?? 40)

/**
 * Lexical BM25 always; with an embedding model, vector search too, fused by reciprocal rank.
 * If the embedding call fails the search still answers, lexically. The lexical candidates are
 * re-ranked by query coverage, supported by their neighbours, weighted by title and heading
 * matches and by language; then neighbouring passages among the first results are joined.
 */
export async function hybridSearch(store: KnowledgeStore, input: HybridSearchInput): Promise<ScoredChunk[]> {
  const terms = toQueryTerms(input.query)
  const words = queryWords(input.query)
  const candidates = await store.searchLexical(input.appId, input.kbIds, terms, Math.max(RERANK_CANDIDATES, input.topK), input.filters)
  const lexical = preferQuestionLanguage(input.query, boostFieldMatches(supportFromNeighbours(rerankByCoverage(candidates, terms, words)), words))
  const lexicalOnly = (): ScoredChunk[] => mergeAdjacentPassages(lexical).slice(0, input.topK)
  if (!input.embeddingModel) return lexicalOnly()
  let vector: ScoredChunk[] = []
  try {
    const [embedding] = await embedValues(input.embeddingModel, [input.query])
    vector = await store.searchVector(input.appId, input.kbIds, embedding!, Math.max(CANDIDATES, input.topK), input.filters)
  } catch (error) {
    input.log?.(`vector search skipped: ${(error as Error).message}`)
  }
  if (vector.length === 0) return lexicalOnly()
  const fused = reciprocalRankFusion([lexical, vector], (chunk) => chunk.id).map(({ item, score }) => ({ ...item, score }))
  return mergeAdjacentPassages(fused).slice(0, input.topK)
}
