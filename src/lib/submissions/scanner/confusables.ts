/**
 * Look-alike letters folded to the Latin letter they imitate, so "сurl" (Cyrillic с) or "ѕһ"
 * (Cyrillic ѕ and һ) is matched as "curl" and "sh". NFKD already folds fullwidth, mathematical,
 * circled and ligature forms; this table covers what NFKD leaves alone: Cyrillic, Greek, Armenian
 * and Cherokee letters, Latin small capitals and a few IPA letters that render like ASCII.
 *
 * A hand table rather than the full Unicode confusables data: that file is ~6,000 entries, most
 * of them symbols no attacker needs, and it would have to be a dependency. The letters below are
 * the ones that pass for ASCII in a monospace or proportional font at reading size. Case is kept
 * (Cyrillic А becomes Latin A) because a few rules are case-sensitive. Letters that only resemble a
 * Latin small capital (н, г, п, в) are left out, and so are their capitals (Н, В) even though
 * those do look Latin: a pattern matched case-insensitively needs both cases folded alike, or
 * "Не говори" would no longer match "не говори".
 *
 * The rule patterns are folded with the same table (see `foldText`), so rules written in Russian
 * or Greek still match their own language: both sides become the same mixed skeleton.
 */
const PAIRS: readonly [string, string][] = [
  // Cyrillic
  ["а", "a"], ["А", "A"], ["с", "c"], ["С", "C"], ["ԁ", "d"], ["е", "e"], ["Е", "E"], ["ё", "e"],
  ["һ", "h"], ["і", "i"], ["І", "I"], ["ӏ", "l"], ["Ӏ", "I"], ["ј", "j"], ["Ј", "J"], ["к", "k"], ["К", "K"],
  ["м", "m"], ["М", "M"], ["о", "o"], ["О", "O"], ["р", "p"], ["Р", "P"], ["ԛ", "q"], ["Ԛ", "Q"], ["ѕ", "s"], ["Ѕ", "S"],
  ["т", "t"], ["Т", "T"], ["у", "y"], ["У", "Y"], ["ү", "y"], ["Ү", "Y"], ["х", "x"], ["Х", "X"], ["ԝ", "w"], ["Ԝ", "W"],
  ["ѡ", "w"], ["ԍ", "G"], ["ɡ", "g"], ["ᴦ", "r"], ["Ꮃ", "W"],
  // Greek
  ["α", "a"], ["Α", "A"], ["β", "b"], ["Β", "B"], ["ε", "e"], ["Ε", "E"], ["Ζ", "Z"], ["Η", "H"], ["ι", "i"],
  ["Ι", "I"], ["κ", "k"], ["Κ", "K"], ["Μ", "M"], ["ν", "v"], ["Ν", "N"], ["ο", "o"], ["Ο", "O"], ["ρ", "p"], ["Ρ", "P"],
  ["τ", "t"], ["Τ", "T"], ["υ", "u"], ["Υ", "Y"], ["χ", "x"], ["Χ", "X"], ["γ", "y"], ["ω", "w"], ["ϲ", "c"], ["Ϲ", "C"],
  ["ϳ", "j"], ["ς", "s"],
  // Armenian and Cherokee letters that read as Latin
  ["օ", "o"], ["ս", "u"], ["հ", "h"], ["ո", "n"], ["ց", "g"], ["զ", "q"], ["ք", "p"], ["Ꭺ", "A"], ["Ᏼ", "B"], ["Ꮯ", "C"],
  ["Ꭼ", "E"], ["Ꮋ", "H"], ["Ꭻ", "J"], ["Ꮶ", "K"], ["Ꮇ", "M"], ["Ꮲ", "P"], ["Ꮪ", "S"], ["Ꭲ", "T"], ["Ꮩ", "V"], ["Ꮓ", "Z"],
  // Latin small capitals and IPA letters
  ["ᴀ", "a"], ["ʙ", "b"], ["ᴄ", "c"], ["ᴅ", "d"], ["ᴇ", "e"], ["ꜰ", "f"], ["ɢ", "g"], ["ʜ", "h"], ["ɪ", "i"], ["ᴊ", "j"],
  ["ᴋ", "k"], ["ʟ", "l"], ["ᴍ", "m"], ["ɴ", "n"], ["ᴏ", "o"], ["ᴘ", "p"], ["ǫ", "q"], ["ʀ", "r"], ["ꜱ", "s"], ["ᴛ", "t"],
  ["ᴜ", "u"], ["ᴠ", "v"], ["ᴡ", "w"], ["ʏ", "y"], ["ᴢ", "z"], ["ı", "i"], ["ȷ", "j"], ["ɑ", "a"], ["ǀ", "l"], ["ɩ", "i"],
  ["ɵ", "o"], ["ʋ", "u"], ["ɒ", "a"], ["ɛ", "e"],
];

/** One code point in, one ASCII letter out. */
export const CONFUSABLES: ReadonlyMap<string, string> = new Map(
  PAIRS,
);
