let context: AudioContext | undefined

/**
 * Plays a short, quiet two-note chime (synthesised: no sound file to fetch, nothing for the page's
 * content policy to block). Silent where the browser has no Web Audio or has not allowed sound yet.
 */
export function playChime(): void {
  try {
    context ??= new AudioContext()
    const start = context.currentTime
    for (const [index, frequency] of [880, 1320].entries()) {
      const oscillator = context.createOscillator()
      const gain = context.createGain()
      oscillator.type = 'sine'
      oscillator.frequency.value = frequency
      const at = start + index * 0.12
      gain.gain.setValueAtTime(0.0001, at)
      gain.gain.exponentialRampToValueAtTime(0.08, at + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.2)
      oscillator.connect(gain).connect(context.destination)
      oscillator.start(at)
      oscillator.stop(at + 0.22)
    }
  } catch {
    // No sound: the notification itself still shows.
  }
}
