/** The categories of the composer's emoji picker, in the order they are shown. */
export type EmojiCategory = 'smileys' | 'people' | 'nature' | 'food' | 'activities' | 'symbols'

/**
 * A small built-in set of emoji by category (no dependency, a few hundred bytes): the ones people
 * reach for most in work chat. They render in colour through the emoji fonts at the end of the
 * font stack (see styles.css).
 */
export const EMOJI_SET: ReadonlyArray<{ category: EmojiCategory; emoji: readonly string[] }> = [
  { category: 'smileys', emoji: ['😀', '😃', '😄', '😁', '😆', '😅', '😂', '🤣', '😊', '😇', '🙂', '😉', '😍', '🥰', '😘', '😋', '😎', '🤓', '🤔', '🤨', '😐', '😶', '🙄', '😏', '😬', '😌', '😴', '🤒', '🥳', '😮', '😲', '😢', '😭', '😤', '😡', '🤯', '😱', '🥺', '🤗', '🤫'] },
  { category: 'people', emoji: ['👍', '👎', '👌', '✌️', '🤞', '🤝', '🙏', '👏', '🙌', '👋', '💪', '👀', '🫶', '🤷', '🙋', '🙇', '👩‍💻', '👨‍💻', '🧑‍🤝‍🧑', '👶'] },
  { category: 'nature', emoji: ['🐶', '🐱', '🐼', '🦊', '🐻', '🐨', '🐯', '🦁', '🐸', '🐵', '🐦', '🐧', '🦉', '🐝', '🦋', '🌸', '🌹', '🌻', '🌲', '🍀', '🌈', '☀️', '🌙', '⭐', '⚡', '❄️', '🔥', '🌊'] },
  { category: 'food', emoji: ['🍎', '🍊', '🍋', '🍉', '🍓', '🍒', '🍑', '🥑', '🍕', '🍔', '🍟', '🌮', '🍜', '🍣', '🥟', '🍚', '🍰', '🎂', '🍩', '🍪', '☕', '🍵', '🧋', '🍺', '🍷', '🥂'] },
  { category: 'activities', emoji: ['⚽', '🏀', '🏓', '🎮', '🎲', '🎯', '🎨', '🎵', '🎤', '🎧', '🎬', '🏆', '🥇', '🎉', '🎊', '🎁', '🎈', '✈️', '🚀', '🚗', '🚲', '🏖️', '🏠', '🏢'] },
  { category: 'symbols', emoji: ['❤️', '🧡', '💛', '💚', '💙', '💜', '💯', '✅', '❌', '⚠️', '❓', '❗', '💡', '📌', '📎', '📅', '📈', '📉', '💰', '🔒', '🔑', '🔔', '📣', '💬', '📝', '📦', '🛠️', '⏰'] },
]
