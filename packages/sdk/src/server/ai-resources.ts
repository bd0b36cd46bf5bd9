import { operation as op, uploadOperation } from './operation.js'
import type { ServerCall } from './server-http.js'

/** Knowledge bases: create, list, read, delete, search; their documents, sources and curations. */
export function knowledgeBasesResource(call: ServerCall) {
  return {
    /** Creates a knowledge base (`{ name, chunking? }`). */
    create: op(call, 'createKnowledgeBase', 'POST', '/knowledge-bases'),
    /** The app's knowledge bases. */
    list: op(call, 'listKnowledgeBases', 'GET', '/knowledge-bases'),
    /** A knowledge base with its chunk count. */
    get: op(call, 'getKnowledgeBase', 'GET', '/knowledge-bases/{kbId}'),
    /** Deletes a knowledge base with its documents and chunks. */
    delete: op(call, 'deleteKnowledgeBase', 'DELETE', '/knowledge-bases/{kbId}'),
    /** Searches a knowledge base (`{ query, topK?, tags?, documentIds? }`); results best first. */
    search: op(call, 'searchKnowledgeBase', 'POST', '/knowledge-bases/{kbId}/search'),
  }
}

/** Documents of a knowledge base: add (text, URL or a file), read, change, delete, their chunks. */
export function documentsResource(call: ServerCall) {
  return {
    /** A page of documents, oldest first (`{ limit, offset }`; `next` → `offset`). */
    list: op(call, 'listKnowledgeBaseDocuments', 'GET', '/knowledge-bases/{kbId}/documents'),
    /** Adds a text or URL document (`{ title, text }` or `{ url }`); ingestion is queued. */
    add: op(call, 'addKnowledgeBaseDocument', 'POST', '/knowledge-bases/{kbId}/documents'),
    /** Uploads a file (PDF, Word, Markdown, HTML, text …) as a document; ingestion is queued. */
    upload: uploadOperation(call, 'addKnowledgeBaseDocument', '/knowledge-bases/{kbId}/documents', 'file'),
    /** A document and its ingestion status (queued, processing, ready, failed). */
    get: op(call, 'getKnowledgeBaseDocument', 'GET', '/knowledge-bases/{kbId}/documents/{docId}'),
    /** Changes a document's title, tags or content (re-ingested in the background). */
    set: op(call, 'setKnowledgeBaseDocument', 'PUT', '/knowledge-bases/{kbId}/documents/{docId}'),
    /** Deletes a document and its chunks. */
    delete: op(call, 'deleteKnowledgeBaseDocument', 'DELETE', '/knowledge-bases/{kbId}/documents/{docId}'),
    /** Ingests a document again from its stored source. */
    reindex: op(call, 'createDocumentReindex', 'POST', '/knowledge-bases/{kbId}/documents/{docId}/reindex'),
    /** The chunks of a document in order (what a bot can read). */
    listChunks: op(call, 'listDocumentChunks', 'GET', '/knowledge-bases/{kbId}/documents/{docId}/chunks'),
  }
}

