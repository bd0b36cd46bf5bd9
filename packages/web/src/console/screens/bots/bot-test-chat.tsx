import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Markdown } from '../../../chat/markdown.js'
import { errorMessage, errorText } from '../../../shared/error-text.js'
import { appApi } from '../../console-api.js'
import './bot-texts.js'
import { formatScore, type TestAnswer, type TestPassage, type TestTurn } from './test-answer-types.js'

/** One retrieved passage: title › headings, score, gate and citation marks, and the text. */
function Passage({ passage }: { passage: TestPassage }) {
  const { t } = useTranslation()
  return (
    <li className={`test-passage${passage.relevant ? ' relevant' : ''}`} data-testid="test-passage" data-relevant={passage.relevant} data-cited={passage.cited}>
      <div className="row">
        <strong className="test-passage-title">{[passage.title, ...passage.headingPath].join(' › ')}</strong>
        <span className="pill mono" data-testid="test-passage-score">{t('console.bots.test.score', { score: formatScore(passage.score) })}</span>
      </div>
      <div className="test-passage-marks">
        <span className={passage.relevant ? 'pill pill-ready' : 'pill'}>{passage.relevant ? t('console.bots.test.relevant') : t('console.bots.test.notRelevant')}</span>
        {passage.cited && <span className="pill pill-ready">{t('console.bots.test.cited')}</span>}
      </div>
      <details>
        <summary className="small">{passage.text.slice(0, 140)}{passage.text.length > 140 ? '…' : ''}</summary>
        <p className="small test-passage-text">{passage.text}</p>
      </details>
    </li>
  )
}

/** What came back for one question: the answer as the chat app renders it, then why (gate, passages). */
function Answer({ answer }: { answer: TestAnswer }) {
  const { t } = useTranslation()
  const ms = Math.round(answer.latencyMs)
  return (
    <div className="test-answer" data-testid="test-answer" data-handoff={answer.handoff}>
      {answer.error ? (
        <p className="error">{t('console.bots.test.failed', { message: errorText(t, answer.error) })}</p>
      ) : (
        <div className="timeline-message from-bot">
          <Markdown text={answer.answer} />
        </div>
      )}
      {answer.handoff && <p className="notice-box small">{t('console.bots.test.declined')}</p>}
      <p className="muted small">
        {answer.model ? `${answer.model} · ${t('console.bots.test.figures', { ms, input: answer.inputTokens, output: answer.outputTokens })}` : t('console.bots.test.extractive', { ms })}
        {' · '}
        {t('console.bots.test.gate', { coverage: Math.round(answer.gate.coverage * 100), threshold: Math.round(answer.gate.threshold * 100) })}
      </p>
      <h4 className="test-passages-heading">{t('console.bots.test.passages', { count: answer.passages.length })}</h4>
      {answer.passages.length === 0 ? (
        <p className="muted small">{t('console.bots.test.noPassages')}</p>
      ) : (
        <ol className="test-passages">
          {answer.passages.map((passage) => (
            <Passage key={passage.chunkId} passage={passage} />
          ))}
        </ol>
      )}
    </div>
  )
}

/**
 * The test chat beside a bot's settings (like Dify's debug panel): ask, see the bot's answer
 * and the passages retrieval found with their scores, whether each passed the relevance gate and
 * whether the answer cites it. Nothing is posted to any conversation.
 */
export function BotTestChat({ appId, botId }: { appId: string; botId: string }) {
  const { t } = useTranslation()
  const [question, setQuestion] = useState('')
  const [turns, setTurns] = useState<TestTurn[]>([])
  const [busy, setBusy] = useState(false)
  const next = useRef(1)

  async function ask(event: FormEvent) {
    event.preventDefault()
    const text = question.trim()
    if (!text || busy) return
    const id = next.current++
    setTurns((list) => [...list, { id, question: text }])
    setQuestion('')
    setBusy(true)
    try {
      const answer = await appApi<TestAnswer>(appId, 'POST', `bots/${encodeURIComponent(botId)}/test-answer`, { question: text })
      setTurns((list) => list.map((turn) => (turn.id === id ? { ...turn, answer } : turn)))
    } catch (cause) {
      setTurns((list) => list.map((turn) => (turn.id === id ? { ...turn, error: cause as Error } : turn)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card test-chat" aria-labelledby="test-chat-heading" data-testid="bot-test-chat">
      <div className="row">
        <h2 id="test-chat-heading">{t('console.bots.test.heading')}</h2>
        {turns.length > 0 && (
          <button type="button" className="ghost" onClick={() => setTurns([])}>
            {t('console.bots.test.clear')}
          </button>
        )}
      </div>
      <p className="muted small">{t('console.bots.test.explain')}</p>
      <ol className="test-turns" aria-live="polite" aria-busy={busy}>
        {turns.length === 0 && <li className="muted small">{t('console.bots.test.empty')}</li>}
        {turns.map((turn) => (
          <li key={turn.id} className="test-turn">
            <div className="timeline-message from-customer">
              <span className="visually-hidden">{t('console.bots.test.you')}: </span>
              {turn.question}
            </div>
            {turn.answer && <Answer answer={turn.answer} />}
            {turn.error && (
              <p className="error" role="alert">
                {t('common.error', { message: errorMessage(t, turn.error) })}
              </p>
            )}
            {!turn.answer && !turn.error && <p className="muted small">{t('console.bots.test.asking')}</p>}
          </li>
        ))}
      </ol>
      <form className="inline-form" onSubmit={ask}>
        <label className="grow">
          {t('console.bots.test.question')}
          <input value={question} onChange={(event) => setQuestion(event.target.value)} maxLength={2000} data-testid="test-question" />
        </label>
        <button type="submit" className="primary" disabled={busy || question.trim() === ''}>
          {t('console.bots.test.ask')}
        </button>
      </form>
    </section>
  )
}
