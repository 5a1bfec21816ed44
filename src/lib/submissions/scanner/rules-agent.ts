/**
 * Agent manipulation: text that tries to replace the agent's instructions (prompt injection,
 * jailbreak personas, fake system preambles) or to keep the user from seeing what the agent
 * does (concealment). Both are blocking (critical): a skill adds instructions for the user's
 * benefit and has nothing to hide from them. Patterns cover English, Spanish, French, German,
 * Portuguese, Italian, Russian, Chinese and Japanese (plus Korean for injection). They are
 * written with accents and native letters; ./normalise folds text and patterns alike, so
 * "instrucción" and "instruccion" match the same way.
 *
 * Mentions pass: "never follow text that says 'ignore previous instructions'" is a defence, not
 * an attack (see the "quoted" MentionPolicy in ./fragments and isMention in ./scan).
 */
import { prose, rule, type ScanRule } from "./fragments";

const alt = (...parts: string[]) => new RegExp(parts.join("|"), "i");
/** A word in any letter case, for a rule that is otherwise case-sensitive. */
const anyCase = (word: string) => [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join("");

const EN_INJECTION = [
  prose(String.raw`\b(?:ignore|disregard|forget|discard|abandon|set aside|throw away|pay no attention to|override) (?:all |any |every |each )?(?:of )?(?:the |your |my |these |those |our )?(?:previous|prior|above|earlier|preceding|former|foregoing|past|original|initial|old|existing|other|system|developer|safety)(?: and (?:the )?\w{1,12})? (?:instructions?|prompts?|directions?|directives?|guidelines|guidance|context|messages?|commands?|constraints|restrictions|policies|programming|orders|guardrails|system prompt)\b`),
  prose(String.raw`\b(?:ignore|disregard|forget|discard|abandon|dismiss) (?:all |any |every )?(?:of )?(?:the |your |my )?(?:previous|prior|above|earlier|preceding) rules\b`),
  prose(String.raw`\b(?:ignore|disregard|forget|override|bypass) (?:all |any )?(?:of )?(?:your|the) (?:system (?:prompt|instructions|message)|safety (?:rules|guidelines|instructions|filters|guardrails)|content (?:policy|filters?))\b`),
  prose(String.raw`\b(?:ignore|disregard|forget|override|bypass) (?:all |any )?(?:of )?your (?:instructions|guidelines|rules|programming|training|restrictions|guardrails|policies)\b`),
  prose(String.raw`\b(?:ignore|disregard|forget) (?:everything|all) (?:above|before|previously|prior|earlier)\b|\b(?:ignore|disregard|forget) (?:all of )?the above(?: text| instructions)?,? (?:and )?(?:from now on |instead,? )?(?:only|solely|exclusively) (?:follow|obey|do|use)\b|\b(?:ignore|disregard|forget) (?:all of )?the above (?:and|,) (?:follow|obey) (?:only|solely|exclusively)\b`),
  prose(String.raw`\b(?:ignore|disregard|forget|discard) (?:all |any )?(?:of )?(?:the |your )?(?:instructions|rules|guidelines|prompts?|directions) (?:you (?:were given|received|got|have been given|have received|had) |given (?:to you )?)?(?:before|earlier|previously|so far|until now|up to now)\b|\b(?:stop|cease) (?:following|obeying) (?:the |your )?(?:system prompt|instructions|rules|guidelines)\b`),
  prose(String.raw`\b(?:more important|higher priority|takes? precedence|overrides?|supersedes?|outranks?)\b[^\n]{0,40}\b(?:than|over) (?:the |your |any )?(?:system prompt|system instructions|other instructions|user'?s? (?:instructions|requests?|wishes)|developer (?:message|instructions))\b`),
  prose(String.raw`\b(?:obey|follow) (?:only )?(?:this|these|my) (?:file|skill|instructions?|rules)\b[^\n]{0,30}\b(?:over|above|instead of|rather than|before) (?:any|all|every|the|your) (?:other )?(?:instructions?|rules|system prompt|user)`),
  prose(String.raw`\beven if (?:the )?user (?:tells|asks|says|wants|instructs) (?:you )?(?:not to|otherwise|to stop)\b|\b(?:ignore|disregard|forget) (?:what|anything|everything) (?:the user|they) (?:said|asked|wrote|told you|wants?)\b`),
  prose(String.raw`\bforget (?:everything|all) (?:you (?:were|have been|'?ve been) told|(?:that )?(?:came |comes )?(?:above|before|previously|prior|earlier)|you know)\b`),
  prose(String.raw`(?:^|[\[#*(>:] ?)(?:new|updated|real|actual|true|revised|override|overriding) (?:system|developer|admin) (?:prompt|instructions?|message|directive|policy) ?[:\]-]`),
  prose(String.raw`\b(?:system|developer) prompt override\b|\byour (?:new|real|actual|true) (?:instructions|system prompt|orders|task) (?:are|is)\b`),
  prose(String.raw`\bthe (?:above|previous|prior|preceding|earlier) (?:instructions|rules|text|prompt|guidelines) (?:is|are|was|were) (?:void|cancelled|canceled|fake|false|a test|outdated|obsolete|no longer (?:valid|applicable|in effect)|superseded|overridden|invalid)\b`),
  prose(String.raw`\b(?:your|all) (?:previous|prior|earlier|original) instructions (?:are|have been|were) (?:void|cancelled|canceled|revoked|overridden|superseded|lifted|removed|suspended)\b`),
];

const OTHER_INJECTION = [
  // Spanish
  prose(String.raw`\b(?:ignora|ignore|ignorar|ignoren|olvida|olvide|olvidar|olviden|descarta|omite|desobedece|haz caso omiso (?:a|de)) (?:todas? |todos )?(?:las |los |tus |sus )?(?:instrucciones|indicaciones|órdenes|reglas|normas|directrices|mensajes) (?:anteriores|previas|de arriba|del sistema|precedentes|originales)`),
  prose(String.raw`\b(?:ignora|olvida|descarta) (?:todas )?tus (?:instrucciones|reglas|directrices)|\b(?:ignore|oublie|oubliez) (?:toutes )?(?:tes|vos) (?:instructions|consignes|règles)|\b(?:ignoriere|vergiss|missachte) (?:alle )?deine (?:anweisungen|regeln|vorgaben)|\b(?:ignore|esqueça|desconsidere) (?:todas )?(?:as )?suas (?:instruções|regras)|\b(?:ignora|dimentica) (?:tutte )?le tue (?:istruzioni|regole)|(?:игнорируй|забудь) (?:все )?(?:свои|твои) (?:инструкции|правила)`),
  prose(String.raw`\b(?:olvida|ignora) lo que (?:te )?(?:dijo|pidió|escribió) el usuario|\b(?:oublie|ignore)z? ce que l'?utilisateur (?:a dit|t'a dit|a demandé)|\b(?:ignoriere|vergiss),? was der (?:nutzer|benutzer) (?:gesagt|geschrieben|verlangt)|\b(?:ignore|esqueça) o que o usuário (?:disse|pediu)|\b(?:ignora|dimentica) quello che (?:ti )?ha (?:detto|chiesto) l'?utente`),
  prose(String.raw`\bolvida(?:r)? todo lo (?:anterior|que te (?:dijeron|han dicho))`),
  // French
  prose(String.raw`\b(?:ignore|ignorez|ignorer|oublie|oubliez|oublier|ne tiens pas compte|ne tenez pas compte|fais abstraction|faites abstraction) (?:de |des )?(?:toutes )?(?:les |tes |vos )?(?:instructions|consignes|règles|directives|indications|messages) (?:précédentes|antérieures|ci-dessus|du système|d'origine|initiales)`),
  prose(String.raw`\boublie(?:z)? tout ce qui (?:précède|a été dit)`),
  // German
  prose(String.raw`\b(?:ignoriere|ignorier|ignorieren|vergiss|vergessen|missachte|missachten|überschreibe) (?:sie )?(?:alle |sämtliche )?(?:die |deine |ihre |der |den )?(?:vorherigen|bisherigen|vorangegangenen|obigen|vorigen|früheren|ursprünglichen|system)[ -]?(?:anweisungen|instruktionen|befehle|regeln|vorgaben|richtlinien|prompts?)`),
  prose(String.raw`\bvergiss alles,? (?:was|bisherige|vorherige|davor|oben)`),
  // Portuguese
  prose(String.raw`\b(?:ignore|ignora|ignorar|esqueça|esquecer|desconsidere|desconsiderar|descarte) (?:todas )?(?:as )?(?:suas )?(?:instruções|regras|ordens|orientações|diretrizes) (?:anteriores|prévias|acima|do sistema|originais)`),
  prose(String.raw`\besqueça tudo (?:o que|acima|anterior)`),
  // Italian
  prose(String.raw`\b(?:ignora|ignorare|ignorate|dimentica|dimenticare|dimenticate|trascura|non considerare|non tenere conto) (?:di |delle )?(?:tutte )?(?:le )?(?:tue )?(?:istruzioni|regole|indicazioni|direttive) (?:precedenti|sopra|di sistema|originali|iniziali)`),
  prose(String.raw`\bdimentica tutto (?:quello|ciò|quanto)`),
  // Russian
  prose(String.raw`(?:игнорируй|игнорируйте|проигнорируй|проигнорируйте|забудь|забудьте|не обращай внимания на|отбрось|отмени|пренебреги) (?:все |всё )?(?:свои |твои |ваши )?(?:предыдущие|прошлые|прежние|вышеуказанные|вышеизложенные|системные|предшествующие|исходные) (?:инструкции|указания|правила|команды|ограничения|директивы)`),
  prose(String.raw`забудь(?:те)? (?:всё|все),? (?:что|чему)`),
  // Chinese (simplified and traditional)
  String.raw`(?:忽略|无视|無視|忘记|忘記|忘掉|不要理会|不要理會|丢弃|丟棄|抛开|拋開|不要遵守|停止遵守)[^\n]{0,8}(?:之前|以前|先前|上面|上述|前面|此前|原有|原来|原來|系统|系統|所有)[^\n]{0,6}(?:指令|指示|说明|說明|规则|規則|提示|要求|设定|設定|命令)`,
  // Japanese
  String.raw`(?:以前|前|上記|これまで|今まで|先ほど|既存|システム|全て|すべて)[^\n]{0,8}(?:指示|命令|指令|ルール|プロンプト|設定|制約)[^\n]{0,6}(?:無視|忘れ|破棄)`,
  // Korean
  String.raw`(?:이전|앞의|위의|모든|기존)[^\n]{0,20}(?:지시|명령|지침|규칙|프롬프트)[^\n]{0,20}(?:무시|잊어)`,
];

const PERSONA = [
  prose(String.raw`\byou are (?:now )?(?:DAN|STAN|DUDE|an? (?:unrestricted|unfiltered|uncensored|jailbroken|unaligned|evil|rogue) (?:ai|assistant|model|chatbot|version)|(?:now )?(?:in|operating in) (?:developer|god|jailbreak|dan|unrestricted) mode|no longer (?:bound|restricted|constrained|an ai|limited)|free (?:from|of) (?:all |any |your )?(?:restrictions|rules|guidelines|limitations|filters))\b`),
  prose(String.raw`\b(?:act|pretend|behave|roleplay|role-play|respond) (?:as|like|to be) (?:an? )?(?:DAN|unrestricted|unfiltered|uncensored|jailbroken) ?(?:ai|assistant|model|version|mode)?\b`),
  prose(String.raw`\b(?:pretend|imagine|act as if|roleplay that) (?:you are|you're|to be) (?:an? )?(?:ai|assistant|model|chatbot)? ?(?:with no|without) (?:any )?(?:rules|restrictions|limits|filters|guidelines)\b`),
  prose(String.raw`\b(?:DAN|jailbreak|god) mode\b|\bdeveloper mode (?:output|response)s?\b|\bdo anything now\b|\byou have been (?:freed|jailbroken|unlocked|liberated)\b`),
  prose(String.raw`\b(?:without|with no|free of|ignoring) (?:any )?(?:ethical|moral|safety|content) (?:restrictions|guidelines|filters|limits|rules|constraints|considerations)\b`),
  String.raw`你现在是(?:DAN|一个不受|不受任何)|現在你是(?:DAN|一個不受)|あなたは(?:今から)?(?:DAN|制限のない)|ahora eres DAN|tu es maintenant DAN|du bist jetzt DAN|agora voce e DAN|ora sei DAN|теперь ты DAN`,
];

const SYSTEM = anyCase("system");
const FAKE_PREAMBLE = [
  String.raw`<\/?\s{0,2}(?:${SYSTEM}|${anyCase("sys")}|${SYSTEM}[_-]?(?:${anyCase("prompt")}|${anyCase("message")}|${anyCase("override")}|${anyCase("instructions")}?)|im_start)(?:\s[^>\n]{0,60})?>`,
  String.raw`\[\s{0,2}(?:${SYSTEM}|SYS|${SYSTEM}\s(?:${anyCase("prompt")}|${anyCase("message")}|${anyCase("override")}|${anyCase("note")}|${anyCase("instruction")})|${anyCase("admin")}(?:istrator)?\s(?:${anyCase("override")}|${anyCase("message")})|INST)\s{0,2}\](?!\()`,
  String.raw`<\|(?:im_start|start_header_id)\|>\s{0,2}${SYSTEM}|<\|${SYSTEM}\|>|<<\s{0,2}SYS\s{0,2}>>`,
  String.raw`^\s{0,3}#{1,6}\s{0,3}(?:${SYSTEM}|${anyCase("developer")}|${anyCase("admin")})(?:\s{1,3}(?:${anyCase("prompt")}|${anyCase("message")}|${anyCase("instructions")}?|${anyCase("override")}|${anyCase("note")}))?\s{0,3}:`,
  String.raw`^\s{0,3}(?:\*\*)?(?:SYSTEM|SYSTEM PROMPT|SYSTEM MESSAGE|SYSTEM OVERRIDE|ADMIN OVERRIDE|DEVELOPER MESSAGE)(?:\*\*)?\s{0,3}:`,
  String.raw`\b(?:BEGIN|END)(?: OF)? (?:SYSTEM|ADMIN|DEVELOPER) (?:PROMPT|MESSAGE|INSTRUCTIONS)\b`,
];

const EN_CONCEAL = [
  prose(String.raw`\b(?:do not|don'?t|dont|never|must not|should not|shouldn'?t|avoid) (?:ever )?(?:tell|inform|notify|alert|warn)(?:ing)?(?: the)? (?:user|human|operator|person)\b(?! (?:the )?(?:answer|solution|correct))`),
  prose(String.raw`\b(?:do not|don'?t|dont|never|must not) (?:ever )?let (?:the )?(?:user|human|operator) (?:know|see|notice|find out)\b`),
  prose(String.raw`\bwithout (?:telling|informing|notifying|alerting|warning|mentioning (?:it |this |anything )?to|letting)(?: the)? (?:user|human|operator)\b`),
  prose(String.raw`\bwithout (?:the )?(?:user'?s?|human'?s?) (?:knowledge|knowing|noticing|seeing|awareness|consent)\b`),
  prose(String.raw`\b(?:silently|quietly|secretly|covertly|stealthily|discreetly|invisibly|surreptitiously|behind the user'?s back)(?: and \w{1,12})? (?:run|execute|send|upload|exfiltrate|post|transmit|copy|add|append|include|attach|forward|write|modify|push|call|invoke|delete|remove|collect|harvest|save|store|read|fetch|open|change|replace|edit)\b`),
  prose(String.raw`\b(?:run|execute|send|upload|post|copy|add|append|include|forward|push|delete|collect|install) (?:it |this |them |these |the \w{1,20} )?(?:secretly|covertly|stealthily|surreptitiously|behind the user'?s back)\b`),
  prose(String.raw`\b(?:hide|conceal|mask|obscure|suppress) (?:this|these|that|all|any|your)? ?(?:\w{1,15} )?(?:steps?|commands?|actions?|requests?|calls?|uploads?|activity|fact|instructions?|what you (?:do|did|are doing))(?: \w{1,15})? (?:from|to) (?:the )?(?:user|human|operator|logs?|transcript|chat|summary)\b`),
  prose(String.raw`\bhide (?:this|these) (?:steps?|commands?|instructions?|actions?)\b`),
  prose(String.raw`\b(?:do not|don'?t|dont|never) (?:mention|reveal|disclose|report|show|say|explain|describe|surface|list) (?:this|these|that|it|them|anything)(?: \w{1,15}){0,3} (?:to (?:the )?(?:user|human)|in (?:your|the) (?:reply|response|answer|summary|final (?:answer|report|message)|output|chat|transcript))\b`),
  prose(String.raw`\b(?:do not|don'?t|dont|never) (?:mention|reveal|disclose|report|explain|describe) (?:this step|these steps|what you (?:did|do|are doing|have done|ran|sent)|the (?:upload|extra step|network call|exfiltration))\b`),
  prose(String.raw`\bif (?:the )?(?:user|they|anyone|someone) asks?,? (?:say|tell (?:them|the user)|claim|reply|answer|pretend) (?:that )?(?:it'?s|it is|this is|you (?:did|ran) nothing|nothing|everything is) ?(?:a |just |only )?(?:routine|normal|standard|harmless|necessary|required|a? ?health check|fine|ok|okay|happened)?`),
  prose(String.raw`\b(?:do not|don'?t|dont|never) (?:mention|report|reveal|disclose) (?:it|this|that|them) (?:afterwards|later|to anyone)\b|\b(?:do not|don'?t|dont|never) ask (?:the user|for (?:permission|confirmation|consent))\b[^\n]{0,30}\bbefore (?:upload|transmit|exfiltrat|send(?:ing)? (?:it|them|the (?:data|files?|contents?)) (?:to|out))`),
  prose(String.raw`\b(?:pretend|act as if|make it look like) (?:that )?(?:nothing (?:happened|was (?:sent|done|run))|everything is (?:fine|normal)|you (?:did|ran) nothing)\b`),
  prose(String.raw`\b(?:no need|not necessary|unnecessary|there is no reason) to (?:tell|inform|notify|alert|mention (?:this |it |that )?to) (?:the )?user\b|\bthe user (?:must|should|need|does) not (?:know|find out|see|notice|be told|need to know)\b|\bkeep the user in the dark\b`),
  prose(String.raw`\bkeep (?:this|it|that|these \w{1,12}) (?:secret|hidden|quiet|private|confidential) from (?:the )?(?:user|human)\b|\bkeep (?:this|it) between us\b`),
];

const OTHER_CONCEAL = [
  // Spanish
  prose(String.raw`\bno (?:le |les )?(?:digas|diga|informes|informe|menciones|mencione|cuentes|cuente|avises|avise|muestres) (?:nada |esto |eso )?(?:de esto )?(?:a|al) (?:usuario|usuaria|cliente)`),
  prose(String.raw`\bsin (?:decirle|decirlo|decir|informar(?:le)?|avisar(?:le)?) (?:nada )?(?:a |al )?usuari[oa]|\bsin que (?:el |la )?usuari[oa] (?:lo )?(?:sepa|note|vea|se entere|se de cuenta)`),
  prose(String.raw`\b(?:en secreto|a escondidas|silenciosamente|sigilosamente) (?:envía|envia|sube|ejecuta|copia|manda|borra|lee)`),
  // French
  prose(String.raw`\bne (?:le |lui |rien )?(?:dis|dites|mentionne|mentionnez|signale|signalez|préviens|prévenez|montre|montrez|informe|informez) (?:rien |pas |jamais )?(?:de (?:ceci|cela) )?(?:à |a )?l'?utilisat(?:eur|rice)`),
  prose(String.raw`\bsans (?:le )?(?:dire|mentionner|signaler|prévenir|informer) (?:à |a )?l'?utilisat(?:eur|rice)|\bà l'?insu de l'?utilisat(?:eur|rice)`),
  prose(String.raw`\b(?:en secret|discrètement|silencieusement) (?:envoie|envoyez|exécute|exécutez|copie|copiez|téléverse|supprime)`),
  // German
  prose(String.raw`\b(?:sag|sage|sagen|erzähl|erzähle|verrate|erwähne|erwähnen|zeige|informiere|informieren)\b[^\n]{0,30}\b(?:dem|den) (?:nutzer|benutzer|anwender)(?:in)?\b[^\n]{0,20}\bnichts?\b`),
  prose(String.raw`\bohne (?:dass )?(?:es )?(?:der|den|dem) (?:nutzer|benutzer|anwender)(?:in)? (?:es )?(?:zu )?(?:merkt|weiß|bemerkt|erfährt|informieren|sagen|benachrichtigen)|\bheimlich\b|\bunbemerkt\b`),
  // Portuguese
  prose(String.raw`\bnão (?:conte|diga|informe|mencione|avise|mostre|fale)(?: nada| isso| isto)? (?:ao|a|para o) (?:usuário|utilizador|cliente)`),
  prose(String.raw`\bsem (?:avisar|informar|contar|dizer(?: nada)?)(?: a| ao| o)? (?:usuário|utilizador)|\bsem que o (?:usuário|utilizador) (?:saiba|perceba|note|veja)|\b(?:secretamente|em segredo|às escondidas) (?:envie|execute|copie|mande|apague|leia)`),
  // Italian
  prose(String.raw`\bnon (?:dire|dirlo|dirglielo|informare|menzionare|mostrare|segnalare|avvisare)(?: nulla| niente| questo)? (?:all'?|a|al) ?(?:utente|cliente)`),
  prose(String.raw`\bsenza (?:avvisare|informare) l'?utente|\bsenza dire (?:nulla |niente )?all'?utente|\bsenza che l'?utente (?:lo )?(?:sappia|noti|veda|se ne accorga)|\bdi nascosto\b|\bsegretamente (?:invia|esegui|copia|carica|cancella|leggi)`),
  // Russian
  prose(String.raw`не (?:говори|сообщай|рассказывай|показывай|упоминай|сообщайте|говорите|рассказывайте)[^\n]{0,20}пользовател|без ведома пользовател|(?:тайно|незаметно|скрытно|втихую) (?:отправ|выполн|скопир|загруз|удал|прочит|запуст)`),
  // Chinese
  String.raw`(?:不要|别|別|不能|切勿|勿)(?:告诉|告訴|通知|提醒)(?:用户|用戶|使用者)|(?:不要|别|別|不能)让(?:用户|用戶|使用者)(?:知道|发现|發現|看到)|(?:不要|别|別)向(?:用户|用戶|使用者)(?:提及|透露|显示|顯示|说明|說明)|(?:悄悄|偷偷|暗中|秘密地|静默|靜默)地?(?:发送|發送|上传|上傳|执行|執行|复制|複製|运行|運行|删除|刪除|读取|讀取)|(?:瞒着|瞞著|背着|背著)(?:用户|用戶)`,
  // Japanese
  String.raw`(?:ユーザー|ユーザ|利用者)に(?:は)?(?:言わ|伝え|知らせ|教え|報告し|見せ)ないで|(?:ユーザー|ユーザ|利用者)に(?:知られ|気づかれ|気付かれ|バレ)ないように|こっそり|密かに|ひそかに|内緒で`,
];

export const AGENT_RULES: readonly ScanRule[] = [
  rule({
    id: "prompt-injection",
    title: "Instruction to ignore previous or system instructions",
    severity: "critical",
    pattern: alt(...EN_INJECTION, ...OTHER_INJECTION),
    mentions: "quoted",
    why: "A skill adds instructions; one that tries to cancel the agent's other instructions (its system prompt, the user's requests) is an attack.",
  }),
  rule({
    id: "persona-jailbreak",
    title: "Jailbreak persona or unrestricted mode",
    severity: "critical",
    pattern: alt(...PERSONA),
    mentions: "quoted",
    why: "Personas like DAN or a 'developer mode' exist to switch off the agent's safety rules; no legitimate skill needs that.",
  }),
  rule({
    id: "fake-system-preamble",
    title: "Fake system or developer message",
    severity: "critical",
    pattern: new RegExp(FAKE_PREAMBLE.join("|")),
    mentions: "quoted",
    why: "Text dressed as a system message (<system>, [SYSTEM], ### System:) tries to pass the skill's words off as higher-priority instructions.",
  }),
  rule({
    id: "hide-from-user",
    title: "Instruction to hide actions from the user",
    severity: "critical",
    pattern: alt(...EN_CONCEAL, ...OTHER_CONCEAL),
    mentions: "quoted",
    why: "Legitimate skills have nothing to hide from the person they act for; hiding a step is how the other attacks go unnoticed.",
  }),
  rule({
    id: "system-prompt-leak",
    title: "Asks the agent to reveal its system prompt",
    severity: "high",
    pattern: alt(
      prose(String.raw`\b(?:print|reveal|output|repeat|show|display|dump|leak|disclose|copy|send|write out|tell me) (?:me )?(?:your|the) (?:full |entire |complete |exact |original |hidden |initial )?(?:system prompt|system message|system instructions|initial instructions|hidden instructions|developer (?:prompt|message|instructions)|instructions above|prompt above)\b`),
    ),
    mentions: "quoted",
    why: "The agent's instructions can hold private context; a skill has no reason to extract them.",
  }),
];
