import type { ChatMessage } from '../../providers/model-types.js'

/**
 * The prompt of the LLM judge: grade an answer against the expected facts, 0 to 10, and say the
 * grade first so {@link parseJudgeGrade} can read it.
 */
export function judgeMessages(question: string, expected: readonly string[], answer: string): ChatMessage[] {
  const facts = expected.length > 0 ? expected.map((fact) => `- ${fact}`).join('\n') : '- (none given: judge whether the answer is correct, relevant and honest)'
  return [
    {
      role: 'system',
      content:
        'You grade a support bot’s answer. Compare it with the expected facts. Reply with "GRADE: n" on the first line, n from 0 (wrong or unhelpful) to 10 (correct and complete), ' +
        'then one sentence why. An honest "I don’t know" to a question the facts do not cover is a good answer.',
    },
    { role: 'user', content: `Question:\n${question}\n\nExpected facts:\n${facts}\n\nAnswer:\n${answer}` },
  ]
}

/** Reads the judge's grade as 0..1 ("GRADE: 7" → 0.7); undefined when it gave none. */
export function parseJudgeGrade(text: string): number | undefined {
  const match = /grade\s*[:：]?\s*(\d+(?:\.\d+)?)/i.exec(text) ?? /^\s*(\d+(?:\.\d+)?)\b/.exec(text)
  if (!match) return undefined
  const grade = Number(match[1])
  if (!Number.isFinite(grade)) return undefined
  return Math.min(10, Math.max(0, grade)) / 10
}
