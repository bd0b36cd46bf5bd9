import { useTranslation } from 'react-i18next'

/** The small "Bot" tag beside a bot's name, so nobody mistakes an automated answer for a person's. */
export function BotBadge() {
  const { t } = useTranslation()
  return (
    <span className="bot-badge" data-testid="bot-badge">
      {t('chat.people.bot')}
    </span>
  )
}