/** Sources that keep a knowledge base in sync (sitemap, site, RSS/Atom, FastGPT), and their runs. */
export function sourcesResource(call: ServerCall) {
  return {
    /** Adds a source; its first sync is queued. */
    create: op(call, 'createKnowledgeBaseSource', 'POST', '/knowledge-bases/{kbId}/sources'),
    /** The sources of a knowledge base. */
    list: op(call, 'listKnowledgeBaseSources', 'GET', '/knowledge-bases/{kbId}/sources'),
    /** A source with its latest run. */
    get: op(call, 'getKnowledgeBaseSource', 'GET', '/knowledge-bases/{kbId}/sources/{sourceId}'),
    /** Pauses or resumes a source, or changes its schedule, patterns, limits or token. */
    update: op(call, 'updateKnowledgeBaseSource', 'PATCH', '/knowledge-bases/{kbId}/sources/{sourceId}'),
    /** Deletes a source and its documents. */
    delete: op(call, 'deleteKnowledgeBaseSource', 'DELETE', '/knowledge-bases/{kbId}/sources/{sourceId}'),
    /** Syncs a source now; answers the run. */
    sync: op(call, 'syncKnowledgeBaseSource', 'POST', '/knowledge-bases/{kbId}/sources/{sourceId}/sync'),
    /** The runs of a source, newest first. */
    listRuns: op(call, 'listSourceRuns', 'GET', '/knowledge-bases/{kbId}/sources/{sourceId}/runs'),
    /** One run of a source. */
    getRun: op(call, 'getSourceRun', 'GET', '/knowledge-bases/{kbId}/sources/{sourceId}/runs/{runId}'),
    /** What a source has synced (`{ limit, offset }`; `next` → `offset`). */
    listItems: op(call, 'listSourceItems', 'GET', '/knowledge-bases/{kbId}/sources/{sourceId}/items'),
  }
}

/** Curations of passages: edit a chunk, disable it, or pin a Q&A pair. */
export function curationsResource(call: ServerCall) {
  return {
    /** Curates a passage. */
    create: op(call, 'createKnowledgeBaseCuration', 'POST', '/knowledge-bases/{kbId}/curations'),
    /** The curations of a knowledge base (`needsReview: 'true'` for those whose passage changed). */
    list: op(call, 'listKnowledgeBaseCurations', 'GET', '/knowledge-bases/{kbId}/curations'),
    /** Marks a curation reviewed. */
    update: op(call, 'updateKnowledgeBaseCuration', 'PATCH', '/knowledge-bases/{kbId}/curations/{curationId}'),
    /** Deletes a curation. */
    delete: op(call, 'deleteKnowledgeBaseCuration', 'DELETE', '/knowledge-bases/{kbId}/curations/{curationId}'),
  }
}

/** Bots, and their A/B variants with the outcomes per variant. */
export function botsResource(call: ServerCall) {
  return {
    /** Creates a bot. */
    create: op(call, 'createBot', 'POST', '/bots'),
    /** The app's bots. */
    list: op(call, 'listBots', 'GET', '/bots'),
    /** Reads a bot (its provider key is never shown: `apiKeySet`). */
    get: op(call, 'getBot', 'GET', '/bots/{botId}'),
    /** Changes a bot. */
    update: op(call, 'updateBot', 'PATCH', '/bots/{botId}'),
    /** Deletes a bot. */
    delete: op(call, 'deleteBot', 'DELETE', '/bots/{botId}'),
    /** Tries a bot: its answer to one question with the retrieved passages, their scores and the relevance gate's verdict; posts nothing. */
    testAnswer: op(call, 'createBotTestAnswer', 'POST', '/bots/{botId}/test-answer'),
    /** A bot's A/B variants. */
    listVariants: op(call, 'listBotVariants', 'GET', '/bots/{botId}/variants'),
    /** Sets a bot's A/B variants (an empty list ends the test). */
    setVariants: op(call, 'setBotVariants', 'PUT', '/bots/{botId}/variants'),
    /** Outcomes per variant over the last `days`, with a significance note (`note`, `noteZh`). */
    listVariantOutcomes: op(call, 'listVariantOutcomes', 'GET', '/bots/{botId}/variants/outcomes'),
  }
}

