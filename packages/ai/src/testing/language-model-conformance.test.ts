import { createOpenAICompatibleProvider } from '../providers/openai-compatible/openai-compatible-provider.js'
import type { LanguageModel } from '../providers/model-types.js'
import { createResilientModel } from '../providers/resilient-model.js'
import { createRedactingModel } from '../redaction/redacting-model.js'
import { Redactor } from '../redaction/redactor.js'
import { startFakeOpenAIServer } from './fake-openai-server.js'
import { describeLanguageModelConformance, type LanguageModelFixture } from './language-model-conformance.js'
import { ScriptedLanguageModel } from './scripted-language-model.js'

describeLanguageModelConformance('ScriptedLanguageModel', async () => {
  const model = new ScriptedLanguageModel('scripted')
  return {
    model,
    answerNext: (reply) => model.script([{ chunks: reply.match(/.{1,4}/gsu) ?? [] }]),
    stallAfterFirstChunk: (chunks) => model.script([{ chunks, hangAfterChunks: 1 }]),
    hangNext: () => model.script([{ hang: true }]),
    close: async () => {},
  }
})

/** A fixture over the fake OpenAI server, with the model wrapped by `wrap`. */
function overHttp(wrap: (model: LanguageModel) => LanguageModel) {
  return async (): Promise<LanguageModelFixture> => {
    const server = await startFakeOpenAIServer()
    const chat = createOpenAICompatibleProvider({ baseURL: server.baseURL }).languageModel('fake-chat')
    return {
      model: wrap(chat),
      answerNext: (reply) => server.script([{ reply }]),
      stallAfterFirstChunk: (chunks) => server.script([{ chunks, hangAfterChunks: 1 }]),
      hangNext: () => server.script([{ hang: true }]),
      close: () => server.close(),
    }
  }
}

describeLanguageModelConformance('OpenAICompatibleLanguageModel', overHttp((model) => model))
describeLanguageModelConformance(
  'ResilientModel over OpenAI-compatible',
  overHttp((model) => createResilientModel({ models: [model] })),
)
describeLanguageModelConformance(
  'RedactingModel over ResilientModel over OpenAI-compatible',
  overHttp((model) => createRedactingModel(createResilientModel({ models: [model] }), new Redactor())),
)
