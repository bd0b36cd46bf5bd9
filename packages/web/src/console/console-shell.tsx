import { useEffect, useRef, useState, type ComponentType } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguageSwitch } from '../shared/language-switch.js'
import { consoleApi, type ConsoleSession } from './console-api.js'
import type { ScreenProps } from './screen-props.js'
import { AccountsScreen } from './screens/accounts-screen.js'
import { AnalyticsScreen } from './screens/analytics-screen.js'
import { AppsScreen } from './screens/apps-screen.js'
import { AuditScreen } from './screens/audit-screen.js'
import { DashboardScreen } from './screens/dashboard/dashboard-screen.js'
import { BotsScreen } from './screens/bots-screen.js'
import { GroupsScreen } from './screens/groups-screen.js'
import { KnowledgeScreen } from './screens/knowledge-screen.js'
import { ToolsScreen } from './screens/tools-screen.js'
import { InboxScreen } from './screens/support/inbox-screen.js'
import { SupportAnalyticsScreen } from './screens/support/support-analytics-screen.js'
import { SupportSettingsScreen } from './screens/support/support-settings-screen.js'
import { UsersScreen } from './screens/users-screen.js'
import { WebhooksScreen } from './screens/webhooks-screen.js'
import { WidgetScreen } from './screens/widget-screen.js'
import { PushScreen } from './screens/push-screen.js'
import { QualityScreen } from './screens/quality/quality-screen.js'
import { useHashRoute } from './use-hash-route.js'

const SCREENS: { route: string; screen: ComponentType<ScreenProps>; perApp: boolean }[] = [
  { route: 'dashboard', screen: DashboardScreen, perApp: true },
  { route: 'apps', screen: AppsScreen, perApp: false },
  { route: 'inbox', screen: InboxScreen, perApp: true },
  { route: 'users', screen: UsersScreen, perApp: true },
  { route: 'groups', screen: GroupsScreen, perApp: true },
  { route: 'bots', screen: BotsScreen, perApp: true },
  { route: 'tools', screen: ToolsScreen, perApp: true },
  { route: 'knowledge', screen: KnowledgeScreen, perApp: true },
  { route: 'quality', screen: QualityScreen, perApp: true },
  { route: 'webhooks', screen: WebhooksScreen, perApp: true },
  { route: 'push', screen: PushScreen, perApp: true },
  { route: 'widget', screen: WidgetScreen, perApp: true },
  { route: 'analytics', screen: AnalyticsScreen, perApp: false },
  { route: 'support-analytics', screen: SupportAnalyticsScreen, perApp: true },
  { route: 'support-settings', screen: SupportSettingsScreen, perApp: true },
  { route: 'audit', screen: AuditScreen, perApp: false },
  { route: 'accounts', screen: AccountsScreen, perApp: false },
]

const APP_KEY = 'warbler.console.app'

/** The signed-in console: navigation, the app picker, and the current screen. */
export function ConsoleShell({ session, onSignOut }: { session: ConsoleSession; onSignOut: () => void }) {
  const { t } = useTranslation()
  const [route, go] = useHashRoute(session.account.role === 'agent' ? 'inbox' : 'dashboard')
  const [apps, setApps] = useState<{ id: string; name: string }[]>([])
  const [appId, setAppId] = useState<string | undefined>(() => localStorage.getItem(APP_KEY) ?? undefined)
  const [menuOpen, setMenuOpen] = useState(false)
  const [appsVersion, setAppsVersion] = useState(0)
  const main = useRef<HTMLElement>(null)
  const firstRoute = useRef(true)

  useEffect(() => {
    consoleApi<{ apps: { id: string; name: string }[] }>('GET', '/apps').then(
      (answer) => {
        setApps(answer.apps)
        setAppId((current) => (current && answer.apps.some((app) => app.id === current) ? current : answer.apps[0]?.id))
      },
      () => setApps([]),
    )
  }, [appsVersion])

  useEffect(() => {
    if (appId) localStorage.setItem(APP_KEY, appId)
  }, [appId])

  const current = SCREENS.find((screen) => screen.route === route) ?? SCREENS[0]!

  // After moving to another screen, keyboard and screen-reader users start at its content.
  useEffect(() => {
    if (firstRoute.current) firstRoute.current = false
    else main.current?.focus()
  }, [current.route])
  const Screen = current.screen
  const can = (permission: string) => session.permissions.includes(permission)
  const readOnly = !can('apps.manage') && !can('users.moderate')

  return (
    <div className={`console-shell${menuOpen ? ' menu-open' : ''}`}>
      <a className="skip-link" href="#console-main" onClick={(event) => {
        event.preventDefault()
        main.current?.focus()
      }}>
        {t('console.skip')}
      </a>
      <header className="console-topbar">
        <button type="button" className="ghost menu-button" aria-expanded={menuOpen} aria-controls="console-nav" onClick={() => setMenuOpen(!menuOpen)}>
          ☰ <span className="visually-hidden">{t('console.nav.menu')}</span>
        </button>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>{t('console.title')}</span>
        </div>
        <label className="app-picker">
          <span className="visually-hidden">{t('console.app.label')}</span>
          <select value={appId ?? ''} onChange={(event) => setAppId(event.target.value)} disabled={apps.length === 0} data-testid="app-picker">
            {apps.length === 0 && <option value="">{t('console.app.none')}</option>}
            {apps.map((app) => (
              <option key={app.id} value={app.id}>
                {app.name}
              </option>
            ))}
          </select>
        </label>
        <div className="topbar-end">
          <LanguageSwitch />
          <span className="account small" data-testid="account">
            {session.account.email} · <span className={`role role-${session.account.role}`}>{t(`console.role.${session.account.role}`)}</span>
          </span>
          <button type="button" className="ghost" onClick={onSignOut}>
            {t('console.signOut')}
          </button>
        </div>
      </header>
      <nav id="console-nav" className="console-nav" aria-label={t('console.nav.menu')}>
        <ul>
          {SCREENS.map((screen) => (
            <li key={screen.route}>
              <a
                href={`#/${screen.route}`}
                aria-current={screen.route === current.route ? 'page' : undefined}
                onClick={() => {
                  setMenuOpen(false)
                  go(screen.route)
                }}
              >
                {t(`console.nav.${screen.route}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="console-main" id="console-main" ref={main} tabIndex={-1}>
        {readOnly && (
          <p className="banner banner-info read-only" data-testid="read-only">
            {t('console.readOnly')}
          </p>
        )}
        <Screen key={`${current.route}:${appId ?? ''}`} appId={appId} can={can} onAppsChanged={() => setAppsVersion((value) => value + 1)} session={session} />
      </main>
    </div>
  )
}
