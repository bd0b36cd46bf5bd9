/** Where the agent's choice of desktop alerts is kept. */
const ALERTS_KEY = 'warbler.console.support.alerts'

/** Whether the agent turned alerts on (and the browser still allows notifications). */
export function alertsEnabled(): boolean {
  return globalThis.localStorage?.getItem(ALERTS_KEY) === 'on'
}

/**
 * Turns alerts on or off. Turning them on asks the browser for notification permission (it must be
 * called from a click); returns whether alerts are on afterwards. The sound plays without it.
 */
export async function setAlerts(on: boolean): Promise<boolean> {
  if (!on) {
    localStorage.setItem(ALERTS_KEY, 'off')
    return false
  }
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') await Notification.requestPermission()
  localStorage.setItem(ALERTS_KEY, 'on')
  return true
}

/** Whether the browser shows desktop notifications for this page. */
export function notificationsAllowed(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted'
}

let audio: AudioContext | undefined

/** Two short rising tones, made with Web Audio (no sound file to load). */
export function playChime(): void {
  const Context = globalThis.AudioContext ?? (globalThis as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
  if (!Context) return
  audio ??= new Context()
  const start = audio.currentTime
  for (const [offset, frequency] of [[0, 660], [0.16, 880]] as const) {
    const oscillator = audio.createOscillator()
    const gain = audio.createGain()
    oscillator.frequency.value = frequency
    gain.gain.setValueAtTime(0.0001, start + offset)
    gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.14)
    oscillator.connect(gain).connect(audio.destination)
    oscillator.start(start + offset)
    oscillator.stop(start + offset + 0.15)
  }
}

/** Alerts the agent of a new assignment: a desktop notification (click focuses it) and the chime. */
export function alertAssignment(title: string, body: string, onClick: () => void): void {
  if (!alertsEnabled()) return
  playChime()
  if (!notificationsAllowed()) return
  const notification = new Notification(title, { body, tag: `warbler-assignment-${title}` })
  notification.onclick = () => {
    window.focus()
    onClick()
    notification.close()
  }
}
