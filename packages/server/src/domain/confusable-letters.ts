/**
 * Cyrillic, Greek and non-ASCII Latin letters that look like a Latin letter, as pairs `<letter><latin>`.
 *
 * Derived from the Unicode confusables table (UTS #39 `confusables.txt`, version 14.0.0): every
 * entry whose source is a Cyrillic, Greek or non-ASCII Latin letter and whose prototype is one ASCII
 * letter, plus each lower-case letter whose capital has such an entry (`к` because `К` → `K`: the
 * filter ignores case). Where a capital's prototype is `l` but its lower case reads `i` (`І`, `Ι`,
 * `Ӏ`), it folds to `i`, as a Latin `I` does once lower-cased. Letters that NFKC already turns
 * into ASCII (full-width and mathematical letters) are left to NFKC.
 */
const PAIRS =
  // Cyrillic
  'Ѕs Іi Јj Аa Вb Еe Кk Мm Нh Оo Рp Сc Тt Уy Хx Ьb аa вb гr еe кk мm нh оo рp сc тt уy хx ьb ' +
  'ѕs іi јj ѡw Ѵv ѵv Үy үy һh ҽe Ӏi ӏi ԁd Ԍg ԍg ԛq Ԝw ԝw ᲀb ᲂo ᲃc ᲄt ᲅt ꙇi ' +
  // Greek
  'Ϳj Αa Βb Εe Ζz Ηh Ιi Κk Μm Νn Οo Ρp Τt Υy Χx αa βb γy εe ζz ηh ιi κk μm νv οo ρp σo τt υu ' +
  'χx ϐb ϒy Ϝf ϝf ϰk ϱp ϲc ϳj ϵe Ϲc Ϻm ϻm ᴦr ιi ' +
  // Latin
  'ıi Ƅb ƅb ƍg Ɩi Ʀr ƽs ǀl ɑa ɡg ɣy ɩi ɪi ɯw ʀr ʋu ʏy ʝj ᴄc ᴏo ᴑo ᴜu ᴠv ᴡw ᴢz ᶃg ᶌy ẝf ỿy ꜱs ' +
  'Ꞙf ꞙf ꞟu Ʝj Ꭓx Ꞵb ꞵb ꬲe ꬵf ꬽo ꭇr ꭈr ꭎu ꭒu ꭓx ꭚy '

/** Each look-alike letter and the lower-case Latin letter it folds to. */
export const CONFUSABLE_LETTERS: ReadonlyMap<string, string> = new Map(
  PAIRS.split(' ')
    .filter((pair) => pair.length > 0)
    .map((pair) => {
      const [letter, latin] = [...pair]
      return [letter!, latin!] as const
    }),
)
