/** The fixed sentences bots say, in English and Chinese (the first users of this field read Chinese). */
export const BOT_TEXTS = {
  placeholder: '…',
  unavailable: 'Sorry, the assistant is unavailable right now. Please try again later. 抱歉，助手暂时无法回答，请稍后再试。',
  interrupted: '(The answer was interrupted. 回答中断。)',
  cancelled: '(Stopped. 已停止。)',
  busy: 'I am busy answering other questions; please ask again in a moment. 我正在回答其他问题，请稍后再问。',
  quotaExceeded: 'The usage quota for the assistant is used up, so I cannot answer now. 助手的使用额度已用完，暂时无法回答。',
} as const

/** The languages an answer's own sentences come in: the question's (see `textLanguage`). */
export type AnswerLanguage = 'en' | 'zh'

/** The sentences of an extractive answer, in the language of the question only. */
export const ANSWER_TEXTS: Record<AnswerLanguage, { dontKnow: string; foundIntro: string }> = {
  en: {
    dontKnow: "I don't know: I found nothing about this in my knowledge base, and I would rather not guess. Would you like to talk to a person?",
    foundIntro: 'Here is what I found in the knowledge base:',
  },
  zh: {
    dontKnow: '我不知道：知识库里没有找到这方面的内容，我不想随意猜测。需要为您转接人工客服吗？',
    foundIntro: '以下是知识库中的相关内容：',
  },
}
