/**
 * Words dropped from queries (never from the index, so a quoted search could still find them).
 * English: the usual function words. Chinese: function words and the question words of a
 * question ("什么", "哪里", ...), which say what kind of answer is wanted, not where it is.
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if of at by for with about against between into through during before after above below ' +
    'to from up down in out on off over under again further then once here there when where why how all any both ' +
    'each few more most other some such no nor not only own same so than too very s t can will just don should now ' +
    'is am are was were be been being have has had having do does did doing i me my we our you your he him his she ' +
    'her it its they them their what which who whom whose this that these those would could did also as than ' +
    'many much one ones whats called name named kind type'
  ).split(' '),
)

/** Chinese function and question words, as `Intl.Segmenter` cuts them. */
export const CHINESE_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '的 了 是 在 和 与 及 或 而 也 都 就 被 把 对 从 向 为 以 于 之 其 这 那 这个 那个 这些 那些 一个 有 有的 ' +
    '什么 什 么 哪 哪个 哪些 哪里 哪儿 哪一 哪种 哪位 哪年 谁 多少 几 几个 怎么 怎样 怎么样 如何 为何 为什么 何 何时 何种 何地 ' +
    '是否 吗 呢 吧 啊 请问 请 问 叫 叫做 称为 名叫 名字 什么样 多久 多长 多大 多高 多远 第几 ' +
    '哪一年 哪一个 是什么 有什么 有哪些 是哪 是谁 在哪'
  ).split(' '),
)

/**
 * Dropped from search terms only: "什么时候" says a time is wanted, and its 时候 would match every
 * passage that says "when". The relevance gate keeps it as a content word (the gate was calibrated
 * with it, and a question it cannot cover stays declined).
 */
export const CHINESE_SEARCH_STOP_WORDS: ReadonlySet<string> = new Set(['时候'])
