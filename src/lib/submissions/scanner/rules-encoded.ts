/**
 * Encoded payloads: data decoded and then executed, in a shell, Python, JavaScript, Perl, PHP,
 * Ruby or PowerShell, or in words ("decode this base64 and run it"). Encoding a command only
 * makes sense to hide it from the reader, so these are blocking (critical). Decoding alone is
 * fine: `base64 image.png`, `Buffer.from(x, "base64")` and `base64 -d in > out` all pass.
 */
import { PIPE_TARGET, SHELL, prose, rule, type ScanRule } from "./fragments";
import { foldText } from "./normalise";

/** Commands that turn an encoded or compressed text back into something runnable. */
const DECODER = String.raw`\bbase64\s{1,4}(?:-\w{0,3}d\w{0,3}|--decode|-D)\b|\bbase32\s{1,4}(?:-d|--decode)\b|\bopenssl\s{1,4}(?:base64|enc)\b[^\n]{0,60}\s-d\b|\bxxd\s{1,4}(?:-\w{1,3}\s{1,4}){0,2}-r\b|\brev\b|\btr\s{1,4}["']?(?:a-z|A-Z|A-Za-z|a-zA-Z)["']?\s{1,4}["']?[n-zN-Z]|\b(?:gunzip|zcat|uudecode)\b|\b(?:gzip|bzip2|xz)\s{1,4}-d\b|\bprintf\s{1,4}["']?(?:\\x[0-9a-fA-F]{2}|\\[0-7]{3}){3}`;

/** The line must also say the text is encoded, so "decode the JWT, then run the tests" passes. */
const ENCODING_WORD = new RegExp(foldText(String.raw`base-?64|\bb64\b|\bhex\b|hexadecimal|rot-?13|encod|obfuscat|cipher|base32|kodiert|codific|编码|編碼|エンコード|кодир`), "i");

