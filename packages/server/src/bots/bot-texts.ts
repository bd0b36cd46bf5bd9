/** The fixed sentences bots say, in English and Chinese (the first users of this field read Chinese). */
export const BOT_TEXTS = {
  placeholder: '…',
  unavailable: 'Sorry, the assistant is unavailable right now. Please try again later. 抱歉，助手暂时无法回答，请稍后再试。',
  interrupted: '(The answer was interrupted. 回答中断。)',
  cancelled: '(Stopped. 已停止。)',
  busy: 'I am busy answering other questions; please ask again in a moment. 我正在回答其他问题，请稍后再问。',
  quotaExceeded: 'The usage quota for the assistant is used up, so I cannot answer now. 助手的使用额度已用完，暂时无法回答。',
  dontKnow:
    "I don't know — 我不知道. I found nothing about this in my knowledge base. Would you like to talk to a person? 需要为您转接人工吗？",
  foundIntro: 'Here is what I found in the knowledge base — 以下是知识库中的相关内容：',
} as const