/** Tools bots may call: HTTP tools, OpenAPI imports, MCP servers, the call audit and approvals. */
export function toolsResource(call: ServerCall) {
  return {
    /** Creates an HTTP tool. */
    create: op(call, 'createTool', 'POST', '/tools'),
    /** The app's tools. */
    list: op(call, 'listTools', 'GET', '/tools'),
    /** Reads a tool. */
    get: op(call, 'getTool', 'GET', '/tools/{toolId}'),
    /** Deletes a tool. */
    delete: op(call, 'deleteTool', 'DELETE', '/tools/{toolId}'),
    /** Imports the operations of an OpenAPI document as tools. */
    importOpenApi: op(call, 'importOpenApiTools', 'POST', '/tools/import-openapi'),
    /** Connects an MCP server; its tools become the app's. */
    connectMcp: op(call, 'connectMcpServer', 'POST', '/tools/mcp'),
    /** The connected MCP servers. */
    listMcp: op(call, 'getToolMcp', 'GET', '/tools/mcp'),
    /** Disconnects an MCP server. */
    deleteMcp: op(call, 'deleteToolMcp', 'DELETE', '/tools/mcp/{serverId}'),
    /** The audit records of tool calls, newest first. */
    listCalls: op(call, 'listToolCalls', 'GET', '/tool-calls'),
    /** Approves or refuses a tool call that waits for a person. */
    decideCall: op(call, 'decideToolCall', 'POST', '/tool-calls/{toolCallId}/decision'),
  }
}

/** Ratings of bot answers (👍/👎 with a reason); a change of mind is a new rating, never an overwrite. */
export function feedbackResource(call: ServerCall) {
  return {
    /** Rates a bot answer for a user (`{ userId, rating, reason?, comment? }`). */
    rate: op(call, 'createMessageFeedback', 'POST', '/conversations/{conversationId}/messages/{seq}/feedback'),
    /** Every rating of one answer, oldest first. */
    history: op(call, 'listMessageFeedback', 'GET', '/conversations/{conversationId}/messages/{seq}/feedback'),
    /** Ratings of bot answers, newest first (`{ rating?, botId?, conversationId?, limit? }`). */
    list: op(call, 'listFeedback', 'GET', '/feedback'),
  }
}

/** Evaluations: eval sets (versioned), runs that compare candidates side by side, the price table. */
export function evalsResource(call: ServerCall) {
  return {
    /** Creates an eval set from items or CSV. */
    createSet: op(call, 'createEvalSet', 'POST', '/eval-sets'),
    /** Builds an eval set from production signals (👎 answers, missing-knowledge hand-offs, low CSAT). */
    createSetFromSignals: op(call, 'createEvalSetFromSignal', 'POST', '/eval-sets/from-signals'),
    /** The app's eval sets, newest first. */
    listSets: op(call, 'listEvalSets', 'GET', '/eval-sets'),
    /** An eval set with the items of its newest version (or of `version`). */
    getSet: op(call, 'getEvalSet', 'GET', '/eval-sets/{setId}'),
    /** Saves new items as the next version of a set. */
    addSetVersion: op(call, 'createEvalSetVersion', 'POST', '/eval-sets/{setId}/versions'),
    /** Queues a run: every candidate answers every item of the pinned set version. */
    createRun: op(call, 'createEvalRun', 'POST', '/eval-runs'),
    /** Eval runs, newest first, with each candidate's figures. */
    listRuns: op(call, 'listEvalRuns', 'GET', '/eval-runs'),
    /** A run: status, progress, figures per candidate, every item side by side. */
    getRun: op(call, 'getEvalRun', 'GET', '/eval-runs/{runId}'),
    /** Cancels a run (the answers made so far stay). */
    cancelRun: op(call, 'cancelEvalRun', 'POST', '/eval-runs/{runId}/cancel'),
    /** The price table per model and the run limits. */
    getSettings: op(call, 'getAppEvalSettings', 'GET', '/eval-settings'),
    /** Sets the price table per model and the run limits. */
    setSettings: op(call, 'setAppEvalSettings', 'PUT', '/eval-settings'),
  }
}

/** Knowledge gaps: questions the bots declined or answered with 👎, grouped by similarity. */
export function knowledgeGapsResource(call: ServerCall) {
  return {
    /** The gaps of the last `days`, biggest first. */
    list: op(call, 'listKnowledgeGaps', 'GET', '/knowledge-gaps'),
    /** Adds an answer to a gap: a Q&A document in a knowledge base. */
    answer: op(call, 'createKnowledgeGapAnswer', 'POST', '/knowledge-gaps/answer'),
  }
}