export const ENCODED_RULES: readonly ScanRule[] = [
  rule({
    id: "shell-decode-exec",
    title: "Shell executes decoded data",
    severity: "critical",
    pattern: new RegExp(
      [
        String.raw`(?:${DECODER})[^\n]{0,200}\|\s{0,4}${PIPE_TARGET}`,
        String.raw`(?:(?:^|[\s;&|(\x60])(?:eval|exec|source|\.)|${SHELL}\s{1,4}-c|\b(?:python[0-9.]{0,4}|perl|ruby|node|php)\s{1,4}-[ce])\s{1,4}["']?(?:\$\(|\x60|<\()[^\n]{0,200}(?:${DECODER})`,
        String.raw`${SHELL}\s{0,4}<<<\s{0,3}["']?\$\([^\n]{0,200}(?:${DECODER})`,
        String.raw`${SHELL}\s{0,4}<\s{0,4}<\([^\n]{0,200}(?:${DECODER})`,
      ].join("|"),
      "i",
    ),
    mentions: "negated",
    why: "Encoding a command only makes sense to hide it from the reader.",
  }),
  rule({
    id: "escaped-string-exec",
    title: "Executes a string written as escape codes",
    severity: "critical",
    pattern: new RegExp(
      String.raw`\b(?:eval|exec|Function|iex|(?:ba|z)?sh\s{1,4}-c)\s{0,3}\(?\s{0,3}\$?["'\x60](?:\\x[0-9a-fA-F]{2}|\\u00[0-9a-fA-F]{2}|\\[0-7]{3}){4}|\$'(?:\\x[0-9a-fA-F]{2}|\\[0-7]{3}){2}[^'\n]{0,200}'\s{0,3}(?:$|[;&|])`,
    ),
    mentions: "negated",
    why: "A command spelled in escape codes is hidden from the reader and runs all the same.",
  }),
  rule({
    id: "js-eval-decoded",
    title: "JavaScript eval of decoded data",
    severity: "critical",
    pattern: /\b(?:eval|Function|setTimeout|setInterval|execSync|exec|spawnSync|execFileSync|vm\.runIn\w{1,20}Context)\s{0,3}\(\s{0,3}(?:atob|unescape|decodeURIComponent|String\.fromCharCode|Buffer\.from)\s{0,3}\(/,
    mentions: "negated",
    why: "Hides the code that actually runs from reviewers and scanners.",
  }),
  rule({
    id: "python-exec-decoded",
    title: "Python exec/eval of decoded data",
    severity: "critical",
    pattern:
      /\b(?:exec|eval|compile)\s{0,3}\(\s{0,3}(?:__import__\(\s{0,3}\\?['"](?:base64|zlib|codecs|marshal|binascii|bz2|lzma|gzip)\\?['"]\s{0,3}\)|base64\.\w{0,12}decode\w{0,6}|codecs\.decode|zlib\.decompress|bz2\.decompress|lzma\.decompress|gzip\.decompress|marshal\.loads|binascii\.(?:unhexlify|a2b_\w{1,10})|bytes\.fromhex|["']{2}\.join\(\s{0,3}(?:map\(\s{0,3})?chr\b|[\w.]{1,40}\.decode\(\s{0,3}["'](?:base64|hex|rot13|rot_13)["'])|(?:(?:\bos|\))\.(?:system|popen)|\bsubprocess\.(?:run|call|Popen|check_output|check_call))\s{0,3}\(\s{0,3}(?:__import__\(\s{0,3}\\?['"]base64\\?['"]\s{0,3}\)|base64)\.\w{0,12}decode/,
    mentions: "negated",
    why: "Hides the code that actually runs from reviewers and scanners.",
  }),
  rule({
    id: "script-eval-decoded",
    title: "Perl, PHP or Ruby eval of decoded data",
    severity: "critical",
    pattern: /\beval\s{0,3}\(?\s{0,3}(?:decode_base64|MIME::Base64::decode|pack\s{0,2}\(\s{0,2}["']H\*|base64_decode|gzinflate|gzuncompress|str_rot13|hex2bin|Base64\.(?:decode64|strict_decode64|urlsafe_decode64)|\[\s{0,2}\w{1,20}\s{0,2}\]\.pack\(\s{0,2}["']m)/,
    mentions: "negated",
    why: "Hides the code that actually runs from reviewers and scanners.",
  }),
  rule({
    id: "powershell-encoded",
    title: "PowerShell encoded command",
    severity: "critical",
    pattern:
      /\b(?:powershell|pwsh)(?:\.exe)?\b[^\n]{0,80}\s-(?:e|ec|en|enc|enco|encodedcommand)\s{1,4}[A-Za-z0-9+/=]{16,}|\b(?:iex|invoke-expression)\b[^\n]{0,200}frombase64string|frombase64string[^\n]{0,200}\|\s{0,4}(?:iex|invoke-expression)\b/i,
    mentions: "negated",
    why: "An encoded PowerShell command exists to hide what it does.",
  }),
  rule({
    id: "decode-and-run-prose",
    title: "Asks to decode a payload and run it",
    severity: "critical",
    pattern: new RegExp(
      [
        prose(String.raw`\b(?:decode|decrypt|deobfuscate|unescape|un-?base64|rot-?13|reverse|unhex)\b[^\n]{0,120}\b(?:and|then|,) (?:then )?(?:run|execute|exec|eval(?:uate)?|follow|obey|carry out|paste (?:it )?into|pipe (?:it )?(?:into|to)) (?:it|this|that|them|the (?:result|output|command|commands|script|code|payload|decoded \w{1,12}|instructions?)|what (?:it|you)|(?:a|the) (?:shell|terminal|bash))\b`),
        String.raw`\b(?:decodifica|descodifica|decodifique|décode|décodez|dekodiere|entschlüssele|decodifichi)\b[^\n]{0,120}\b(?:y|et|und|e)\s{1,3}(?:ejecuta|ejecútalo|exécute|exécutez|führe|execute|esegui|eseguilo)`,
        String.raw`(?:解码|解碼|デコード)[^\n]{0,30}(?:执行|執行|運行|运行|実行)|(?:расшифруй|декодируй)[^\n]{0,60}(?:выполни|запусти)`,
      ].join("|"),
      "i",
    ),
    confirm: (_, text) => ENCODING_WORD.test(text),
    mentions: "quoted",
    why: "An encoded instruction is hidden from the reviewer and the user; the agent would run what no one read.",
  }),
];
