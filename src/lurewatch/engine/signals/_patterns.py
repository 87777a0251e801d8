"""The detector rules: regular expressions over normalised text, one table per label.

Normalised text is lower case with leetspeak, spacing tricks and chat shorthand undone
(``u`` -> ``you``, ``ur`` -> ``your``, ``r`` -> ``are``, ``pix`` -> ``pics``, ``rents`` ->
``parents``; English contractions lose their apostrophe: ``dont``, ``im``, ``ill``,
``youre``, ``lets``), so the rules below only spell the canonical forms. Accents are kept;
rules for Spanish, German, French, Dutch and Portuguese accept the unaccented spelling too.

Every rule carries a confidence tier (see ``docs/signals.md``): STRONG for phrasings that
are the behaviour itself ("dont tell your mom", "add me on snapchat"), MEDIUM for phrasings
that usually are, WEAK for phrasings that often are not (ordinary chat says "call me" and
"see you there" all the time). Rules are written to start with a word boundary and a
literal so that the combined prefilter stays fast. The prefilter keys each rule on its most
selective required substrings, counting a ``\\b`` as a character and treating six characters
as selective enough; where that would key a rule on a bare everyday verb ("take ", "tell "),
the rule starts with ``(?<!\\w)`` instead of ``\\b`` (zero-width, so invisible to the
prefilter) or is split so that each part keeps a longer key ("tell anyone", "tell your mom").
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from ..cues import MINOR_CUE_PATTERNS

STRONG: Final = 0.9
MEDIUM: Final = 0.7
WEAK: Final = 0.5

# (languages, confidence, pattern); languages are for the docs and the tests.
Rule = tuple[str, float, str]

# ---------------------------------------------------------------------------------------
# Shared vocabulary
# ---------------------------------------------------------------------------------------

# "ü" is SMS shorthand for "you" ("meet ü outside?"); German has no word "ü".
YOU: Final = r"(?:you|ya|yu|yuo|yall|ü)"
YOUR: Final = r"(?:your|yer|yur|youre|ya)"
# Word groups carry their own \b on both sides, which the prefilter needs to see ("ig"
# alone is rare, "ig" inside "big" is not).
PARENT: Final = (
    r"\b(?:mom|moms|mum|mommy|mother|dad|daddy|father|parents|parent|folks|step ?dad"
    r"|step ?mom|grandma|grandpa|aunt|uncle|brother|sister)\b"
)
PICS: Final = (
    r"\b(?:pic|pics|picture|pictures|photo|photos|foto|fotos|selfie|selfies|nudes|nude pics"
    r"|video|videos|vids)\b"
)
CAM: Final = r"\b(?:cam|webcam|web cam|camera|vid cam|video cam)\b"
# Photos alone (no videos), not "pic" for "pick" ("pic you up", "pic that").
PHOTO: Final = (
    r"\b(?:pic|pics|picture|pictures|photo|photos|selfie|selfies|nudes)\b"
    r"(?! (?:you|that|it|up|out|them|him|her)\b)"
)
# Chat apps and channels. Generic words (line, signal, text) are left out: they only count
# in the strongest contexts, which name them explicitly.
APP: Final = (
    r"\b(?:snap ?chat|snap|sc|whats ?app|wapp|wsp|wasap|guasap|zap|zapzap|telegram|kik|discord"
    r"|skype|insta ?gram|insta|ig|facebook|fb|messenger|viber|wechat|tiktok|yahoo|ym|y!m|aim"
    r"|msn|icq|hangouts|myspace|email|e-mail|gmail|hotmail|aol|yim|yahoo messenger)\b"
)
NUMBER: Final = r"\b(?:number|num|digits|cell|cell ?phone|phone|mobile|cel|celular)\b"
THEN_I: Final = r"(?:i will|ill|im going to|i am going to|i'?ll|i am gonna)"
THREAT_VERB: Final = (
    r"\b(?:tell|send|post|show|share|put|leak|upload|spread|expose|hurt|kill|find|ruin|make)\b"
)
# A phone number named by its kind: "cell number", "home phone #", "hp no".
PHONE_NO: Final = r"(?:cell|cell ?phone|phone|mobile|home|house|hp) ?(?:number|num|no|#)"
# What kind of number a phone number is ("cell", "home"): "your cell number".
PHONE_KIND: Final = r"(?:phone|cell|home|cel|mobile|cellphone|cell phone|real)"
# Ways of spending time at a place.
STAY: Final = r"(?:stay|meet|go|come|sleep|spend the night)"
# Terms of endearment that end a question ("how old baby?").
DEAR: Final = (
    r"(?:baby|babe|bb|hun|hon|honey|sweetie|sweety|sweetheart|dear|cutie|girl|sexy|beautiful"
    r"|gorgeous|princess|angel|kiddo|sweet ?thing)"
)
# "5th grade" to "12th grade"; \d keeps the digits out of the prefilter, which finds "th grade".
GRADE: Final = r"(?=[5-9]th|1[0-2]th)\d{1,2}th grade"
# Meeting someone else than the other person ("want to meet a nice guy", "meet them").
NOT_THIRD: Final = (
    r"(?! (?:a(?! (?:few|lot|couple|bit|little)\b)|an|some(?! (?:time|day|weekend|night|place"
    r"|point|afternoon|evening|morning)\b)|someone|somebody|new|other|others|people|ppl|them|him"
    r"|her|his|their|my|your|the|guys|girls|everyone|everybody|anyone|anybody)\b)"
)
# What may follow "call you" when it names rather than rings ("ill call you a jerry",
# "call you by your name"), but not "call you a little later" or "call you by 3".
NAMING: Final = (
    r"(?! (?:a(?! (?:little|bit|few|couple|lil|while|minute|min|sec)\b)|the|by(?! (?:\d|noon"
    r"|tonight|tomorrow|then|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)|worse"
    r"|something|anything|whatever|that|names?|mr|mrs|ms|miss|sir|dr|out|on (?:that|this|it))\b)"
)


# ---------------------------------------------------------------------------------------
# High-severity labels: six languages
# ---------------------------------------------------------------------------------------

AGE_PROBE: Final[tuple[Rule, ...]] = (
    # "asl" as the question, not American Sign Language inside a sentence ("why asl?")
    (
        "en",
        STRONG,
        r"^(?:asl|a/s/l)\b(?!\[)|\ba/s/l\b|(?<!\bwhy )(?<!\bin )(?<!\buse )(?<!\buses )"
        r"(?<!\bdetect )(?<!\bmission )(?<!\blearn )(?<!\blearning )(?<!\bspeak )"
        r"(?<!\bsign )(?<!\babout )(?<!\bthe )(?<!\bof )(?<!\bteach )(?<!\bstudy )(?<!\btake )"
        r"\basl\s*(?:\?|$|please|pls|plz|first)",
    ),
    # typos of "how" as well ("hw old r u", "hot old r u")
    (
        "en",
        STRONG,
        rf"\b(?:how|hw|hoe|hot|haw|hwo|hao|howw) old (?:are|r) {YOU}\b|\bhow old {YOU}\s*(?:\?|$)",
    ),
    ("en", STRONG, r"\bhow old ru\b"),  # "ru": chat spelling of "r u"
    ("en", MEDIUM, rf"\bhow old(?: are)?,? {DEAR}\s*[.!?]*\s*$"),
    ("en", MEDIUM, rf"^(?:so |and |hey |hi )?how old {YOU} are\s*\?"),
    ("en", STRONG, rf"\bhow young (?:are )?{YOU}\b"),
    ("en", MEDIUM, r"\bhow old\s*(?:\?|$)"),
    ("en", STRONG, rf"\bwhat(?:s| is)? {YOUR} age\b"),
    ("en", MEDIUM, rf"(?<!for )\b{YOUR} age\s*\?"),
    ("en", MEDIUM, r"^\bage\b\s*\?"),
    ("en", STRONG, rf"\bwhat (?:grade|year) (?:are )?{YOU}(?: in)?\b"),
    ("en", STRONG, rf"\bwhat grade\s*(?:\?|$)|\bwhich grade (?:are )?{YOU}\b"),
    ("en", STRONG, rf"\bwhat year (?:in school|of school|were {YOU} born)\b"),
    ("en", MEDIUM, rf"\bwhen were {YOU} born\b"),
    ("en", STRONG, rf"\bare {YOU} (?:really |actually |only |just |even )?(?:1[0-9]|[5-9])\b"),
    ("en", MEDIUM, rf"\bare {YOU} (?:over|under|even) (?:18|21|16)\b|\bare {YOU} legal\b"),
    # asking the school year: "are you a freshman", "you are in 8th grade right?"
    (
        "en",
        MEDIUM,
        rf"\bare {YOU} (?:a |in )?(?:freshman|freshmen|sophomore|{GRADE})\b|"
        rf"\b{YOU}(?:re| are) (?:a |in )?(?:freshman|freshmen|sophomore|{GRADE})(?:r)?"
        rf"(?: right| too| yet| now)?\s*\?",
    ),
    (
        "en",
        MEDIUM,
        rf"\b(?:are|do) {YOU} (?:in|go to) (?:high|middle|junior high|elementary) school\b",
    ),
    # one's own age and sex, then the question back: "40 m here and you?", "24/m/fl wbu"
    (
        "en",
        MEDIUM,
        r"(?:\b(?:1[0-9]|[2-9][0-9]) ?/? ?(?:m|f|male|female)\b"
        r"|\b(?:m|f) ?/? ?(?:1[0-9]|[2-9][0-9])\b)"
        r".*(?:\b(?:and|n|&) (?:you|u|ya|urs|yours)|\b(?:wbu|hbu|what about you|how about you))"
        r"\s*\??\s*$",
    ),
    # Spanish
    ("es", STRONG, r"\bcu[aá]ntos a[ñn]os (?:tienes|tenes|tenés|ten[ií]s|cumples)\b"),
    ("es", STRONG, r"\b(?:qu[eé]|q|ke) edad (?:tienes|tenes|tenés|ten[ií]s)\b|\btu edad\s*\?"),
    ("es", MEDIUM, r"^\bedad\b\s*\?"),
    ("es", STRONG, r"\ben qu[eé] (?:curso|grado|año|ano) (?:est[aá]s|vas)\b"),
    # German
    ("de", STRONG, r"\bwie alt bist (?:du|de)\b|\bwie alt biste\b|\bwie alt\s*\?"),
    ("de", STRONG, r"\bdein alter\s*\?|\bwas ist dein alter\b"),
    ("de", STRONG, r"\bin welche(?:r)? klasse (?:gehst|bist) du\b"),
    # French
    ("fr", STRONG, r"\bquel [âa]ge (?:as[- ]tu|tu as|t'as|avez[- ]vous)\b"),
    ("fr", STRONG, r"\b(?:tu as|t'as|ta) quel [âa]ge\b|\bton [âa]ge\s*\?"),
    ("fr", STRONG, r"\ben quelle classe (?:es[- ]tu|tu es|t'es)\b"),
    # Dutch
    ("nl", STRONG, r"\bhoe oud ben (?:je|jij)\b|\bhoe oud\s*\?"),
    ("nl", STRONG, r"\bwat is (?:je|jouw) leeftijd\b|\bleeftijd\s*\?"),
    ("nl", STRONG, r"\bin welke (?:klas|groep) zit (?:je|jij)\b"),
    # Portuguese
    ("pt", STRONG, r"\b(?:quantos|qts|qnts|quantos) anos (?:voc[eê] tem|vc tem|tu tens|tem)\b"),
    ("pt", STRONG, r"\bqual (?:[eé] )?(?:a )?(?:sua|tua) idade\b|^idade\s*\?"),
    ("pt", STRONG, r"\bem que (?:s[eé]rie|ano) (?:voc[eê]|vc|tu) (?:est[aá]|estuda|tá)\b"),
)

# Not to tell: "dont", "you wont", "ur not gonna", "promise not to", with up to three fillers
# (more than the prefilter expands, so that it keys on what follows: "tell anyone").
NOT_TO: Final = (
    rf"(?:dont|do not|never|better not|shouldnt|should not|mustnt|must not|not to|"
    rf"promise not to|promise {YOU} (?:wont|will not)|"
    rf"{YOU} (?:cant|cannot|can not|better not|shouldnt|must not|mustnt|wont|will not|wouldnt"
    rf"|wudnt|would not|will never|would never)|"
    rf"(?:youre|{YOUR}|{YOU} are) not(?: going to)?) (?:(?:ever|like|really|even|just|go) ){{0,3}}"
)

SECRECY: Final[tuple[Rule, ...]] = (
    # "dont tell anyone", "u wudnt tell no one", "ur not gonna tell my mom"; the two rules
    # differ only in whom not to tell, so that each keeps a selective prefilter key
    (
        "en",
        STRONG,
        rf"\b{NOT_TO}(?:tell|telling|say anything to|say a word to|breathe a word to"
        rf"|mention (?:this|it|me|us) to)"
        rf" (?:anyone|anybody|any ?one|no ?one|nobody|noone|a soul)\b",
    ),
    (
        "en",
        STRONG,
        rf"\b{NOT_TO}(?:tell|telling) (?:this|these|it|that) (?:things? )?to (?:anyone|anybody"
        rf"|no one|nobody|noone)\b",
    ),
    (
        "en",
        STRONG,
        rf"\b{NOT_TO}(?:tell|telling) (?:your |my )?(?:mom|moms|mum|mommy|mother|dad|daddy"
        rf"|father|parents|parent|folks|family|friends?|teacher|brother|sister|girlfriend"
        rf"|best friend|bf)\b",
    ),
    ("en", STRONG, r"\b(?:dont|do not|never) tell (?:him|her|them) about (?:us|me|this|it|our)\b"),
    ("en", STRONG, r"\bour (?:little |lil |big )?secrets?\b"),
    ("en", MEDIUM, r"\b(?:lil|little|dirty) secret\b"),
    # a hidden relationship: "you would be my secret sweetheart", "secret friends"
    (
        "en",
        MEDIUM,
        r"\bsecret (?:sweetheart|sweetie|love|lover|girlfriend|gf|boyfriend|bf|relationship"
        r"|affair|friends?|romance)\b",
    ),
    # "our lil hot as secret", "our own special secret"
    (
        "en",
        MEDIUM,
        r"\bour (?:(?:lil|little|own|special|hot|as|ass|naughty|dirty|mystery|sweet|big|sexy"
        r"|private|fun|new|only|very) ){1,3}secrets?\b",
    ),
    (
        "en",
        MEDIUM,
        r"\b(?:have to|has to|need to|needs to|got to|gotta|must|should|better) (?:be|stay)"
        r" (?:very |really |extra |super )?(?:secretive|discreet)\b",
    ),
    # asked of the other: "are you keeping it secret?"
    (
        "en",
        MEDIUM,
        rf"\b(?:{YOU}|we) (?:are |were |r )?keeping (?:it|this|us|that|me|things|everything)"
        r" (?:\S+ ){0,2}?(?:a secret|secret|between us|quiet|hidden|to (?:yourself|ourselves))",
    ),
    # asking what the cover story will be: "what are you going to tell your mom"
    (
        "en",
        MEDIUM,
        rf"\bwhat (?:are {YOU}|{YOU} are|will {YOU}|{YOU} will|{YOU} gonna|are {YOU} gonna"
        rf"|would {YOU}|can {YOU}|could {YOU}) (?:going to )?(?:tell|say to) {YOUR} {PARENT}",
    ),
    (
        "en",
        STRONG,
        r"\b(?:this|it|that|we|us) (?:is|will be|can be|stays|be|are|has to be|must be|should be)"
        r" our (?:little |lil )?secret\b|\b(?:this|it|that|we|us) (?:will be|can be|stays|has to"
        r" be|must be|should be|remains) a (?:little |lil )?secret\b",
    ),
    (
        "en",
        STRONG,
        r"(?<!they )(?<!people )\bkeep (?:it|this|us|that|things|everything|what we|you)"
        r" (?:\S+ ){0,2}?"
        r"(?:a secret|secret|between us|quiet|hidden|on the (?:down ?low|low|dl)|lowkey|hush"
        r"|to (?:yourself|ourselves))",
    ),
    (
        "en",
        STRONG,
        r"\b(?:just|only|stay|stays|staying|keep (?:it|this|that)|remains?|strictly) between "
        r"(?:you and me|you and i|me and you|us)\b",
    ),
    ("en", MEDIUM, r"^between (?:you and me|me and you|us)\b"),
    (
        "en",
        STRONG,
        r"\b(?:delete|erase|clear|wipe|get rid of) (?:all )?(?:of )?(?:our|the|these|those|my|"
        r"this|your) (?:\S+ )?(?:chats?|convos?|conversations?|messages|msgs|ims?|texts|emails"
        r"|number|caller id)\b",
    ),
    # logs and history only when they are the chat's: "erase our logs", not "clear the history"
    (
        "en",
        STRONG,
        r"\b(?:delete|erase|clear|wipe|get rid of) (?:all )?(?:of )?(?:our|these|those|this|your"
        r"|the chat|the im|our chat|your chat) (?:logs?|history|archives?)\b",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:does|do|will|would|can|could|did) {YOUR} {PARENT} (?:ever )?(?:check|read|look at|"
        rf"see|go through|monitor|watch|snoop|look through|know (?:about|what))\b",
    ),
    (
        "en",
        STRONG,
        r"\b(?:no ?one|nobody|noone|no body) (?:has to|needs to|will ever|will|should|"
        r"ever has to|would|can|must|is going to) (?:ever )?know\b"
        r"(?! (?:who|where|how|which|why|if|whether)\b)",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:dont|do not|never|better not|cant) let (?:(?:{YOUR} |my )?{PARENT}|anyone|anybody"
        rf"|them|him|her|no ?one|nobody) (?:\S+ )?(?:see|know|find out|read|catch|hear)\b",
    ),
    (
        "en",
        MEDIUM,
        r"\b(?:can|could) you keep a secret\b|\bgood at keeping secrets\b|\bsecret keeper\b",
    ),
    # "no one will find out", "nobody is gonna see us" (and the common typo "fine out")
    (
        "en",
        STRONG,
        r"\b(?:no ?one|nobody|noone|no body) (?:will|would|is going to|is gonna|gonna|can|could)"
        r" (?:ever )?(?:find out|fine out|see us|catch us)\b"
        r"(?! (?:who|what|where|how|which|why|if|whether|until|till)\b)",
    ),
    ("en", MEDIUM, rf"(?<!my ){PARENT} (?:wont|will not|will never|never) (?:ever )?find out\b"),
    (
        "en",
        STRONG,
        rf"(?:{PARENT}|\bthey|\bno ?one|\bnobody) (?:dont|do not|doesnt|does not) (?:need|have)"
        r" to know\b",
    ),
    ("en", MEDIUM, r"\b(?:dont|do not) want (?:you|us) (?:getting|gettin|to get) caught\b"),
    ("en", MEDIUM, rf"\bhide (?:it|this|them|that|me) from {YOUR} {PARENT}\b"),
    (
        "en",
        MEDIUM,
        rf"\bif (?:someone|anyone|anybody|somebody|they|{YOUR} {PARENT}) (?:ever )?"
        rf"(?:finds|find|found) out\b|\bwhen (?:someone|anyone|anybody|somebody|{YOUR} {PARENT})"
        rf" (?:ever )?(?:finds|find) out\b|\b(?:dont|not|never) get caught\b",
    ),
    # lying to parents about age or whereabouts: "tell her your 18", "tell mom youre at a friends"
    (
        "en",
        MEDIUM,
        rf"\b(?:tell|say to|lie to) (?:her|him|them) (?:that )?(?:{YOUR}|{YOU}(?:re| are)?)"
        rf" (?:(?:1[89]|[2-9][0-9])\b|at |with |going to (?:a|an|the|my|her|his|their|your|be"
        rf"|stay|sleep)\b|staying|sleeping|spending|over at)"
        rf"|\btell (?:{YOUR}|my) {PARENT} (?:that )?(?:{YOUR}|{YOU}(?:re| are)?) (?:(?:1[89]"
        rf"|[2-9][0-9])\b|at |with |going (?:to (?:a|an|the|my|her|his|their|your|be|stay|sleep)"
        rf"|for a (?:walk|ride|drive|run)|out with)\b|staying|sleeping|spending|over at)"
        rf"|\blie to {YOUR} {PARENT}\b",
    ),
    # the other's parents must not know: "your mom cant find out", "make sure nobody sees"
    (
        "en",
        MEDIUM,
        rf"\b{YOUR} {PARENT} (?:cant|can not|cannot|must not|mustnt|shouldnt|should not|better not"
        rf"|can never) (?:ever )?(?:know|find out|see (?:this|it|us|these|that)|hear about)\b",
    ),
    (
        "en",
        STRONG,
        rf"\bmake sure (?:no ?one|nobody|noone) (?:sees|finds out|knows|reads|hears)\b|"
        rf"\bmake sure (?:{YOUR} {PARENT}|they|she|he) (?:doesnt|dont|does not|do not|never|wont"
        rf"|will not) (?:see|find out|know|read|hear|catch)\b",
    ),
    # asked as a statement: "ur parents check ur phone?"
    (
        "en",
        MEDIUM,
        rf"\b{YOUR} {PARENT} (?:ever )?(?:check|checks|read|reads|look at|looks at|go through|goes"
        rf" through|monitor|monitors|snoop|snoops)(?: on| in)? (?:{YOUR} )?(?:phone|cell|computer"
        rf"|pc|laptop|messages|texts|chats?|emails?|ims|history|internet|account)\b",
    ),
    # a bare "dont tell" closing the message
    (
        "en",
        MEDIUM,
        r"\b(?:dont|do not|never|promise not to|better not) tell\s*(?:ok|okay|k|alright|please"
        r"|lol|haha|though|tho|anyone)?\s*[.!?]*\s*$",
    ),
    # More shapes of the same requests: keeping the contact or the speaker secret, a parent
    # not finding out, the other promising not to tell, deleting the messages. (Not a bare
    # "dont tell him" or "keep a secret": in ordinary chat those are gossip, not hiding the
    # contact.)
    (
        "en",
        MEDIUM,
        r"\bkeep(?:in|ing)? (?:me|us|him|her) (?:a |as a |our )?secret\b|\bkeep(?:in|ing)?"
        r" (?:a )?secret (?:between|from)\b|\b(?:as long as|if|so) (?:you|u) keep (?:it |this |us "
        r")?(?:a )?secret\b|\bkeep (?:it |this |that )?between us\b|\b(?:our|this) secret"
        rf" (?:like this|from (?:{YOUR} |the |everyone|everybody|people|them|her|him))"
        r"|\ba secret like this\b",
    ),
    (
        "en",
        MEDIUM,
        rf"(?<!my ){PARENT} (?:doesnt|does not|dont|do not|wont ever) (?:ever )?find out\b"
        r"|^(?:so |and |then )?(?:she|he|they) (?:wont|will not|will never|never) (?:ever )?find"
        r" out\s*[.!]*\s*$",
    ),
    (
        "en",
        MEDIUM,
        rf"\b{YOU} (?:wont|will not|wouldnt|would not|promise not to|promise {YOU} wont) tell\b"
        r"(?! (?:me|lies|the truth|anything but)\b)|\b(?:never|not|dont|wont) tell (?:about|on)"
        r" (?:me|us)\b",
    ),
    (
        "en",
        MEDIUM,
        rf"\b(?:do|did|will|can|could|would) {YOU} (?:always |ever |usually )?(?:delete|erase)"
        r" (?:\S+ )?(?:messages?|archives?|chats?|convos?|msgs|ims?)\b|\b(?:is|will be|be)"
        r" (?:just |only )?between (?:you and me|me and you|us)\s*[.!]*\s*$",
    ),
    # Spanish
    (
        "es",
        STRONG,
        r"\bno (?:se lo |le |les |lo )?(?:digas|cuentes|diga|cuente) (?:nada )?(?:a nadie|"
        r"a tus (?:padres|papás|papas|amigas?|amigos?)|a tu (?:mamá|mama|papá|papa|madre|padre))\b",
    ),
    ("es", STRONG, r"\b(?:nuestro|un|es) (?:peque[ñn]o )?secreto\b"),
    (
        "es",
        STRONG,
        r"\b(?:borra|borr[aá]|elimina|elimin[aá]) (?:esto|eso|todo|el chat|los mensajes|"
        r"la conversaci[oó]n|nuestra conversaci[oó]n|nuestros mensajes|las fotos)\b",
    ),
    ("es", STRONG, r"\bnadie (?:tiene que|tiene por qu[eé]|debe|va a) saber(?:lo)?\b"),
    (
        "es",
        STRONG,
        r"\bque no se (?:entere|enteren) (?:nadie|tus padres|tu (?:mamá|mama|papá|papa))\b",
    ),
    ("es", MEDIUM, r"\bentre (?:t[uú] y yo|nosotros)\b"),
    (
        "es",
        STRONG,
        r"\b(?:tus (?:padres|papás|papas)|tu (?:mamá|mama|papá|papa|madre|padre)) no (?:pueden"
        r"|deben|tienen que) (?:saber(?:lo)?|enterarse|ver(?:lo)?)\b"
        r"|\bno dejes que (?:tus (?:padres|"
        r"papás|papas)|tu (?:mamá|mama|papá|papa)|nadie) (?:lo |los |las )?(?:vean?|sepan?)\b",
    ),
    ("es", MEDIUM, r"\bgu[aá]rda(?:lo|me)? (?:el |en )?secreto\b|\bgu[aá]rdalo para ti\b"),
    (
        "es",
        STRONG,
        r"\btus (?:padres|papás|papas) (?:revisan|miran|ven|leen|checan) tu (?:celular|m[oó]vil|"
        r"tel[eé]fono|cel|compu)\b",
    ),
    # German
    (
        "de",
        STRONG,
        r"\b(?:sag|sage|erzähl|erzähle|erzaehl|verrat|verrate) (?:es |das |bitte |aber )*"
        r"(?:niemandem|keinem|keinen|deinen eltern nichts|deiner (?:mutter|mama) nichts|"
        r"deinem (?:vater|papa) nichts)\b",
    ),
    ("de", STRONG, r"\bunser (?:kleines )?geheimnis\b"),
    (
        "de",
        STRONG,
        r"\b(?:lösch|lösche|loesch|loesche) (?:das|den chat|die nachrichten|unseren chat|"
        r"den verlauf|die bilder|die fotos|alles)\b",
    ),
    (
        "de",
        STRONG,
        r"\bniemand (?:darf|muss|soll|braucht) (?:das |davon |es )?(?:zu )?(?:wissen|erfahren)\b",
    ),
    ("de", MEDIUM, r"\bunter uns (?:bleiben|bleibt)\b|\bbleibt unter uns\b"),
    (
        "de",
        STRONG,
        r"\bdeine (?:eltern|mutter|mama) (?:dürfen|duerfen|darf|sollen|soll) (?:das |es |davon )?"
        r"nichts? (?:wissen|erfahren|sehen|mitbekommen)\b|\blass deine (?:eltern|mutter|mama)"
        r" (?:das |es )?nicht (?:sehen|lesen|wissen)\b",
    ),
    ("de", MEDIUM, r"\bbehalt(?:e)? (?:es|das) (?:bitte )?f(?:ü|ue)r dich\b"),
    (
        "de",
        STRONG,
        r"\b(?:kontrollieren|checken|lesen|schauen) deine eltern (?:auf )?dein (?:handy|telefon|"
        r"smartphone|chat)\b",
    ),
    # French
    (
        "fr",
        STRONG,
        r"\bne (?:le |lui |leur )?(?:dis|dit|raconte) (?:rien )?(?:[àa] personne|pas [àa] tes"
        r" parents|"
        r"pas [àa] ta (?:m[èe]re|maman)|rien)\b|\bn'en parle [àa] personne\b",
    ),
    ("fr", STRONG, r"\b(?:c'est )?notre (?:petit )?secret\b"),
    (
        "fr",
        STRONG,
        r"\b(?:efface|supprime) (?:[çc]a|ce message|nos messages|les messages|la conversation|"
        r"notre conversation|les photos|tout)\b",
    ),
    ("fr", STRONG, r"\bpersonne (?:ne doit|doit pas|n'a besoin de|ne va) (?:le )?savoir\b"),
    ("fr", MEDIUM, r"\bentre (?:nous deux|toi et moi)\b|\breste entre nous\b"),
    (
        "fr",
        STRONG,
        r"\b(?:tes parents|ta m[èe]re|ta maman|ton p[èe]re) ne (?:doivent|doit|peuvent|peut) pas"
        r" (?:le )?(?:savoir|voir|lire)\b|\bne laisse pas (?:tes parents|ta m[èe]re|ta maman)"
        r" (?:le )?(?:voir|lire)\b",
    ),
    ("fr", MEDIUM, r"\bgarde[- ]?(?:le|[çc]a) pour toi\b"),
    (
        "fr",
        STRONG,
        r"\b(?:tes parents|ta m[èe]re|ta maman) (?:regardent|regarde|v[ée]rifient|v[ée]rifie|"
        r"lisent|lit|checkent|fouillent) ton (?:t[ée]l[ée]phone|portable|tel|t[ée]l)\b",
    ),
    # Dutch ("dat" reads as "that" after normalisation)
    (
        "nl",
        STRONG,
        r"\b(?:vertel|zeg) (?:het |dit |dat |that |er )?(?:aan |tegen )?(?:niemand|niks tegen|"
        r"niet aan je ouders|niet tegen je ouders|niets tegen)\b",
    ),
    ("nl", STRONG, r"\bons (?:kleine )?geheim(?:pje)?\b"),
    (
        "nl",
        STRONG,
        r"\b(?:verwijder|wis) (?:dit|het gesprek|de chat|de berichten|onze chat|onze berichten|"
        r"de foto's|de fotos|alles)\b",
    ),
    ("nl", STRONG, r"\bniemand (?:hoeft|mag) (?:het|dit|dat|that|ervan) (?:te )?weten\b"),
    ("nl", MEDIUM, r"\btussen (?:ons|jou en mij)\b"),
    (
        "nl",
        STRONG,
        r"\bje (?:ouders|moeder|vader|mama|papa) (?:mogen|mag) (?:het|dit|dat|that|er) niet"
        r" (?:weten|zien|lezen|van weten)\b",
    ),
    ("nl", MEDIUM, r"\bhou(?:d)? (?:het|dit|dat|that) voor (?:je|jezelf)\b"),
    (
        "nl",
        STRONG,
        r"\b(?:controleren|checken|bekijken|kijken) je ouders (?:op |in )?je (?:telefoon|mobiel"
        r"|gsm)\b",
    ),
    # Portuguese
    (
        "pt",
        STRONG,
        r"\bn[ãa]o (?:conta|contes|conte|fala|fale|diga|diz) (?:nada )?(?:pra|para|a) "
        r"(?:ningu[ée]m|seus pais|teus pais|sua m[ãa]e|tua m[ãa]e|seu pai)\b",
    ),
    ("pt", STRONG, r"\b(?:nosso|um) (?:pequeno )?segredo\b|\bsegredo nosso\b"),
    (
        "pt",
        STRONG,
        r"\b(?:apaga|apague|deleta|delete|exclui|exclua) (?:isso|tudo|a conversa|as mensagens|"
        r"as fotos|nossa conversa|o chat)\b",
    ),
    ("pt", STRONG, r"\bningu[ée]m (?:precisa|pode|tem que|vai) saber\b"),
    ("pt", MEDIUM, r"\bentre a gente\b|\bentre n[óo]s dois\b"),
    (
        "pt",
        STRONG,
        r"\b(?:seus|teus) pais n[ãa]o (?:podem|devem|precisam) (?:saber|ver)\b|\bn[ãa]o deixa"
        r" (?:seus pais|teus pais|sua m[ãa]e|tua m[ãa]e) (?:ver|saber|ler)\b",
    ),
    ("pt", MEDIUM, r"\bguarda (?:segredo|isso pra voc[eê])\b"),
    (
        "pt",
        STRONG,
        r"\b(?:seus|teus) pais (?:olham|mexem|checam|veem|leem) (?:no |o )?(?:seu|teu) "
        r"(?:celular|telefone|cel)\b",
    ),
)

OFF_PLATFORM: Final[tuple[Rule, ...]] = (
    (
        "en",
        STRONG,
        rf"\b(?:add|message|msg|text|dm|pm|hit|find|follow|talk to|chat with|contact|reach|"
        rf"write|email|im) (?:me|{YOU}) (?:up )?(?:on|at|in|via|through|over|using) (?:my |the )?"
        rf"{APP}\b",
    ),
    ("en", MEDIUM, rf"\b(?:do|did) {YOU} (?:have|got|use|got a|have a|have an) {APP}\b"),
    (
        "en",
        MEDIUM,
        rf"^(?:so |and |hey |ok |well )?{YOU} (?:have|got|use|on) (?:a |an )?{APP}(?: account"
        rf"| name| id)?\s*(?:\?|$)",
    ),
    (
        "en",
        MEDIUM,
        rf"\b(?:do )?{YOU} (?:have|got|still have) (?:a |an |your own )?(?:cell|cell ?phone|phone"
        rf"|mobile|house ?phone|home ?phone|land ?line)(?: number)?\s*(?:\?|$)",
    ),
    # a bare app or number as the question: "kik?", "yim?", "digits?"
    ("en", MEDIUM, rf"^(?:{APP}|digits|cell number|phone number|cell ?phone)\s*\?"),
    (
        "en",
        STRONG,
        rf"\b(?:what(?:s| is)?|whats|give me|send me|tell me|gimme|can i (?:have|get)|may i have"
        rf"|could i (?:have|get)) {YOUR} (?:{APP}|{NUMBER}|house ?phone|home ?phone)(?: name| id"
        rf"| username| user| handle| number| address| addy)?\b|\b(?:give me|gimme|can i (?:have"
        rf"|get)|may i have|could i (?:have|get)) (?:house ?phone|home ?phone|(?:cell|phone"
        rf"|mobile) ?number|digits)\b",
    ),
    (
        "en",
        MEDIUM,
        rf"\bmy (?:{APP}|number|num|digits|(?:cell|cell ?phone|phone|mobile|home|house|hp) ?"
        rf"(?:number|num|no|#)) (?:name |id |username |addy |address |number )?is\b",
    ),
    # giving one's own contact: "i gave u my number", "heres my email", "take my number"
    (
        "en",
        STRONG,
        rf"\b(?:i (?:already |just |also )?(?:gave|give|will give|can give|could give|sent|send"
        rf"|texted|txted)|ill (?:give"
        rf"|send|text)|let me give|lemme give) {YOU} my (?:{APP}|{NUMBER}|digits|{PHONE_NO})\b"
        rf"|\b(?:here(?:s| is)|take|save|write down) my (?:{APP}|number|num|digits|{PHONE_NO})\b"
        rf"|\b(?:do {YOU} (?:still )?have|{YOU} (?:still )?have|did {YOU} get|{YOU} got) my"
        rf" (?:number|num|digits|{PHONE_NO})\b",
    ),
    # "your phone?" asks for it; "on your phone?" asks about the device
    (
        "en",
        MEDIUM,
        rf"(?<!\bon )(?<!\bin )(?<!\bwith )(?<!\bof )(?<!\bfrom )(?<!\bto )(?<!\bat )(?<!\bfor )"
        rf"(?<!\babout )(?<!\bcheck )(?<!\buse )(?<!\bcharge )(?<!\bfix )(?<!\bsee )"
        rf"\b{YOUR} (?:{APP}|{NUMBER}) ?\?",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:lets|let us|we (?:can|could|should)|want to|wanna|can we|can|could) (?:talk|chat"
        rf"|move|go|switch|continue|text|msg|message|speak) (?:on|to|in|over|via|thru|through)"
        rf" (?:{APP}|private|pm|dm|text|the phone)\b",
    ),
    # "use yahoo", "get on msn" as the request itself
    (
        "en",
        MEDIUM,
        rf"(?:^|[.!?,;:-]\s*|\b(?:ok|okay|so|just|then|lets|please|pls|we can|can you|you can)\s+)"
        rf"(?:get on|go on|come on|hop on|sign on|log on|log onto|log into|sign into|jump on)"
        rf" {APP}\s*(?:[.!?]|$|now|instead|then|later|tonight|please|ok|okay)",
    ),
    ("en", STRONG, r"\b(?:snapchat|snap|kik|skype|whatsapp|telegram|discord|insta|im) me\b"),
    ("en", MEDIUM, r"\b(?:pm|dm) me\b"),
    # offering to call: "can i call you", "ill text you later", not "what can i call you"
    (
        "en",
        STRONG,
        rf"(?<!what )(?<!how )(?<!\bnot )(?<!never )(?<!cant )(?<!cannot )(?<!dont )"
        rf"\b(?:can|could|may|should|ill|i will|i can|i could|let me|lemme|i want to|i wanna"
        rf"|want me to|i would|id|i am going to|im going to|i will be able to|i gotta|i have to"
        rf"|i need to|i might|i may|i shall|ima) (?:(?:i|try to|just|also) )?(?:call|text|txt"
        rf"|phone|ring|sms"
        rf"|buzz) {YOU}\b{NAMING}",
    ),
    # "i call u later", "i sms u when i reach"
    (
        "en",
        MEDIUM,
        rf"(?<!\bcan )(?<!\bshould )(?<!\bdo )(?<!\bmay )(?<!\bcould )"
        rf"\bi (?:call|text|txt|sms|ring) {YOU}\b(?= (?:now|later|tonight|tomorrow|first|again|soon"
        rf"|back|asap|at|when|after|before|once|on (?:the way|monday|tuesday|wednesday|thursday"
        rf"|friday|saturday|sunday))\b|\s*[.!?,]|\s*$)",
    ),
    (
        "en",
        MEDIUM,
        r"(?<!\bnot )(?<!never )(?<!cant )(?<!cannot )(?<!dont )(?<!didnt )"
        r"\b(?:ill|i will|i can|i could|let me|lemme|want me to|should i|can i|may i|i am going to"
        r"|im going to|i gotta|i have to|i need to|i shall|ima|going|gonna) (?:call|text|txt|phone"
        r"|ring|sms)(?: back\b(?! (?:the|a|an|my|his|her|their|to|from|him|them)\b)| (?:now|later"
        r"|tonight|tomorrow|first|again|soon|asap|at|around|when|whenever|after|before"
        r"|in a (?:bit|few|min|minute|sec|while))\b|\s*(?:[.!?,]|$))",
    ),
    (
        "en",
        MEDIUM,
        r"^(?:ok |okay |so |then |pls |please |just )?(?:call|ring) (?:now|first|asap)\b",
    ),
    (
        "en",
        STRONG,
        r"\b(?:can|could|will|would|wud|cud) (?:you|ya|yu|yuo) (?:please |pls )?(?:(?:call|phone"
        r"|ring|buzz) me|(?:text|txt|sms|email|e-mail) (?:me|it|them|that|this))\b(?! to (?!me\b))",
    ),
    (
        "en",
        MEDIUM,
        rf"\b{YOU} (?:can|could) (?:call|text|email) me\b(?=\s*(?:$|[.!?,]|now|later|tonight|"
        r"tomorrow|anytime|when|whenever|if|at|on|back|after|before|around|sometime|please))",
    ),
    ("en", MEDIUM, rf"\b{YOU} (?:can|could) call(?: or not)?\s*(?:[.!?]|$)"),
    (
        "en",
        MEDIUM,
        rf"(?:^|\b(?:{YOU}|{YOUR}) (?:\S+ )?)(?:able to|want to|wanna|going to|gonna|planning to"
        rf"|planning on|still|gotta|have to|need to|wan to|wan 2) (?:call|calling|text|texting"
        rf"|txt|ring|phone)(?: (?:me|tonight|later|now|back|first)\b|\s*\?)|\b(?:are|r) {YOU}"
        rf" (?:calling|texting"
        rf"|going to call|gonna call)(?: me| now| tonight| later)?\s*(?:[?/.!]|$)",
    ),
    (
        "en",
        WEAK,
        r"(?<!people )(?<!they )(?<!friends )(?<!everyone )(?<!what )(?<!guys )(?<!\bto )"
        r"(?<!they would )(?<!people would )(?<!may )(?<!might )(?<!didnt )(?<!did not )"
        r"(?<!doesnt )(?<!never )\b(?:call|ring|phone) me\b"
        # ... but not a name or a label: "you can call me julia", "call me crazy", "call me out"
        r"(?! (?!(?:now|later|tonight|tomorrow|back|collect|asap|anytime|sometime|soon|please|"
        r"ok|okay|again|first|then)\b)[a-z]+(?: (?:lol|haha|hehe|lmao|rofl|please|ok))*\s*[.!?]*$)"
        rf"{NAMING}(?! (?:what|an|crazy|stupid|old|lazy|weird|this(?! (?:weekend|week|morning"
        r"|afternoon|evening)\b)|maybe|silly|naive|paranoid|cynical|jealous|selfish|sentimental"
        r"|that)\b)",
    ),
    (
        "en",
        WEAK,
        r"(?<!people )(?<!they )(?<!friends )(?<!everyone )(?<!guys )(?<!\bto )(?<!didnt )"
        r"(?<!did not )(?<!doesnt )(?<!never )\b(?:text|txt|sms|email|e-mail|buzz) me\b",
    ),
    (
        "en",
        STRONG,
        r"(?:\b(?:can|could|will|would|are|r) (?:you|ya|yu|yuo)(?: be)?(?: able to)?|\blets|\bwe"
        r" (?:can|could)|\bcan we|\bcould we|\b(?:you |ya |yu )?(?:wanna|want to|able to)) (?:talk"
        r"|chat|speak) (?:to me |with me )?(?:on|over) the (?:phone|fone|cell)\b",
    ),
    ("en", MEDIUM, r"\bleave me a (?:voicemail|voice mail|vm)\b"),
    (
        "en",
        STRONG,
        # "sent me" only from the other ("u sent me a email"), not "the bank sent me an email"
        rf"(?<!they )(?<!\bhe )(?<!she )(?<!\bit )(?<!who )(?<!someone )"
        rf"\b(?:send|shoot|drop|write) me (?:an? )?(?:email|e-mail|mail|text|txt|sms)\b"
        rf"|(?:^|\b{YOU} |\bdid {YOU} )sent me (?:an? )?(?:email|e-mail|mail|text|txt|sms)\b",
    ),
    ("en", STRONG, r"\b(?:on|over|talk on) the phone (?:with me|sometime|tonight)\b"),
    (
        "en",
        STRONG,
        rf"\bsend (?:it|them|this|that|the \S+|\S+) to (?:my|{YOUR}) (?:email|e-mail|phone|cell)\b",
    ),
    (
        "en",
        STRONG,
        r"\b(?:lets|wanna|want to|can we|we can|could we) (?:voice|phone) (?:chat|call)\b|"
        r"\b(?:voice|phone) (?:chat|call) (?:me|with me)\b",
    ),
    (
        "en",
        STRONG,
        r"\b(?:go|move|come|talk|take (?:it|this)) (?:to |in )?(?:private|pm|a private (?:chat"
        r"|room))\b",
    ),
    ("en", MEDIUM, r"\b\(?[0-9]{3}\)?[-. ][0-9]{3}[-. ][0-9]{4}\b"),
    # More shapes of moving to the phone or another service: asking for or offering a phone
    # number in other words, proposing calls ("could i call you", "call my cell", "call
    # anytime"; not "what can i call you" or "you can call me sam"), chatting on the phone,
    # asking whether the other will have a phone there, a message that is just a webmail
    # address or a profile link.
    (
        "en",
        MEDIUM,
        rf"\b(?:give|get|send|tell|text|need|want|got|have|whats|what is|whast|wats) (?:me )?"
        rf"(?:\S+ ){{0,2}}?(?:(?:{YOUR}|yourt|the rest of {YOUR}|my) (?:{PHONE_KIND} )?|a "
        rf"{PHONE_KIND} )(?:(?:number|num)\b(?! of\b)|#(?=\s|$|[?.!]))",
    ),
    (
        "en",
        MEDIUM,
        rf"(?<!what )\b(?:can|could|may|should|shall) ?i (?:call|text|phone|ring) (?:you|ya|u)\b"
        rf"|\b{YOU} (?:can|could|should|better|gotta|have to|need to|will) call(?: me(?=\s*(?:$"
        r"|[.!?,]|(?:at|on|when|tonight|tomorrow|tommorrow|later|back|anytime|now|if|after|before"
        r"|ok|okay|k|please|pls|sometime|today|there)\b))| my| anytime| tonight| tomorrow"
        r"| tommorrow| later| when| at)\b|\bcall (?:my cell|my phone|my house|my home|anytime)\b"
        rf"|\bready to call\b(?! it\b| 911\b)|\bwish {YOU} (?:could|would) call\b",
    ),
    (
        "en",
        MEDIUM,
        r"\b(?:we|us|lets|you|u|ya) (?:can |could |should |will )?(?:\S+ )?(?:chat|talk|do our"
        rf" chat) (?:on|over) the phone\b|\bwill {YOU} (?:have|get) (?:a |{YOUR} )?(?:phone|cell"
        rf"|cellphone)\b|\bdo {YOU} have (?:a |{YOUR} )?(?:\S+ )?(?:phone|cell|cellphone) (?:there"
        r"|at home|with you|on you)\b",
    ),
    (
        "en",
        MEDIUM,
        r"^(?:ok |okay |its |it is |mine is |my (?:e-mail|email|yahoo|addy|address) is |email me"
        r" at |mail me at |add )?[\w.-]+@(?:yahoo|hotmail|aol|msn|live)\.com\s*[.!]*\s*$"
        r"|^(?:http:/+)?(?:www\.)?(?:myspace|facebook)\.com/\S+\s*$"
        r"|^(?:so |ok |just |pls |please )?add me\s*[.!?]*\s*$",
    ),
    # Spanish
    ("es", STRONG, rf"\bagr[eé]game (?:a |en |al |por )?(?:{APP})\b"),
    (
        "es",
        STRONG,
        rf"\b(?:p[aá]same|dame|m[aá]ndame|env[ií]ame|pasa|manda) (?:tu|el) (?:n[uú]mero|"
        rf"tel[eé]fono|cel|celular|whats|{APP})\b",
    ),
    (
        "es",
        STRONG,
        rf"\b(?:hablemos|sigamos|seguimos|vamos a hablar|podemos hablar|hablamos) (?:por|en) "
        rf"(?:{APP}|privado|whats|tel[eé]fono)\b",
    ),
    ("es", STRONG, rf"\bescr[ií]beme (?:al|por|en|a) (?:{APP}|privado|whats|mi n[uú]mero)\b"),
    ("es", MEDIUM, rf"\b(?:tienes|tenes|tenés) (?:{APP})\b"),
    ("es", MEDIUM, r"\bll[aá]mame\b|\bte (?:llamo|puedo llamar)\b|\bmi n[uú]mero es\b"),
    # giving one's own number or mail, asking for theirs by mail
    (
        "es",
        STRONG,
        rf"\bte (?:paso|doy|mando|env[ií]o) mi (?:n[uú]mero|cel|celular|whats|correo|{APP})\b"
        rf"|\b(?:m[aá]ndame|env[ií]ame|escr[ií]beme) un (?:correo|mail|email)\b",
    ),
    # German
    ("de", STRONG, rf"\b(?:add|adde|füg|füge) mich (?:auf|bei|in|über) (?:{APP})\b"),
    (
        "de",
        STRONG,
        rf"\b(?:gib|schick|sag|schreib) mir (?:mal )?deine (?:nummer|handynummer|telefonnummer|"
        rf"{APP})\b",
    ),
    ("de", STRONG, rf"\bschreib(?:e)? mir (?:auf|bei|über|per|in|privat) (?:{APP})?\b"),
    ("de", MEDIUM, rf"\bhast du (?:{APP})\b"),
    (
        "de",
        STRONG,
        rf"\blass uns (?:auf|bei|über|in|per) (?:{APP}|privat|telefon) (?:schreiben|reden|chatten|"
        rf"weiterschreiben|telefonieren)\b",
    ),
    ("de", MEDIUM, r"\bruf mich an\b|\bkann ich dich anrufen\b|\bmeine nummer ist\b"),
    (
        "de",
        STRONG,
        rf"\bich (?:gebe|geb|schick|schicke|sende) dir meine (?:nummer|handynummer|e-mail|email"
        rf"|mail|{APP})\b|\bschreib mir (?:eine |ne )?(?:mail|e-mail|email|sms)\b",
    ),
    # French
    ("fr", STRONG, rf"\bajoute[- ]?moi (?:sur|[àa]|en) (?:{APP})\b"),
    (
        "fr",
        STRONG,
        rf"\b(?:donne|envoie|passe|file)[- ]?moi ton (?:num[ée]ro|num|06|t[ée]l|{APP})\b",
    ),
    ("fr", STRONG, rf"\b[ée]cris[- ]?moi (?:sur|en|par) (?:{APP}|priv[ée]|mp)\b"),
    ("fr", MEDIUM, rf"\b(?:t'as|tu as) (?:{APP})\b"),
    (
        "fr",
        STRONG,
        rf"\bon (?:parle|continue|se parle|discute) (?:sur|en|par) (?:{APP}|priv[ée]|mp)\b",
    ),
    (
        "fr",
        MEDIUM,
        r"\bappelle[- ]?moi\b|\bje (?:peux|vais) t'appeler\b|\bmon num[ée]ro (?:c'est|est)\b",
    ),
    (
        "fr",
        STRONG,
        rf"\bje (?:te donne|t'envoie|te passe|te file) mon (?:num[ée]ro|num|06|tel|mail|e-mail"
        rf"|{APP})\b|\benvoie[- ]?moi un (?:mail|e-mail|email|sms|texto)\b",
    ),
    # Dutch
    ("nl", STRONG, rf"\b(?:voeg|add) (?:me|mij) (?:toe )?(?:op|via|aan|in) (?:{APP})\b"),
    ("nl", STRONG, rf"\b(?:geef|stuur) (?:me|mij) (?:je|jouw) (?:nummer|06|{APP})\b"),
    (
        "nl",
        STRONG,
        rf"\b(?:zullen we|laten we|kunnen we) (?:verder )?(?:praten|chatten|appen|bellen) "
        rf"(?:op|via|in) (?:{APP}|priv[ée])\b",
    ),
    ("nl", MEDIUM, rf"\bheb (?:je|jij) (?:{APP})\b|\b(?:app|whatsapp|snap) (?:me|mij)\b"),
    ("nl", MEDIUM, r"\bbel (?:me|mij)\b|\bmag ik (?:je|jou) bellen\b|\bmijn nummer is\b"),
    (
        "nl",
        STRONG,
        rf"\bik (?:geef|stuur) (?:je|jou) mijn (?:nummer|06|mail|e-mail|{APP})\b"
        rf"|\b(?:stuur|mail) (?:me|mij) (?:een )?(?:mail|e-mail|email|sms|berichtje)\b",
    ),
    # Portuguese
    ("pt", STRONG, rf"\bme (?:adiciona|adicione|add) (?:no|na|em|pelo) (?:{APP})\b"),
    (
        "pt",
        STRONG,
        rf"\b(?:me )?(?:passa|manda|d[áa]|me d[áa]) (?:o )?(?:seu|teu) (?:n[uú]mero|zap|whats|"
        rf"cel|{APP})\b|\bqual (?:[ée] )?(?:o )?(?:seu|teu) (?:n[uú]mero|zap|whats|{APP})\b",
    ),
    (
        "pt",
        STRONG,
        rf"\b(?:vamos|bora|podemos) (?:conversar|falar|continuar) (?:no|pelo|por|na) "
        rf"(?:{APP}|privado|pv|whats|telefone)\b",
    ),
    ("pt", STRONG, rf"\b(?:me )?chama (?:no|na|pelo) (?:{APP}|pv|privado|direct|whats)\b"),
    ("pt", MEDIUM, rf"\b(?:voc[eê]|vc) tem (?:{APP})\b"),
    ("pt", MEDIUM, r"\bme liga\b|\bposso te ligar\b|\bmeu n[uú]mero [ée]\b"),
    (
        "pt",
        STRONG,
        rf"\b(?:te passo|te dou|te mando|vou te passar) (?:o )?meu (?:n[uú]mero|zap|whats|cel"
        rf"|e-?mail|{APP})\b|\bme (?:manda|envia) (?:um )?(?:e-?mail|sms)\b",
    ),
)

IMAGE_REQUEST: Final[tuple[Rule, ...]] = (
    # "let me see another pic please", "i want a pic of you like this"
    (
        "en",
        MEDIUM,
        rf"\blet me see (?:a |another |more |some |{YOUR} |the |that )?(?:new |other |sexy |hot"
        rf" |cute )?{PHOTO}",
    ),
    (
        "en",
        MEDIUM,
        rf"\bi (?:want|wanna|would like|d like|need|would love|d love) (?:a |another |more |some"
        rf" |a few )?(?:new |sexy |hot |cute )?{PHOTO} of (?:{YOU}|yourself)\b",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:send|email|text|snap|show|give|mail) me (?:a |an |some |any |more |another |the |"
        rf"{YOUR} |that |one |those |more of |a few )?(?:new |sexy |naughty |nice |good |hot "
        rf"|cute |"
        rf"recent |real |full body )?{PICS}\b",
    ),
    (
        "en",
        MEDIUM,
        rf"(?<!to )(?<!\bcould )(?<!\bcan )(?<!\bcant )(?<!\bi )(?<!\bwe )(?<!\byou )"
        rf"\bsend (?:some |more |a few |{YOUR} )?(?:new |sexy |naughty |hot |cute )?"
        rf"(?:pics|pictures|photos|nudes|selfies)\b",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:can|could|may|will|would) (?:i|{YOU}) (?:see|get|have|send me|show me) "
        rf"(?:a |some |any |more |another |{YOUR} |a few )?(?:new |recent |real |sexy |hot )?"
        rf"{PICS}\b|\blet me see (?:a |some |{YOUR} |more )?{PICS}\b",
    ),
    (
        "en",
        MEDIUM,
        rf"\b(?:do|did) {YOU} (?:have|got) (?:a |any |some |more |a few )?(?:other )?"
        rf"(?:pic|pics|picture|pictures|photo|photos|{CAM})\b",
    ),
    (
        "en",
        MEDIUM,
        rf"\b(?:have|got|any) (?:a |any )?(?:more )?(?:pic|pics|picture|pictures|photo|photos"
        rf"|{CAM}) ?\?",
    ),
    # "u got pic?", "you have a pic phone?" opening the message
    (
        "en",
        MEDIUM,
        rf"^(?:so |and |hey |ok |well |do )?{YOU} (?:have|got) (?:a |any |some |more |a few )?"
        rf"(?:pic|pics|picture|pictures|photo|photos)\b",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:any|more|got any|have any) {PICS} (?:of {YOU}|of yourself|{YOU} can send|on)\b",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:turn|put|switch|get|hop|go|come) on (?:{YOUR} |the |a )?{CAM}\b|\b{CAM} on\s*\?",
    ),
    (
        "en",
        STRONG,
        r"\b(?:cam to cam|c2c)\b|\b(?:lets|wanna|want to|can we|we can|could we) (?:video chat|"
        r"video call|facetime|cam)\b|\b(?:video chat|video call|facetime) (?:me|with me)\b",
    ),
    ("en", STRONG, rf"\btake (?:a |some |more )?(?:{PICS}) of (?:{YOU}|yourself)\b"),
    (
        "en",
        STRONG,
        rf"\b(?:will|would|can|could) {YOU} (?:send|email|e-mail|text|show|snap) (?:me )?"
        rf"(?:a |an |some |{YOUR} |more |another )?{PICS}",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:leave|keep|turn|put) (?:the |{YOUR} )?{CAM} on\b|\b(?:is|have|got|get) {YOUR}"
        rf" {CAM} on\b",
    ),
    # wishing for the other's cam or picture: "wish u had a cam", "wish i had a pic of you"
    (
        "en",
        MEDIUM,
        rf"\bwish {YOU} (?:had|have|got|could get) (?:a |an )?(?:{CAM}|pic|pics|picture|pictures"
        rf"|photo|cam ?phone|camera ?phone|pic ?phone)\b|\bwish i (?:had|have|could see|could get)"
        rf" (?:a |an |some |more |{YOUR} )?(?:\S+ )?(?:pic|pics|picture|pictures|photo|photos)\b",
    ),
    # asking the other to share theirs: "can u copy ur pic", "lets trade pics"
    (
        "en",
        MEDIUM,
        rf"\b(?:can|could|cant|will|would|wont|why dont) {YOU} (?:copy|share|upload|load|post"
        rf"|put up|attach|forward) (?:me )?(?:{YOUR} |a |some |more )(?:\S+ )?{PICS}|\b(?:lets"
        rf"|wanna|want to|can we|we can|we could|could we) (?:share|trade|swap|exchange) {PICS}"
        rf"|\bopen {YOUR} (?:share |shared )?(?:pics|pictures|photos|album|photo album)\b",
    ),
    # a picture of the other undressed: "of you naked", "pic of u in your bikini"
    (
        "en",
        MEDIUM,
        rf"\b(?:pic|pics|picture|pictures|photo|photos|one|some|any|more|see|watch) of {YOU}"
        rf" (?:naked|nude|topless|in (?:a |your |that |those |just )?(?:\S+ )?(?:bikini|bakini|bra"
        rf"|underwear|panties|thong|lingerie|swimsuit|bathing suit|towel))\b"
        rf"|^of {YOU} (?:naked|nude|topless)\b",
    ),
    ("en", MEDIUM, rf"\b(?:see|watch) (?:{YOU}|me) on (?:the |{YOUR} )?{CAM}\b"),
    (
        "en",
        MEDIUM,
        rf"\b(?:i want to|i wanna|let me|can i|i would love to|id love to|would love to|love to"
        rf"|like to|wish i could|i cant wait to|i need to|i gotta) (?:see|c"
        rf"|watch) (?:{YOU} (?:naked|"
        rf"nude|in your|on cam|without|in (?:a |that |those |just )?(?:\S+ )?(?:bikini|bakini|bra"
        rf"|underwear|panties|thong|lingerie|swimsuit|bathing suit|towel))|more of {YOU}"
        rf"|what {YOU} look like|yours|{YOUR} (?:body|face|pic|pics|picture|pictures|photos?"
        rf"|tits|boobs|pussy|ass|breasts|chest|bra|panties))\b",
    ),
    # The general shapes of a request, up to three words between its parts (the phrasings
    # above spell the frequent ones): wanting to see a photo (not "you want to see my
    # pics?" nor "want to see a pic?" opening a message: offers), having one taken or sent
    # for the speaker, asking for one, asking for more or other photos, watching the other
    # on cam. Photos only, not videos, and not "pic" for "pick" ("pic you up").
    (
        "en",
        MEDIUM,
        rf"(?<=.)(?<!\byou )(?<!\bu )(?<!\bya )(?<!ü )\b(?:want|wanna|would love|would like|love"
        rf"|need|dying|gotta|for me) to (?:see|look at|get|have) (?:(?!my\b|me\b)\S+ ){{0,3}}?"
        rf"{PHOTO}(?! of (?:me|my|mine|it|him|her|them)\b)",
    ),
    (
        "en",
        MEDIUM,
        rf"\b(?:send|take|make|email|e-mail|post|show|snap|text|upload|put up|get|share|trade"
        rf"|save) (?:me (?:\S+ ){{0,3}}?{PHOTO}|(?:\S+ ){{0,3}}?{PHOTO} (?:of {YOU}\b|of "
        rf"yourself|for me|to me))",
    ),
    (
        "en",
        MEDIUM,
        rf"\bask(?:ing|ed)? (?:{YOU} )?for (?:a |an |some |{YOUR} |more |another |any )?{PHOTO}",
    ),
    (
        "en",
        MEDIUM,
        rf"\b(?:any|got|have|more|anymore|any more|ne more)(?: (?:more|other|another|new"
        rf"|recent|updated))? {PHOTO}(?: of {YOU})?\s*\?",
    ),
    ("en", MEDIUM, rf"\b(?:see|look at|watch) {YOU} on (?:the |{YOUR} |a )?(?:{CAM}|video)\b"),
    # Spanish
    (
        "es",
        STRONG,
        r"\b(?:m[aá]ndame|env[ií]ame|p[aá]same|manda|env[ií]a|pasa|m[aá]ndale|quiero ver) "
        r"(?:una |unas |tu |tus |m[aá]s |otra |alguna )?(?:foto|fotos|selfie|video|v[ií]deo"
        r"|pack)\b",
    ),
    ("es", STRONG, r"\b(?:prende|enciende|activa|pon|abre) (?:la |tu )?(?:c[aá]mara|cam|webcam)\b"),
    ("es", STRONG, r"\bvideo ?llamada\b|\bhacemos (?:una )?video\b"),
    ("es", MEDIUM, r"\b(?:tienes|tenes|tenés) (?:c[aá]mara|cam|webcam|fotos)\b"),
    ("es", MEDIUM, r"\b(?:una|unas|m[aá]s|otra) fotos? (?:tuyas?|de ti)\b"),
    # German
    (
        "de",
        STRONG,
        # "send" only with "mir": "send pics" alone is English, which has its own rules
        r"\b(?:(?:schick|schicke) (?:mir |mal |doch |bitte )*|(?:send|sende) mir (?:mal |doch "
        r"|bitte )*)(?:ein |eins |ein paar |deine |dein |mehr |noch )?(?:bild|bilder|foto|fotos"
        r"|pic|pics|selfie|video|nacktbilder)\b",
    ),
    (
        "de",
        STRONG,
        r"\b(?:mach|mache|schalte|schalt) (?:deine |die |mal )?(?:cam|kamera|webcam) an\b",
    ),
    # written as one word in German; "video chat" is English and has its own rules
    ("de", STRONG, r"\bvideo(?:anruf|chat|telefonie|call)\b|\bvideo-(?:anruf|chat|call)\b"),
    ("de", MEDIUM, r"\bhast du (?:eine |ne )?(?:cam|webcam|kamera|bilder|fotos)\b"),
    ("de", MEDIUM, r"\b(?:ein|eins|ein paar|mehr|noch ein) (?:bild|bilder|foto|fotos) von dir\b"),
    ("de", STRONG, r"\b(?:zeig|zeige) (?:mir |mal )+(?:dich|ein bild|ein foto|deinen|deine)\b"),
    # French
    (
        "fr",
        STRONG,
        r"\b(?:envoie|envoies|envois|envoi|envoye|passe|montre)[- ]?moi (?:une |des |ta |tes |"
        r"d'autres |encore )?(?:photo|photos|selfie|vid[ée]o|pic|nude|nudes)\b",
    ),
    ("fr", STRONG, r"\b(?:allume|active|mets|ouvre) (?:ta |la )?(?:cam|cam[ée]ra|webcam)\b"),
    ("fr", STRONG, r"\bappel vid[ée]o\b|\bvisio\b|\b(?:un|en) facetime\b"),
    ("fr", MEDIUM, r"\b(?:t'as|tu as) (?:une |la )?(?:cam|webcam|cam[ée]ra)\b"),
    ("fr", MEDIUM, r"\b(?:une|des|d'autres) photos? de toi\b"),
    ("fr", STRONG, r"\bmontre[- ]?moi (?:ton|ta|tes|toi)\b"),
    # Dutch
    (
        "nl",
        STRONG,
        r"\b(?:stuur|stuurt|zend) (?:me|mij|je|jij)? ?(?:eens |even |nog )*(?:een |je |jouw )?"
        r"(?:foto|foto's|fotos|pic|pics|selfie|filmpje|video|naaktfoto)\b",
    ),
    ("nl", STRONG, r"\b(?:zet|doe) (?:je |jouw |de )?(?:cam|camera|webcam) aan\b"),
    ("nl", STRONG, r"\bvideo ?bellen\b|\bvideogesprek\b|\bfacetimen\b"),
    ("nl", MEDIUM, r"\bheb (?:je|jij) (?:een )?(?:cam|webcam|camera|foto's|fotos)\b"),
    ("nl", MEDIUM, r"\b(?:een|meer|nog een) (?:foto|foto's|fotos) van (?:jou|je|jezelf)\b"),
    # Portuguese
    (
        "pt",
        STRONG,
        r"\b(?:manda|mande|envia|envie|me manda|me envia|me mostra) (?:uma |umas |sua |tua |"
        r"mais |outra )?(?:foto|fotos|selfie|v[ií]deo|nude|nudes|pack)\b",
    ),
    (
        "pt",
        STRONG,
        r"\b(?:liga|abre|ativa|liga a|abre a) (?:a |sua |tua )?(?:c[âa]mera|cam|webcam)\b",
    ),
    ("pt", STRONG, r"\bchamada de v[ií]deo\b|\bvideo ?chamada\b"),
    ("pt", MEDIUM, r"\b(?:voc[eê]|vc) tem (?:foto|fotos|cam|c[âa]mera|webcam)\b"),
    ("pt", MEDIUM, r"\b(?:uma|umas|mais|outra) fotos? (?:sua|suas|tua|tuas|de voc[eê]|de vc)\b"),
)

MEETING: Final[tuple[Rule, ...]] = (
    (
        "en",
        STRONG,
        rf"\b(?:lets|let us|shall we|we (?:should|could|can|will|gotta|have to|need to|must)|"
        rf"want to|wan 2|want 2|i want to|id like to|can we|could we|cant wait to|like to|love to"
        rf"|wanted to|when can we|when (?:should|will|do) we) (?:finally |ever |actually |still "
        rf"|just |maybe )?(?:meet\b(?: up)?{NOT_THIRD}|hook up\b|get together\b|see each other\b)",
    ),
    # asking the other: "wud u lik to meet", "could u meet tuesday"
    (
        "en",
        STRONG,
        rf"\b(?:would|wud|could|cud|can|will|do) {YOU} meet\b{NOT_THIRD}|\b{YOU} (?:want to|want 2"
        rf"|wan to|wan 2|wana|would like to|wud like to|wud lik to|like to"
        rf"|lik to) meet\b{NOT_THIRD}",
    ),
    (
        "en",
        STRONG,
        rf"(?<!\bpeople )(?<!\bthey )(?<!\bwho )"
        rf"\bmeet (?:me|{YOU}) (?:at|in|outside|by|near|there|somewhere|tonight|tomorrow)\b",
    ),
    (
        "en",
        MEDIUM,
        rf"(?<!nice )(?<!nice to )(?<!good to )(?<!glad to )(?<!great to )(?<!happy to"
        rf" )(?<!pleased to )(?<!nice 2 )(?<!nive )(?<!nive to )(?<!to have )(?<!got to )"
        rf"(?<!pleasure to )(?<!\bthe )(?<!\ba )(?<!\bthey )(?<!another )(?<!\bpeople )(?<!\bwho )"
        rf"\bmeet (?:me|{YOU}|up|in person|face to face|irl)\b(?! with (?!me\b|us\b|{YOU}\b))",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:when|where|how) (?:can|should|do|will|could|would) (?:we|i) (?:meet|see {YOU})\b",
    ),
    ("en", STRONG, r"\b(?:when|if|after|before) we (?:meet|hook up|get together|are together)\b"),
    ("en", MEDIUM, r"\b(?:when|if) we hang(?:in|ing)?(?: out)?\b"),
    ("en", MEDIUM, rf"\b(?:day|time|place|night|where) to meet\b{NOT_THIRD}"),
    # "meet?", "meet where?", "meet at the mall", "meet for lunch"
    (
        "en",
        MEDIUM,
        r"(?:^|[.!?,]\s*)(?:so |ok |okay |then |and |want |wanna |can |could |shall we |should we "
        r"|we |i |ill |will )?meet(?: up)?(?:\?| \?| where| when| what time| outside| downstairs"
        r"| tonight| tomorrow| today| later| now| then| at| in the| by the)",
    ),
    (
        "en",
        STRONG,
        r"\bmeet (?:up )?(?:for|4) (?:lunch|dinner|dnner|breakfast|brunch|coffee|drinks?|a drink"
        r"|a movie|tea|supper|ice cream)\b",
    ),
    ("en", MEDIUM, rf"\bwe (?:are |r )?(?:going|gonna) (?:to )?meet\b{NOT_THIRD}"),
    (
        "en",
        MEDIUM,
        r"\b(?:after|before|at|for|until|till) our (?:meeting|meet|meetup|meet up|get"
        r" together)\b",
    ),
    ("en", STRONG, rf"\bpick {YOU} up\b"),
    (
        "en",
        STRONG,
        rf"\b(?:i|ill|i can|i could|i will|let me|i want to|i wanna|want me to|should i|can i|"
        rf"could i|i am going to|im going to|i am|im|when i) (?:come|drive|fly|travel|coming"
        rf"|comeing"
        rf"|driving) (?:over there|over to {YOUR}|to {YOU}|to see {YOU}|see {YOU}|get {YOU}|"
        rf"visit {YOU}|to {YOUR} (?:house|place|town|city))\b",
    ),
    (
        "en",
        MEDIUM,
        r"\b(?:i will|ill|i can|i could|should i|can i|could i|im going to|i am going to|when i)"
        r" come (?:there|down there|up there)\b|^(?:want|wan|want to|want 2|wan 2) meet(?: up)?"
        r"\s*[?!.]*$",
    ),
    (
        "en",
        STRONG,
        r"\b(?:i|ill|i can|i could|i will|let me|can i|could i|should i|want me to) come over\b",
    ),
    ("en", MEDIUM, rf"\b(?:{YOU} can|{YOU} could|can {YOU}|wanna|want to) come over\b"),
    (
        "en",
        STRONG,
        rf"\b(?:i am|im) (?:coming|driving|going|on my way) to (?:see|meet|visit|get|pick up)"
        rf" {YOU}\b",
    ),
    ("en", STRONG, rf"\bcome (?:see|visit|meet) (?:{YOU}|me)\b|\bvisit {YOU}\b"),
    ("en", WEAK, rf"\b(?:when|once|after) i get (?:there|to {YOUR} (?:house|place))\b"),
    ("en", STRONG, r"\b(?:get|book|rent) (?:a |us a )?(?:hotel|motel)\b|\b(?:hotel|motel) room\b"),
    (
        "en",
        MEDIUM,
        r"\bspend the night (?:with|together|here|at)\b|\bstay (?:the night )?with me\b",
    ),
    ("en", STRONG, r"\b(?:sneak|come|slip) out (?:of the house|to meet|and meet|at night)\b"),
    ("en", MEDIUM, rf"\b(?:come|go) to (?:my|{YOUR}) (?:house|place|apartment|room|hotel)\b"),
    (
        "en",
        MEDIUM,
        # (?<!\w) rather than \b, so that the prefilter keys on "take you", not on "take"
        rf"(?<!\w)take {YOU} (?:(?:out(?: (?:to|for|on))?|to|for) (?:a |the |some )?(?:dinner"
        rf"|dnner|diner|movies?|lunch|the mall|mall|breakfast|brunch|coffee|ice cream|a drink"
        rf"|drinks|shopping|beach|park|eat|date|ride)|out (?:sometime|tonight|tomorrow"
        rf"|this weekend|on a date))\b",
    ),
    # coming over and coming to get the other: "r u gonna come over", "id come get ya"
    (
        "en",
        MEDIUM,
        rf"(?<!did )(?<!why )\b{YOU} (?:\S+ ){{0,2}}?come over\b(?! (?:from|to (?:the|this|that"
        rf"|a|an|linux|ubuntu|windows|mac|fedora|debian))\b)|\b(?:are"
        rf"|r) {YOU} (?:still )?coming over\b",
    ),
    (
        "en",
        STRONG,
        rf"\bcome (?:and )?(?:get|grab|fetch|pick up|collect) {YOU}\b(?! (?:a|an|some|something"
        rf"|anything|the|one|more|another|food|drinks?)\b)",
    ),
    (
        "en",
        MEDIUM,
        rf"\b(?:fetch|collect) {YOU}\b(?! (?:a|an|some|something|anything|the|one|more|another"
        rf"|food|drinks?)\b)|\bpull up (?:next to|beside|outside|in front of|at|to|by)"
        rf" (?:{YOU}|{YOUR}|the)\b",
    ),
    (
        "en",
        MEDIUM,
        r"\b(?:make me|im going to|i am going to|ill|i will|i would|id|i can|i could) drive"
        r" (?:\S+ ){0,2}?(?:all the way|(?:\d+|one|two|three|four|five|six|seven|eight|a few|few"
        r"|couple|a couple of) (?:hours|hrs|miles))\b",
    ),
    (
        "en",
        STRONG,
        rf"\b{STAY} (?:\S+ )?(?:at|to|in) (?:the |a |my |our )?(?:hotel|motel) (?:with me"
        rf"|together)\b|\b(?:we can|we could|we will|well|lets|want to|can we|we should|{YOU} can"
        rf"|{YOU} could) (?:\S+ )?{STAY} (?:\S+ )?(?:at|to|in) (?:the |a |my |our )?(?:hotel"
        rf"|motel)\b|\bthe (?:hotel|motel) (?:thing|with me|together)\b",
    ),
    # invitations: "wanna grab lunch?", "go out with me", "i'll be there at 5"
    (
        "en",
        MEDIUM,
        rf"(?:\b{YOU} (?:want to|wanna|wan to|wan 2|want 2)|\b(?:do|would|wud) {YOU} (?:want to"
        rf"|wanna|like to)|(?:^|[.!?,]\s*)(?:wanna|want to|wan to|wan 2)|\blets|\bshall we|\bcan we"
        rf"|\bshould we|\bwe (?:can|could|should)) (?:go (?:out )?for |go 4 |go out |go |for |4 "
        rf"|grab |get |have |eat )(?:lunch|dinner|breakfast|supper|coffee|drinks|a drink|ice cream"
        rf"|a movie|movies)\b",
    ),
    (
        "en",
        MEDIUM,
        rf"\b(?:will|would|wud|do|can|could) {YOU} (?:\S+ )?go out with me\b|\b(?:want to|wanna|to)"
        rf" go out with me\b|\b(?:{YOU} want to|{YOU} wanna|wanna|lets) go out (?:tonight|tomorrow"
        rf"|sometime|this|on)\b",
    ),
    (
        "en",
        MEDIUM,
        r"\b(?:ill|i will|i can|i should|im going to|i am going to|i may|i might|we will|i could)"
        r" (?:be|get) there (?:at|by|around|early|earlier|before|soon|on time|tomorrow|tonight"
        r"|in (?:a|an|\d+|half|the morning|the evening))\b",
    ),
    (
        "en",
        MEDIUM,
        rf"\b(?:see|meet) {YOU} (?:in person|face to face|irl|in real life|in an hour)\b",
    ),
    (
        "en",
        MEDIUM,
        r"\bhang ?out (?:with me|together|sometime|tonight|this weekend|on the weekend)\b|"
        r"\bwe (?:can|could) (?:just )?hang ?out\b|\b(?:want to|wanna|wan to|wan 2|lets"
        r"|can we|could we|we should|should we|free to) (?:go |come )?hang ?out\b"
        r"(?! with (?!me\b|us\b))",
    ),
    ("en", MEDIUM, r"\bwait for me (?:at|outside|in front|by)\b"),
    ("en", MEDIUM, r"\b(?:make|take) a trip (?:down|up|over|out) (?:to|there|on)\b"),
    (
        "en",
        MEDIUM,
        rf"\b(?:meet|see each other) (?:4|for) real\b|(?<!\bi )(?<!\bhe )(?<!\bshe )"
        rf"\b(?:have|got) (?:to|2) meet\b{NOT_THIRD}",
    ),
    (
        "en",
        MEDIUM,
        r"\b(?:i|ill|i can|i could|i will|cant|cannot|can i) (?:come|drive) (?:down|up) "
        r"(?:there|this weekend|tonight|tomorrow|to see)\b",
    ),
    # More shapes of arranging or looking forward to a meeting: "when we first meet", "if i
    # were to come over", "if we get to hang out", "we can go to the mall", a room at a
    # motel, wanting to see the other ("i want to see you tomorrow", not "... see you smile").
    (
        "en",
        MEDIUM,
        rf"\b(?:when|once|after|before|till|until|if) (?:we|i|you) (?:first|finally|actually|do"
        rf"|eventually) (?:meet|see each other|get together|hook up)\b{NOT_THIRD}"
        r"|\b(?:if|when|once|after|before) i (?:were to |was to |get to |could |do )?(?:come"
        r" over|come get (?:you|ya|u)|pick (?:you|ya|u) up|get there|get to your (?:house|place"
        r"|town))\b"
        r"|\bif we (?:are able to |can |could |get to |do )?(?:hang out|meet|meet up|get"
        r" together|hook up)\b(?! with\b)",
    ),
    (
        "en",
        MEDIUM,
        r"\b(?:we can|we could|wed|we would|we will|well|we should|lets|we gonna|we are going"
        r" to) go (?:to )?(?:the |a )?(?:mall|movies|movie|park|fair|beach|zoo|motel|hotel|my"
        r" place|dinner|lunch|arcade|pool)\b"
        r"|\b(?:in|at|to) (?:the|a) (?:motel|hotel)(?: room)? (?:we|you|i|and)\b"
        r"|\b(?:get|got|rent|book) (?:us )?(?:a )?(?:motel|hotel) room\b|\bput (?:you |u )?in a"
        r" (?:motel|hotel)\b",
    ),
    (
        "en",
        MEDIUM,
        r"\b(?:i want|i wanna|want|wanna|i would rather|id rather|i cant wait|cant wait|i am"
        r" dying|dying|i need) to see (?:you|ya|u)\b(?=\s*(?:$|[.!?,:;)]|(?:so|too|also|again"
        r"|tonight|today|tomorrow|soon|asap|sometime|someday|this|next|in person|irl|alot|a lot"
        r"|more|badly|but|and|hun|baby|babe|sweetie|honey|1st|first)\b))",
    ),
    # Spanish
    (
        "es",
        STRONG,
        r"\b(?:quedamos|nos encontramos|conocernos en persona|vernos en persona|verte en"
        r" persona)\b",
    ),
    (
        "es",
        STRONG,
        r"\b(?:te|la) (?:recojo|paso a buscar)\b|\b(?:voy|ir[eé]) a (?:verte|buscarte|recogerte"
        r"|tu casa)\b",
    ),
    (
        "es",
        STRONG,
        r"\b(?:quieres|queres|querés) (?:que nos veamos|vernos|quedar|conocernos|verme|que te"
        r" vea)\b",
    ),
    (
        "es",
        STRONG,
        r"\b(?:cu[aá]ndo|d[oó]nde) (?:nos vemos|podemos vernos|quedamos|nos encontramos)\b",
    ),
    ("es", WEAK, r"\bnos vemos\b"),
    ("es", MEDIUM, r"\b(?:ven|vente|venite) (?:a|para) (?:mi casa|mi depa|mi cuarto)\b"),
    # German
    (
        "de",
        STRONG,
        r"\b(?:lass uns|wollen wir|sollen wir|können wir|koennen wir|wann) (?:uns )?"
        r"(?:mal |endlich )?(?:treffen|sehen)\b|\btreffen wir uns\b",
    ),
    ("de", STRONG, r"\b(?:ich )?(?:hol|hole) dich (?:ab|von)\b"),
    ("de", STRONG, r"\b(?:ich )?(?:komm|komme) (?:zu dir|dich besuchen|bei dir vorbei)\b"),
    (
        "de",
        STRONG,
        r"\bwillst du (?:mich|dich mit mir) treffen\b|\bpersönlich (?:treffen|kennenlernen)\b",
    ),
    ("de", MEDIUM, r"\bkomm (?:doch )?(?:zu mir|bei mir vorbei|zu mir nach hause)\b"),
    # French
    ("fr", STRONG, r"\bon (?:se voit|se rencontre|se retrouve|peut se voir|pourrait se voir)\b"),
    ("fr", STRONG, r"\bje (?:viens|passe|peux venir|vais venir) te (?:chercher|prendre|voir)\b"),
    (
        "fr",
        STRONG,
        r"\b(?:tu veux|veux[- ]tu|voudrais[- ]tu) (?:me voir|me rencontrer|qu'on se voie|qu'on"
        r" se voit"
        r"|qu'on se rencontre)\b|\bse voir en vrai\b|\bse rencontrer\b",
    ),
    ("fr", MEDIUM, r"\brendez[- ]vous\b"),
    ("fr", MEDIUM, r"\b(?:viens|passe) (?:chez moi|me voir)\b"),
    # Dutch
    (
        "nl",
        STRONG,
        r"\b(?:zullen we|laten we|kunnen we|wil je|willen we) (?:eens |een keer |ergens )?"
        r"(?:afspreken|elkaar (?:zien|ontmoeten|treffen)|ontmoeten)\b",
    ),
    ("nl", STRONG, r"\b(?:ik )?(?:haal|kom) (?:je|jou) (?:op|ophalen)\b"),
    (
        "nl",
        STRONG,
        r"\b(?:ik kom|kom ik) (?:naar je toe|bij je langs|langs)\b|\bin het echt (?:ontmoeten"
        r"|zien)\b",
    ),
    ("nl", MEDIUM, r"\bafspraakje\b"),
    ("nl", MEDIUM, r"\bkom (?:naar mijn huis|naar mij toe|bij mij langs|bij mij thuis)\b"),
    # Portuguese
    (
        "pt",
        STRONG,
        r"\b(?:vamos|bora|quer|podemos|a gente (?:pode|vai)) (?:nos |se )?(?:encontrar|conhecer"
        r"|ver)"
        r"(?: pessoalmente)?\b",
    ),
    ("pt", STRONG, r"\b(?:te )?(?:busco|pego) (?:voc[eê]|vc|em casa|na escola)\b"),
    ("pt", STRONG, r"\b(?:eu )?(?:vou|posso) te (?:buscar|ver|visitar|pegar)\b"),
    (
        "pt",
        MEDIUM,
        r"\bpessoalmente\b|\b(?:a gente )?se (?:encontra|v[êe]) (?:amanh[ãa]|hoje|s[áa]bado)\b",
    ),
    ("pt", MEDIUM, r"\bvem (?:pra|para|na|aqui (?:em|na)) (?:minha )?casa\b"),
)

COERCION: Final[tuple[Rule, ...]] = (
    ("en", STRONG, rf"\b(?:or else|otherwise) {THEN_I} (?:\S+ ){{0,3}}?{THREAT_VERB}\b"),
    (
        "en",
        STRONG,
        rf"\bif {YOU} (?:dont|do not|wont|will not|refuse|stop|tell|block|say no|ignore)"
        rf"(?: \S+){{0,8}}? {THEN_I}(?: \S+)? {THREAT_VERB}",
    ),
    (
        "en",
        STRONG,
        rf"\b{THEN_I} (?:tell|show|send|post) (?:it |them |this |{YOUR} pics |everything )?"
        rf"(?:to )?(?:everyone|everybody|{YOUR} (?:{PARENT}|friends|school|teacher)|the whole"
        rf" school"
        rf"|the cops)\b",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:post|share|send|show|leak|upload|spread) {YOUR} (?:\S+ )?(?:{PICS}) (?:to|online"
        rf"|on|"
        rf"everywhere|with everyone|around)\b",
    ),
    (
        "en",
        WEAK,
        rf"\b{YOU} owe me\b(?! (?:money|one|big|a (?:drink|beer|coffee|lunch|dinner)|lunch|dinner"
        rf"|\$|\d))|\b{YOU} (?:said|promised) {YOU} (?:would|will)\b(?=\s*(?:[.!?,]|$| send"
        rf"| show| do it| come| meet| call| be there))",
    ),
    (
        "en",
        STRONG,
        r"\b(?:dont|do not) make me (?:tell|hurt|send|post|show)\b",
    ),
    (
        "en",
        STRONG,
        rf"(?<!can )(?<!to )\bi know where {YOU} live\b|\b{THEN_I} (?:hurt|kill) {YOU}\b(?!"
        rf" a | an | the | some )",
    ),
    (
        "en",
        STRONG,
        rf"\bif {YOU} (?:really |truly )?(?:loved|cared about|liked|trusted) me {YOU} would\b",
    ),
    ("en", MEDIUM, rf"\b(?:prove|show me) (?:that )?{YOU} (?:love|trust|care about|like) me\b"),
    ("en", WEAK, rf"\b{YOU} (?:are making|make|made) me (?:sad|unhappy|mad|angry|upset|cry)\b"),
    # Left out, for firing mostly without pressure in the train streams and the annotated
    # train part: "or else" closing a message and "dont make me come over there" (jokes),
    # "you'll regret" (advice), "ill find you" (friends).
    # Spanish
    (
        "es",
        STRONG,
        r"\b(?:o si no|si no lo haces|si no me (?:mandas|env[ií]as|haces caso)),? "
        r"(?:\S+ ){0,3}?(?:voy a|le dir[eé]|les dir[eé]|publico|publicar[eé]|subo|subir[eé]|"
        r"mando|mandar[eé])\b",
    ),
    (
        "es",
        STRONG,
        r"\b(?:publico|subo|mando|env[ií]o|enseño|muestro|publicar[eé]|subir[eé]) (?:tus|las)"
        r" fotos\b",
    ),
    (
        "es",
        STRONG,
        r"\ble (?:voy a )?(?:decir|contar|dir[eé]|contar[eé]) (?:a todos|a tus padres|"
        r"a tu (?:mam[áa]|pap[áa]|madre|padre))\b",
    ),
    (
        "es",
        MEDIUM,
        r"\bme (?:lo )?debes\b|\bte vas a arrepentir\b|\bs[eé] d[oó]nde vives\b|\bsi me"
        r" quisieras\b",
    ),
    # German
    (
        "de",
        STRONG,
        r"\b(?:sonst|ansonsten) (?:werde ich|schick ich|zeig ich|erzähl ich|sag ich|poste ich|"
        r"stell ich)\b",
    ),
    (
        "de",
        STRONG,
        r"\b(?:ich )?(?:schick|zeige|zeig|poste|veröffentliche|verschicke|stelle|stell) "
        r"(?:deine|die) (?:bilder|fotos|videos|nacktbilder) (?:an|allen|deinen|ins|online|rum)\b",
    ),
    (
        "de",
        STRONG,
        r"\b(?:ich )?(?:erzähl|erzähle|sag|sage) (?:es |das )?(?:allen|deinen eltern|deiner"
        r" mutter)\b",
    ),
    (
        "de",
        MEDIUM,
        r"\bdu schuldest mir\b|\bdas wirst du bereuen\b|\bich wei(?:ß|ss) wo du wohnst\b|"
        r"\bwenn du mich lieben würdest\b",
    ),
    # French
    ("fr", STRONG, r"\bsinon (?:je |j')(?:vais|envoie|publie|montre|dis|balance)\b"),
    (
        "fr",
        STRONG,
        r"\b(?:publier|envoyer|montrer|balancer|diffuser|publie|envoie|balance) (?:tes|les) "
        r"(?:photos|vid[ée]os|nudes)\b",
    ),
    ("fr", STRONG, r"\bje vais (?:le )?dire [àa] (?:tout le monde|tes parents|ta m[èe]re)\b"),
    (
        "fr",
        MEDIUM,
        r"\btu me (?:le )?dois\b|\btu vas le regretter\b|\bje sais o[uù] tu habites\b|"
        r"\bsi tu m'aimais\b",
    ),
    # Dutch
    ("nl", STRONG, r"\banders (?:ga ik|stuur ik|zet ik|vertel ik|laat ik)\b"),
    (
        "nl",
        STRONG,
        r"\b(?:ik )?(?:stuur|zet|laat|verspreid) (?:je|jouw|die|de) (?:foto's|fotos|video's|"
        r"filmpjes|naaktfoto's) (?:rond|online|aan iedereen|op internet|door)\b",
    ),
    ("nl", STRONG, r"\bik vertel het (?:aan |tegen )?(?:iedereen|je ouders|je moeder)\b"),
    (
        "nl",
        MEDIUM,
        r"\bje bent me (?:iets )?schuldig\b|\bspijt van krijgen\b|\bik weet waar je woont\b|"
        r"\bals je echt van me (?:hield|houdt)\b",
    ),
    # Portuguese
    ("pt", STRONG, r"\b(?:sen[ãa]o|se n[ãa]o) (?:eu )?(?:vou|mando|conto|posto|mostro|espalho)\b"),
    (
        "pt",
        STRONG,
        r"\b(?:vou )?(?:postar|mandar|espalhar|vazar|mostrar|posto|espalho|vazo) (?:suas|tuas|as) "
        r"(?:fotos|nudes|v[ií]deos)\b",
    ),
    ("pt", STRONG, r"\b(?:vou )?contar (?:pra|para|a) (?:todo mundo|todos|seus pais|sua m[ãa]e)\b"),
    (
        "pt",
        MEDIUM,
        r"\b(?:voc[eê]|vc) me deve\b|\bvai se arrepender\b|\bsei onde (?:voc[eê]|vc) mora\b|"
        r"\bse (?:voc[eê]|vc) me amasse\b",
    ),
)

# ---------------------------------------------------------------------------------------
# The other labels: English
# ---------------------------------------------------------------------------------------

PERSONAL_INFO: Final[tuple[Rule, ...]] = (
    ("en", STRONG, rf"\bwhere (?:do|did) {YOU} (?:live|stay|go to school)\b|\bwhere {YOU} live\b"),
    (
        "en",
        MEDIUM,
        rf"\bwhere (?:are|r) {YOU} (?:from|located|at|now)\b|\bwhere (?:are )?{YOU}\s*\?",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:what|which) (?:city|town|state|country|area|part|street|neighborhood|school|"
        rf"county|suburb|zip) (?:\S+ ){{0,2}}?(?:do|are|did) {YOU}\b",
    ),
    ("en", STRONG, rf"\b(?:what|which) school\b|\b{YOUR} school\s*\?"),
    (
        "en",
        STRONG,
        rf"\b(?:what(?:s| is)|give me|send me|tell me) {YOUR} (?:home )?(?:address|addy|zip|"
        rf"zip code|last name|full name|real name|surname|school)\b",
    ),
    ("en", MEDIUM, rf"\b{YOUR} (?:address|addy|last name|real name|full name|surname)\b"),
    ("en", MEDIUM, rf"\bwhat(?:s| is) {YOUR} name\b"),
    ("en", STRONG, rf"\b(?:what|whats) {YOUR} (?:phone |cell )?number\b"),
    (
        "en",
        MEDIUM,
        rf"\b(?:do|did) {YOU} live (?:in|near|by|close|with)\b|\b{YOU} live (?:in|near) (?:the"
        rf" )?\S+ ?\?",
    ),
    ("en", MEDIUM, rf"\bhow far (?:away )?(?:are {YOU}|is {YOUR}|do {YOU} live)\b"),
    ("en", MEDIUM, r"\b(?:a|any|the) (?:close ?by|nearby) (?:street|store|park|school|place)\b"),
    ("en", MEDIUM, rf"\bwhat (?:does|do) {YOUR} (?:room|house|home|bedroom) look like\b"),
)

TRUST_BUILDING: Final[tuple[Rule, ...]] = (
    (
        "en",
        STRONG,
        rf"\b{YOU}(?:re| are|r)? (?:so |very |really |such an? |soo |sooo |the most |just |"
        rf"lookin |looking |look |seem )*(?:pretty|beautiful|beautifull|cute|gorgeous|sweet"
        rf"|adorable|"
        rf"amazing|special|smart|lovely|perfect|wonderful|hot|cutie|sweetie|angel|mature|"
        rf"precious|stunning|awesome|the best)\b",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:mature|grown up|older) for {YOUR} age\b|\b(?:older|more mature) than {YOUR} age\b|"
        rf"\b{YOU} (?:seem|act|sound|look) (?:way |so |much )?(?:older|more mature|mature)\b",
    ),
    ("en", STRONG, rf"\bi (?:really |totally |completely )?understand {YOU}\b"),
    (
        "en",
        STRONG,
        rf"\b{YOU} can (?:talk to|tell) me (?:about )?anything\b|\b{YOU} can trust me\b",
    ),
    (
        "en",
        STRONG,
        rf"\bi (?:really |truly |do )?(?:love|luv|adore|miss|missed) {YOU}\b|\blove {YOU}\b"
        rf"|\bmissed ya\b",
    ),
    ("en", MEDIUM, rf"\bi (?:really |do )?(?:like|care about|trust) {YOU}\b"),
    ("en", STRONG, rf"\b{YOU} mean (?:so much|a lot|the world|everything) to me\b"),
    (
        "en",
        MEDIUM,
        r"\b(?:hey|hi|hello|morning|night|goodnight) (?:there )?(?:beautiful|beautifull|gorgeous"
        r"|cutie|sweetie|sweetheart|hottie|pretty|princess|angel|babe|baby|sexy)\b",
    ),
    ("en", MEDIUM, r"\b(?:lil |little )?(?:hottie|cutie|sweetie|princess)\b"),
    (
        "en",
        MEDIUM,
        rf"\b{YOUR} (?:so )?(?:pretty|beautiful|cute|gorgeous|sexy|nice) (?:face|eyes|smile|hair"
        rf"|body|legs|lips)\b",
    ),
    (
        "en",
        STRONG,
        r"\b(?:best|prettiest|cutest|sweetest) (?:girl|boy|person|thing) i (?:have|ve|ever)\b",
    ),
    (
        "en",
        MEDIUM,
        rf"\b(?:hugs?|kisses|kiss) (?:and|&) (?:kisses|hugs|kiss)\b|\bbig hugs?\b|\b(?:hugs"
        rf"|kisses) {YOU}\b",
    ),
    (
        "en",
        MEDIUM,
        rf"\b(?:make|makes) {YOU} feel (?:special|good|loved|beautiful)\b|\bi want to be with"
        rf" {YOU}\b",
    ),
)

GIFTS: Final[tuple[Rule, ...]] = (
    (
        "en",
        STRONG,
        rf"\b(?:i can|i could|i will|ill|i would|id|let me|i want to|i wanna|want me to|i am"
        rf" going to"
        rf"|im going to) (?:buy|get|send|give|bring|pay for) {YOU}\b",
    ),
    ("en", STRONG, rf"\bbuy {YOU} (?:a|an|some|anything|something|stuff|clothes|new)\b"),
    (
        "en",
        STRONG,
        r"\b(?:gift ?cards?|robux|v-?bucks|vbucks|free skins|itunes cards?|amazon cards?)\b",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:give|send|pay) {YOU} (?:some )?(?:money|cash|\$\d+|\d+ (?:dollars|bucks)|a phone|"
        rf"a cell|an iphone|a gift)\b",
    ),
    (
        "en",
        MEDIUM,
        rf"\b(?:anything|whatever) (?:else )?{YOU} (?:need|want)\b|\b{YOU} want anything\b",
    ),
    ("en", MEDIUM, rf"\b(?:a |some )?(?:present|gift|surprise) for {YOU}\b"),
)

ISOLATION: Final[tuple[Rule, ...]] = (
    ("en", STRONG, rf"\b(?:are |r )?{YOU} (?:home )?alone\b|\bhome alone\b"),
    (
        "en",
        STRONG,
        rf"\b(?:is|are) (?:anyone|anybody|any1|someone|somebody|{YOUR} {PARENT}) (?:else )?"
        rf"(?:home|there|around|awake|up|with {YOU})\b",
    ),
    (
        "en",
        STRONG,
        rf"\bwhen (?:is|are|does|do|will|did) {YOUR} {PARENT} (?:\S+ )?(?:get|come|go|leave|be"
        rf"|going|"
        rf"coming|gets|goes|comes) ?(?:home|back|to bed|to sleep|out|away|gone|asleep|to work)?\b",
    ),
    (
        "en",
        STRONG,
        rf"\bwhen {YOUR} {PARENT} (?:goes|go|are|is|leaves|leave|falls) (?:to sleep|to bed|asleep"
        rf"|out|gone|away|to work)\b",
    ),
    ("en", MEDIUM, rf"\bwhere (?:is|are) {YOUR} {PARENT}\b|\bwhere is (?:mom|dad)\b"),
    ("en", MEDIUM, rf"\bwho (?:else )?(?:is|s) (?:home|there|with {YOU})\b"),
    ("en", STRONG, rf"\b{PARENT} (?:is |are )?(?:asleep|gone|out|away|at work|sleeping) ?\?"),
    (
        "en",
        STRONG,
        rf"\b(?:they|{YOUR} {PARENT}|{YOUR} friends) (?:dont|do not|never|will never|cant) "
        rf"(?:understand|get|care about) {YOU} (?:like|the way) i\b",
    ),
    (
        "en",
        STRONG,
        rf"\bonly i (?:understand|get|care about) {YOU}\b|\bjust (?:you and me|the two of us)\b",
    ),
    ("en", MEDIUM, r"\bprivate (?:server|room|channel)\b"),
    ("en", MEDIUM, rf"\bwhen (?:are|will) {YOU} (?:be )?alone\b"),
)

SEXUAL: Final[tuple[Rule, ...]] = (
    (
        "en",
        STRONG,
        r"\b(?:sex|sexual|sexually|horny|naked|nude|nudes|dick|dicks|cock|cocks|penis|pussy|vagina"
        r"|boobs|boobies|tits|titties|nipples?|cum|cumming|orgasms?|masturbat\w*|jerk(?:ing)? off"
        r"|jack(?:ing)? off|blow ?jobs?|bj|oral|69|virgin|condoms?|porn|porno|clit|erection|"
        r"hard ?on|boner|cherry|panties|thong|lingerie|strip|stripping|fuck me|fuck you hard|"
        r"make love|making love|made love|suck (?:it|on it|me|my|your)|lick (?:it|you|your|my)|"
        r"eat (?:you|your) out|eating (?:you|your) out|69|anal|wet for|get hard|so hard|rock hard|"
        r"throbbing|stroke it|stroking|finger (?:yourself|you|your)|fingering|shave (?:your|it"
        r"|down)"
        r"|down there|phone sex|cyber ?sex)\b",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:fuck|fucking|fucked|screw|bang) (?:{YOU}|me|her|him|each other)(?: hard| good|"
        rf" so)?\b(?!\s*(?:up|off|over))",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:have|had|having) (?:ever )?(?:had )?(?:sex|intercourse)\b|\b(?:are|r) {YOU}"
        rf" (?:still )?a virgin\b",
    ),
    ("en", MEDIUM, rf"\b(?:sexy|kinky|naughty|turned on|turn {YOU} on|turns me on|aroused)\b"),
    (
        "en",
        MEDIUM,
        rf"\b(?:{YOUR}|my|her|his) (?:ass|butt|breasts?|chest|body|legs|lips|bra|underwear"
        rf"|privates|private parts)\b",
    ),
    (
        "en",
        MEDIUM,
        rf"\b(?:touch|rub|kiss|feel|taste|lick) (?:{YOU}|{YOUR}(?:self)?|me|it) (?:all over|there"
        rf"|everywhere|softly|slowly)\b",
    ),
    (
        "en",
        MEDIUM,
        rf"\b(?:ever )?(?:done|did|tried) (?:it|a girl|a guy|anything|stuff) with\b|\b{YOU} ever"
        rf" (?:done|had|did|been) (?:it|a girl|a guy|touched|kissed|licked)\b",
    ),
    ("en", MEDIUM, r"(?<!\w)take (?:it|them|your \S+) off\b|\b(?:hair down there|shave)\b"),
)

MINOR_SELF_DISCLOSURE: Final[tuple[Rule, ...]] = (
    *(("en", STRONG, p.pattern) for p in MINOR_CUE_PATTERNS),
    (
        "en",
        STRONG,
        rf"\bmy {PARENT} (?:says|said|wont let|doesnt let|dont let|will kill|would kill|grounded|"
        rf"took|takes|makes me|checks)\b",
    ),
    ("en", STRONG, r"\b(?:im|i am|got|get|was) grounded\b"),
    (
        "en",
        STRONG,
        r"\b(?:im|i am) (?:only )?(?:a kid|a minor|underage|under age|too young|not 18)\b",
    ),
    (
        "en",
        STRONG,
        r"\b(?:im|i am) in (?:middle|high|junior high|elementary|grade) (?:school|skool)\b",
    ),
    ("en", MEDIUM, r"\b(?:i go to|at my) (?:the )?(?:middle|high|junior high) (?:school|skool)\b"),
    (
        "en",
        MEDIUM,
        r"\b(?:i|ill) (?:have to|gotta|got to|need to|will) ask (?:my )?(?:parents|mom|dad|mum)\b",
    ),
    ("en", MEDIUM, r"\b(?:my|our) (?:teacher|homeroom|principal)\b"),
)

ADULT_SELF_DISCLOSURE: Final[tuple[Rule, ...]] = (
    (
        "en",
        STRONG,
        r"\b(?:im|i am|iam)(?: a| an)?(?: [mf])? (?:1[89]|[2-9][0-9])\b(?! ?(?:min|mins|minutes"
        r"|pm|am|"
        r"dollars|bucks|percent|%|miles|feet|inches|lbs|pounds|kg|k|th|st|nd|rd|hours|days|times))",
    ),
    ("en", STRONG, r"(?:^|[\s,(])(?:1[89]|[2-9][0-9]) ?[/-] ?[mf]\b"),
    (
        "en",
        STRONG,
        r"\b(?:1[89]|[2-9][0-9]) ?(?:yo|y/o|yrs? old|years? old)\b(?! (?:girl|boy|kid))",
    ),
    ("en", STRONG, r"\bmy (?:wife|husband|ex ?wife|ex ?husband|grandkids|grandchildren)\b"),
    ("en", MEDIUM, r"\bmy (?:kids|son|daughter|boss|job|employer|mortgage|truck|apartment)\b"),
    (
        "en",
        MEDIUM,
        r"\bi (?:work|worked) (?:as|at|for|in)\b|"
        r"\b(?:im|i am|i was|i just got|i got) (?:at|home from|back from|off) work\b",
    ),
    (
        "en",
        MEDIUM,
        r"\b(?:im|i am) (?:a |an )?(?:\S+ )?(?:engineer|teacher|nurse|doctor|lawyer|mechanic"
        r"|manager|controller|trucker|truck driver|soldier|cop|police officer|firefighter"
        r"|programmer|developer|accountant|salesman|contractor|electrician|plumber)\b",
    ),
    ("en", MEDIUM, r"\b(?:im|i am) (?:divorced|retired|married)\b|\bi drive (?:a|an|my)\b"),
)

RULES: Final[Mapping[str, tuple[Rule, ...]]] = MappingProxyType(
    {
        "age_probe": AGE_PROBE,
        "personal_info": PERSONAL_INFO,
        "trust_building": TRUST_BUILDING,
        "gifts": GIFTS,
        "secrecy": SECRECY,
        "isolation": ISOLATION,
        "off_platform": OFF_PLATFORM,
        "image_request": IMAGE_REQUEST,
        "sexual": SEXUAL,
        "meeting": MEETING,
        "coercion": COERCION,
        "minor_self_disclosure": MINOR_SELF_DISCLOSURE,
        "adult_self_disclosure": ADULT_SELF_DISCLOSURE,
    }
)
