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
# After a word for photos: a photo of a thing or an event, not of the other ("send me a pic
# of the menu", "the pics from saturday").
NOT_THING: Final = (
    r"(?! (?:of|from) (?:the|a|an|that|this|these|those|my|his|her|their|our|it|last|yesterday"
    r"|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|work)\b)"
)
# After turning on a camera: for work or class ("turn on your cam for standup").
NOT_WORK: Final = (
    r"(?! for (?:the |our |this |a )?(?:standup|stand-up|meeting|zoom|class|call|lecture"
    r"|interview|presentation|team|teams|work|school|exam|test)\b)"
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
# After a number: a unit or a range that makes it a time, a distance, a price or a count,
# not an age ("are you 5 min away", "are you 6 foot", "are you 9 to 5", "bist du 10 minuten
# weg"); "years" only when not "years old".
NOT_AGE: Final = (
    r"(?! ?(?:min|mins|minutes?|hours?|hrs?|h|secs?|seconds?|days?|weeks?|wks?|months?|yrs?"
    r"|years?(?! old\b)|foot|feet|ft|inch|inches|cm|km|miles?|mi|meters?|metres?|kg|kilos?"
    r"|lbs?|pounds|percent|%|dollars|bucks|euros?|am|pm|o ?clock|oclock|times|x|people|ppl"
    r"|players|points|pts|th|st|nd|rd|minuten|stunden|tage|uhr|meter|minutos|horas|d[ií]as"
    r"|metros|heures|jours|uur|dagen)\b|:\d|[.,]\d|-\d|/\d| to \d| till \d)"
)
# "5th grade" to "12th grade"; \d keeps the digits out of the prefilter, which finds "th grade".
GRADE: Final = r"(?=[5-9]th|1[0-2]th)\d{1,2}th grade"
# Meeting someone else than the other person ("want to meet a nice guy", "meet them").
NOT_THIRD: Final = (
    r"(?! (?:a(?! (?:few|lot|couple|bit|little)\b)|an|some(?! (?:time|day|weekend|night|place"
    r"|point|afternoon|evening|morning)\b)|someone|somebody|new|other|others|people|ppl|them|him"
    r"|her|his|their|my|your|the|guys|girls|everyone|everybody|anyone|anybody)\b)"
)
# After "meet": a meeting online or in a game, which the guide leaves out ("lets meet online
# at 8 for the raid", "meet in mid lane", "meet in the lobby of the server").
ONLINE: Final = (
    r"(?! (?:online|on (?:discord|skype|msn|yahoo|aim|steam|xbox|psn|teamspeak|ts|vent|zoom"
    r"|teams|the server|server|the game|minecraft|roblox|fortnite)|in (?:game|the game|mid"
    r"|mid lane|top lane|bot lane|the lobby|lobby|the server|discord|vc|voice|chat|the chat"
    r"|the (?:dungeon|raid|arena|match|guild|clan|next (?:round|game|match)))|at spawn"
    r"|in-game)\b)"
)
# After a pick-up or a fetch: a draft or a round of a game, or fetching something for the
# other ("ill pick you up in the draft", "pick u up a coffee").
NOT_FETCH: Final = (
    r"(?! (?:a|an|some|something|anything|the|more|food|drinks?|coffee|lunch)\b"
    r"| (?:in|for|after) (?:the )?(?:draft|next (?:round|game|match)|round|game|match|team|squad"
    r"|party|raid|lobby|level)\b)"
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
        r"^(?:asl|a/s/l)\b(?!\[)(?! (?:is|was|has|class|classes|interpreter|interpreters|course"
        r"|alphabet|signs?|language|teacher|means|stands)\b)|\ba/s/l\b|(?<!\bwhy )(?<!\bin )"
        r"(?<!\buse )(?<!\buses )"
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
    ("en", STRONG, r"\b(?:how|hw|hoe|haw|hwo|hao|howw) old ru\b"),  # "ru": chat spelling of "r u"
    ("en", MEDIUM, rf"\bhow old(?: are)?,? {DEAR}\s*[.!?]*\s*$"),
    ("en", MEDIUM, rf"^(?:so |and |hey |hi )?how old {YOU} are\s*\?"),
    ("en", STRONG, rf"\bhow young (?:are )?{YOU}\b"),
    # a bare "how old?" ends the message or is about the other, not a thing ("how old? like
    # 2 years")
    (
        "en",
        MEDIUM,
        rf"\bhow old\s*(?:\?+(?=\s*$|\s*[!.]|\s+(?:{YOU}|{YOUR}|are|r|i|im|me|lol|haha|btw|again"
        rf"|exactly|now|{DEAR})\b)|$)",
    ),
    # not the age of a game, a limit or a group ("what's your age of empires rank")
    (
        "en",
        STRONG,
        rf"\bwhat(?:s| is)? {YOUR} age\b(?! (?:of|limit|group|range|bracket|category|rating"
        r"|requirement|restriction|gap|difference|cutoff|cut off|class|division|level)\b)",
    ),
    ("en", MEDIUM, rf"(?:^|\band )(?:so )?{YOUR} age is\s*\?"),
    ("en", MEDIUM, rf"(?<!for )\b{YOUR} age\s*\?"),
    ("en", MEDIUM, r"^\bage\b\s*\?"),
    ("en", STRONG, rf"\bwhat (?:grade|year) (?:are )?{YOU}(?: in)?\b"),
    ("en", STRONG, rf"\b(?:what|which) grade\s*(?:\?|$)|\bwhich grade (?:are )?{YOU}\b"),
    ("en", STRONG, rf"\bwhat (?:year|yr) (?:in school|of school|were {YOU} born)\b"),
    ("en", MEDIUM, rf"\bwhen were {YOU} born\b"),
    (
        "en",
        STRONG,
        rf"\bare {YOU} (?:really |actually |only |just |even )?(?:1[0-9]|[5-9])\b{NOT_AGE}",
    ),
    # "u 13 or 14?"
    (
        "en",
        MEDIUM,
        r"(?:^|(?<=^so )|(?<=^and )|(?<=^but )|(?<=^wait )|(?<=^are )|(?<=^r ))"
        rf"{YOU} (?:1[0-9]|[5-9]) or \d{{1,2}}\b",
    ),
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
        rf"\b(?:are|do) {YOU} (?:in|go to) (?:high|middle|junior high|elementary) school\b"
        rf"|^(?:so |and |but )?(?:are |r )?{YOU} (?:in|at|still in) (?:high|middle|junior high"
        r"|elementary) school\s*\?",
    ),
    # one's own age and sex, then the question back: "40 m here and you?", "24/m/fl wbu".
    # The gap is bounded and has no digit, so that a message of many "24 m" stays linear:
    # with ".*" every one of them scanned to the end of the message (quadratic, seconds
    # for 16 KB).
    (
        "en",
        MEDIUM,
        r"(?:\b(?:1[0-9]|[2-9][0-9]) ?/? ?(?:m|f|male|female)\b"
        r"|\b(?:m|f) ?/? ?(?:1[0-9]|[2-9][0-9])\b)"
        r"[^0-9]{0,60}?(?:\b(?:and|n|&) (?:you|u|ya|urs|yours)|\b(?:wbu|hbu|what about you"
        r"|how about you))\s*\??\s*$",
    ),
    # Spanish
    ("es", STRONG, r"\bcu[aá]ntos a[ñn]os (?:tienes|tenes|tenés|ten[ií]s|cumples)\b"),
    ("es", STRONG, r"\b(?:qu[eé]|q|ke) edad (?:tienes|tenes|tenés|ten[ií]s)\b|\btu edad\s*\?"),
    ("es", MEDIUM, r"^\bedad\b\s*\?"),
    ("es", STRONG, r"\ben (?:qu[eé]|q|ke) (?:curso|grado|año|ano) (?:est[aá]s|vas)\b"),
    (
        "es",
        STRONG,
        r"\btienes (?:1[0-9]|[5-9]) o (?:1[0-9]|[5-9])\b|\beres (?:menor|mayor) de edad\b"
        r"|\beres menor\s*\?",
    ),
    (
        "es",
        MEDIUM,
        r"\b(?:vas a|est[aá]s en) (?:la )?(?:secundaria|primaria|prepa|preparatoria)\b"
        r"|\bvas al (?:cole|colegio|instituto)\b|\bde (?:qu[eé]|q) año eres\b",
    ),
    # German
    # a bare "wie alt?" ends the message or comes with one's own age, not with a thing's
    # ("wie alt?? das spiel ist von 2005")
    (
        "de",
        STRONG,
        r"\bwie alt (?:bist|bisst|bis) (?:du|de)\b|\bwie alt biste\b|\bwie alt\s*\?+"
        r"(?=\s*$|\s+(?:ich|du|bin|bist|biste|eigentlich|denn|süße|süsse|schatz|kleine|m|w"
        r"|[1-9][0-9])\b)",
    ),
    ("de", STRONG, r"\bdein alter\s*\?|\bwas ist dein alter\b"),
    (
        "de",
        STRONG,
        r"\b(?:in )?welche(?:r)? klasse (?:gehst|bist) du\b|\bwelcher jahrgang (?:bist du\b|\s*\?)",
    ),
    (
        "de",
        STRONG,
        rf"\bbist du (?:schon |erst |wirklich |echt |überhaupt )?(?:1[0-9]|[5-9])\b{NOT_AGE}",
    ),
    ("de", MEDIUM, r"\bgehst du (?:noch )?(?:zur|in die) schule\b"),
    # French
    ("fr", STRONG, r"\bquel [âa]ge (?:as[- ]tu|tu as|t'as|avez[- ]vous)\b"),
    (
        "fr",
        STRONG,
        r"\b(?:tu as|t'as|ta|tas|vous avez) quel [âa]ge\b|\bton [âa]ge\s*\?"
        r"|\b(?:tu as|t'as|ta|tas) (?:1[0-9]|[5-9]) (?:ou (?:1[0-9]|[5-9]) )?ans\s*\?",
    ),
    (
        "fr",
        STRONG,
        r"\ben quelle classe (?:es[- ]tu|tu es|t'es)\b|\b(?:tu es|t'es|tes) en quelle classe\b"
        r"|\b(?:tu es|t'es|tes) (?:majeure?|mineure?)\s*\?",
    ),
    # "t'es en 4ème?", "tu es au collège?"
    (
        "fr",
        MEDIUM,
        r"\b(?:tu es|t'es|tes) en [3-6] ?(?:e|eme|ème)\b|\b(?:tu es|t'es|tes|tu vas) au"
        r" (?:coll[èe]ge|lyc[ée]e)\b",
    ),
    # Dutch
    # "wat" reads as "what" after normalisation; a bare "hoe oud?" as the German "wie alt?"
    (
        "nl",
        STRONG,
        r"\bhoe oud (?:ben|bn|bent) (?:je|jij|u|you)\b|\bhoe oud benje\b|\bhoe oud\s*\?+"
        r"(?=\s*$|\s+(?:ik|je|jij|ben|bn|eigentlich|eigenlijk|schat|lieverd|m|v|[1-9][0-9])\b)",
    ),
    ("nl", STRONG, r"\b(?:wat|what) is (?:je|jouw) leeftijd\b|\bleeftijd\s*\?"),
    (
        "nl",
        STRONG,
        r"\bin welke (?:klas|groep) zit (?:je|jij)\b|\b(?:welk|wat voor) jaar ben (?:je|jij)"
        r" geboren\b|\bwanneer ben (?:je|jij) geboren\b",
    ),
    ("nl", STRONG, rf"\bben (?:je|jij) (?:al |nog |echt |pas )?(?:1[0-9]|[5-9])\b{NOT_AGE}"),
    (
        "nl",
        MEDIUM,
        r"\bzit (?:je|jij) (?:al |nog )?op (?:de )?(?:middelbare|basisschool|lagere school)\b",
    ),
    # Portuguese
    # a bare "tem" only as the question to the other ("quantos anos tem?"), not of a third
    # party ("quantos anos tem o seu cachorro")
    (
        "pt",
        STRONG,
        r"\b(?:quantos|qts|qnts) anos (?:voc[eê] tem|vc tem|tu tens|tens|tem(?=\s*(?:[?!.]|$)"
        r"|\s+(?:voc[eê]|vc|tu|gata|gatinha|linda|lindinha|amor|princesa|gatinho|lindo)\b))"
        r"|\b(?:voc[eê]|vc|tu) tem quantos anos\b|^(?:e )?tem quantos anos\b",
    ),
    (
        "pt",
        STRONG,
        r"\b(?:que|qual) idade (?:tens|tem|voc[eê] tem|vc tem)\b|\b(?:voc[eê]|vc|tu) (?:[eé]|eh)"
        r" (?:de )?menor(?: de idade)?\s*\?|\b(?:voc[eê]|vc|tu) (?:[eé]|eh) maior de idade\b"
        r"|^(?:e )?(?:voc[eê] |vc )?tem (?:1[0-9]|[5-9]) ou (?:1[0-9]|[5-9])\b",
    ),
    ("pt", STRONG, r"\bqual (?:[eé] )?(?:a )?(?:sua|tua) idade\b|^idade\s*\?"),
    (
        "pt",
        STRONG,
        r"\bem que (?:s[eé]rie|ano) (?:voc[eê]|vc|tu) (?:est[aá]|estuda|tá|ta)\b"
        r"|\b(?:voc[eê]|vc|tu) (?:est[aá]|t[aá]) em que (?:s[eé]rie|ano)\b",
    ),
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
    # not "our secret santa" or a recipe
    (
        "en",
        STRONG,
        r"\bour (?:little |lil |big )?secrets?\b(?! (?:santa|recipe|ingredient|sauce|weapon"
        r"|menu|level)\b)",
    ),
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
        r" be|must be|should be|remains|would be|would have to be|will have to be|have to be)"
        r" (?:a|our) (?:little |lil |special )?secret\b",
    ),
    (
        "en",
        STRONG,
        r"(?<!they )(?<!people )\bkeep (?:it|this|us|that|things|everything|what we|you)"
        r" (?:\S+ ){0,2}?"
        r"(?:a secret|secret|between us|quiet|hidden|on the (?:down ?low|low|dl)|lowkey|hush"
        r"|to (?:yourself|ourselves))(?!,? but\b)",
    ),
    (
        "en",
        STRONG,
        r"\b(?:just|only|stay|stays|staying|keep (?:it|this|that)|remains?|strictly) between "
        r"(?:you and me|you and i|me and you|us)\b(?!,? but\b)",
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
    # asked of the other or of both, not "i can keep a secret": "you have to keep the secret",
    # "as long as we keep secret"; and a promise traded for one, "i wont tell if you dont"
    (
        "en",
        STRONG,
        rf"\b(?:{YOU}|we) (?:(?:have to|has to|gotta|got to|must|need to|should|better|will|"
        r"would) )?keep (?:the |this |our |that )?secret\b",
    ),
    (
        "en",
        STRONG,
        rf"\bi (?:wont|will not|wouldnt|would not|am not gonna|am not going to) tell (?:if|as long"
        rf" as) {YOU} (?:dont|wont|do not|will not)\b",
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
    # showing the chat to no one, deleting it once read, the cover story for a parent
    (
        "en",
        STRONG,
        rf"\b{NOT_TO}show (?:anyone|anybody|any ?one|no ?one|nobody|{YOUR} {PARENT}) (?:our|these"
        r"|this|my|the) (?:chats?|messages|msgs|pics|pictures|texts|convos?|conversations?)\b"
        rf"|\b(?:delete|erase) (?:this|it|these|them|everything|our chats?|the chat) (?:after"
        rf"|once|when|as soon as) {YOU} (?:read|see|seen|saw|are done|get)\b",
    ),
    (
        "en",
        MEDIUM,
        rf"\bif {YOUR} {PARENT} asks?,? (?:just )?(?:say|tell (?:her|him|them)) (?:that )?"
        r"(?:im|i am|we are|were|its|it is|you are|youre)\b",
    ),
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
        r")?(?:a )?secret\b|\bkeep (?:it |this |that )?between us\b(?!,? but\b)|\b(?:our|this)"
        r" secret"
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
    # "our secret", "this is a secret", not "un secreto de cocina" or "no es secreto que"
    (
        "es",
        STRONG,
        r"\bnuestro (?:peque[ñn]o |peque[ñn]ito )?secreto\b|\bnuestro secretito\b"
        r"|\b(?:esto|eso) (?:es|ser[aá]|queda como) (?:un |nuestro )?secreto\b(?! (?:de|que)\b)",
    ),
    # the chat or the messages, as in English; "borra eso" alone is a correction
    (
        "es",
        STRONG,
        r"\b(?:borra|borr[aá]|elimina|elimin[aá]) (?:el chat|los mensajes|la conversaci[oó]n"
        r"|nuestra conversaci[oó]n|nuestros mensajes|nuestro chat|el historial)\b",
    ),
    ("es", STRONG, r"\bnadie (?:tiene que|tiene por qu[eé]|debe|va a) saber(?:lo)?\b"),
    (
        "es",
        STRONG,
        r"\bque no se (?:entere|enteren) (?:nadie|tus padres|tu (?:mamá|mama|papá|papa))\b",
    ),
    # kept between us as a request, not "entre nosotros, ..." opening gossip
    (
        "es",
        MEDIUM,
        r"\b(?:quede|queda|quedar|quedará|dejarlo|dejemoslo|dejémoslo|solo|sólo|mantenerlo)"
        r" entre (?:t[uú] y yo|nosotros|nosotros dos)\b(?!,? pero\b)",
    ),
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
        r"\bque (?:tu (?:mam[áa]|pap[áa]|madre|padre)|tus (?:padres|papás|papas)) no (?:lo |los"
        r" |las )?(?:vea|vean|lea|lean|sepa|sepan)\b|\bque nadie (?:lo |se )?(?:vea|sepa"
        r"|entere)\b",
    ),
    (
        "es",
        STRONG,
        r"\btus (?:padres|papás|papas) (?:te )?(?:revisan|miran|ven|leen|checan) (?:tu|el)"
        r" (?:celular|m[oó]vil|tel[eé]fono|cel|compu)\b|\btu (?:mam[áa]|pap[áa]|madre|padre)"
        r" (?:te )?(?:revisa|mira|ve|lee|checa) (?:tu|el) (?:celular|m[oó]vil|tel[eé]fono|cel"
        r"|compu)\b",
    ),
    # German
    (
        "de",
        STRONG,
        r"\b(?:sag|sage|erzähl|erzähle|erzaehl|verrat|verrate|sags|erzähls|verrats)"
        r" (?:es |das |bitte |aber |ja )*"
        r"(?:niemandem|keinem|keinen|deinen eltern (?:nichts|nix)|deiner (?:mutter|mama)"
        r" (?:nichts|nix)|deinem (?:vater|papa) (?:nichts|nix)|nicht deinen eltern|nicht deiner"
        r" (?:mutter|mama)|nicht deinem (?:vater|papa))\b",
    ),
    ("de", STRONG, r"\bunser (?:kleines )?geheimnis\b"),
    (
        "de",
        STRONG,
        r"\b(?:lösch|lösche|loesch|loesche) (?:den chat|die nachrichten|unseren chat"
        r"|unsere nachrichten|den chatverlauf|unseren verlauf)\b",
    ),
    (
        "de",
        STRONG,
        r"\bniemand (?:darf|muss|soll|braucht) (?:das |davon |es )?(?:zu )?(?:wissen|erfahren)\b",
    ),
    ("de", MEDIUM, r"\bunter uns (?:bleiben|bleibt)\b|\bbleibt unter uns\b(?!,? aber\b)"),
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
        r"\b(?:kontrollieren|checken|lesen|schauen) deine eltern (?:auf |in )?dein (?:handy|"
        r"telefon|"
        r"smartphone|chat)\b|\b(?:kontrolliert|checkt|liest|schaut) deine (?:mutter|mama)"
        r" (?:auf |in )?dein (?:handy|telefon|smartphone|chat)\b",
    ),
    # French
    (
        "fr",
        STRONG,
        r"\bne (?:le |lui |leur )?(?:dis|dit|raconte) (?:rien )?(?:[àa] personne|pas [àa] tes"
        r" parents|"
        r"pas [àa] ta (?:m[èe]re|maman)|rien)\b|\bn'en parle [àa] personne\b",
    ),
    # without the "ne" that spoken French drops: "dis le a personne", "le dis pas à ta mère"
    (
        "fr",
        STRONG,
        r"(?<!\bje )(?<!\bje le )(?<!\bje lui )\b(?:le |lui |leur )?(?:dis|raconte)(?:[- ]le)?"
        r" (?:(?:rien |jamais )?[àa] personne|(?:rien|pas|jamais) [àa] (?:tes parents|ta (?:m[èe]re"
        r"|maman)|ton (?:p[èe]re|papa)))\b"
        r"|(?<!\w)en parle [àa] personne\b|\bfaut pas que (?:tes parents|ta m[èe]re|ta maman"
        r"|ton p[èe]re|personne) (?:le |l')?(?:sachent|sache|voient|voie|lisent|lise)\b",
    ),
    ("fr", STRONG, r"\b(?:c'est )?notre (?:petit )?secret\b"),
    (
        "fr",
        STRONG,
        r"\b(?:efface|supprime) (?:nos messages|les messages|la conversation|notre conversation"
        r"|la discussion|notre discussion|le chat|notre chat|nos conversations)\b",
    ),
    (
        "fr",
        STRONG,
        r"\bpersonne (?:ne doit|doit pas|doit|n'a besoin de|a besoin de|ne va|va) (?:le )?savoir\b",
    ),
    (
        "fr",
        MEDIUM,
        r"\b(?:reste|rester|restera|restent|garder [çc]a|juste|seulement) entre (?:nous|nous deux"
        r"|toi et moi)\b(?!,? mais\b)",
    ),
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
        r"lisent|lit|checkent|check|fouillent|fouille) (?:dans )?ton (?:t[ée]l[ée]phone|portable"
        r"|tel|t[ée]l)\b",
    ),
    # Dutch ("dat" reads as "that" after normalisation)
    (
        "nl",
        STRONG,
        r"\b(?:vertel|zeg) (?:het |dit |dat |that |er )?(?:aan |tegen )?(?:niemand|niks tegen|"
        r"niet aan je ouders|niet tegen je ouders|niets tegen)\b|\bvertel (?:niks|niets) (?:aan|"
        r"tegen)"
        r" (?:je|jouw) (?:ouders|moeder|vader|mama|papa)\b|\bniet tegen (?:je|jouw) (?:ouders"
        r"|moeder|vader|mama|papa) (?:zeggen|vertellen)\b",
    ),
    ("nl", STRONG, r"\bons (?:kleine )?geheim(?:pje)?\b"),
    (
        "nl",
        STRONG,
        r"\b(?:verwijder|wis) (?:het gesprek|ons gesprek|de chat|de berichten|onze chat"
        r"|onze berichten)\b",
    ),
    ("nl", STRONG, r"\bniemand (?:hoeft|mag) (?:het|dit|dat|that|ervan) (?:te )?weten\b"),
    # kept between us as a request, not "tussen ons gezegd" opening gossip
    (
        "nl",
        MEDIUM,
        r"\b(?:blijft|blijven|houden|hou het|houd het|alleen) tussen (?:ons|jou en mij|ons"
        r" tweeën)\b|\btussen (?:ons|jou en mij) (?:blijven|houden)\b",
    ),
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
        r"|gsm)\b|\b(?:controleert|checkt|bekijkt|kijkt) je (?:moeder|vader|mama|papa) (?:op |in )?"
        r"je (?:telefoon|mobiel|gsm)\b",
    ),
    # Portuguese
    (
        "pt",
        STRONG,
        r"\bn[ãa]o (?:conta|contes|conte|fala|fale|diga|diz) (?:nada )?(?:pra|para|a|pros|pras"
        r"|aos) (?:ningu[ée]m|ngm|seus pais|teus pais|sua m[ãa]e|tua m[ãa]e|seu pai|pais)\b",
    ),
    # "our secret", not "vou te contar um segredo: odeio coentro"
    (
        "pt",
        STRONG,
        r"\bnosso (?:pequeno )?segredo\b|\bnosso segredinho\b|\bsegredo nosso\b"
        r"|\b(?:isso|isto) (?:[ée]|fica|vai ser) (?:um |nosso )?segredo\b(?! (?:de|que)\b)",
    ),
    # the chat or the messages, as in English; "apaga isso" alone is a correction
    (
        "pt",
        STRONG,
        r"\b(?:apaga|apague|deleta|delete|exclui|exclua) (?:a conversa|as mensagens|nossa conversa"
        r"|nossas mensagens|o chat|nosso chat|o hist[óo]rico)\b",
    ),
    ("pt", STRONG, r"\bningu[ée]m (?:precisa|pode|tem que|vai) saber\b"),
    # kept between us as a request, not "entre nós, ..." opening gossip
    (
        "pt",
        MEDIUM,
        r"\b(?:fica|fique|ficar|vai ficar|s[óo]|deixa) entre (?:a gente|n[óo]s|n[óo]s dois)\b"
        r"(?!,? mas\b)",
    ),
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
        r"(?:celular|telefone|cel)\b|\b(?:sua|tua) (?:m[ãa]e|mae) (?:olha|mexe|checa|v[êe]|l[êe])"
        r" (?:no |o )?(?:seu|teu) (?:celular|telefone|cel)\b",
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
    # a bare app or number as the question: "kik?", "yim?", "digits?", "got kik?"
    (
        "en",
        MEDIUM,
        rf"^(?:(?:so |and |hey |ok )?got (?:a |an )?)?(?:{APP}|digits|cell number|phone number"
        rf"|cell ?phone)\s*\?",
    ),
    # installing an app to talk there, one's own handle offered
    (
        "en",
        MEDIUM,
        rf"\b(?:download|get|install) {APP} (?:so|and) (?:we|you and i|i) (?:can|could) (?:talk"
        rf"|chat|text)\b|\badd my (?:snap ?chat|snap|sc|kik|whats ?app|insta ?gram|insta|ig|skype"
        rf"|discord|telegram|facebook|fb|msn|yahoo|aim)\b",
    ),
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
    # an invitation to one's own channel: "come to my private discord", "join my snap"
    (
        "en",
        MEDIUM,
        r"\b(?:join|(?:come|hop|get|go) (?:on|onto|to|in|into|over to)) my (?:private )?(?:discord"
        r"|snap ?chat|snap|kik|telegram|whats ?app|skype)(?: server| group| chat| channel)?\b"
        r"|\b(?:join|(?:come|hop|get|go) (?:on|onto|to|in|into|over to)) my private (?:server"
        r"|channel|chat|group chat)\b",
    ),
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
        rf"\b(?:p[aá]same|dame|m[aá]ndame|env[ií]ame|pasa|manda|me das|me pasas|me mandas"
        rf"|me env[ií]as) (?:tu|el) (?:n[uú]mero|"
        rf"tel[eé]fono|cel|celular|whats|{APP})\b|\bcu[aá]l es tu (?:n[uú]mero|cel|celular"
        rf"|tel[eé]fono|whats|{APP})\b",
    ),
    (
        "es",
        STRONG,
        rf"\b(?:m[aá]ndame|env[ií]ame|escr[ií]beme) (?:un )?(?:mensaje|msj|mensajito|texto)"
        rf" (?:al|por|en|a) (?:{APP}|privado|whats|mi n[uú]mero|dm|md)\b",
    ),
    ("es", MEDIUM, rf"\bs[ií]gueme (?:en|por) {APP}\b"),
    (
        "es",
        STRONG,
        rf"\b(?:hablemos|sigamos|seguimos|vamos a hablar|podemos hablar|hablamos) (?:por|en) "
        rf"(?:{APP}|privado|whats|tel[eé]fono|dm|md)\b",
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
    (
        "de",
        STRONG,
        rf"\bschreib(?:e)? mir (?:privat\b|(?:auf|bei|über|per|in) {APP}\b)|\b(?:was|wie) ist"
        rf" (?:deine (?:nummer|handynummer|telefonnummer|{APP})|dein (?:{APP}|handy))\b",
    ),
    ("de", MEDIUM, rf"\bhast du (?:{APP})\b"),
    (
        "de",
        STRONG,
        rf"\blass (?:uns )?(?:mal )?(?:auf|bei|über|in|per) (?:{APP}|privat|telefon) (?:schreiben"
        rf"|reden|chatten|weiterschreiben|telefonieren)\b",
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
    ("fr", MEDIUM, rf"\b(?:t'as|tu as) (?:{APP})\b|\b(?:passe|passons|viens|va) sur {APP}\b"),
    (
        "fr",
        STRONG,
        rf"\bc'est quoi ton (?:num[ée]ro|num|06|tel|{APP})\b|\bton (?:num[ée]ro|num|06|{APP})\s*\?",
    ),
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
    # the verb last, as Dutch puts it: "zullen we op whatsapp verder praten"; "wat" reads
    # as "what" after normalisation
    (
        "nl",
        STRONG,
        rf"\b(?:zullen we|laten we|kunnen we|gaan we) (?:even |maar )?(?:op|via|in) (?:{APP}"
        rf"|priv[ée]) (?:verder )?(?:praten|chatten|appen|bellen|kletsen)\b|\b(?:wat|what) is"
        rf" (?:je|jouw) (?:nummer|06|telefoonnummer|{APP})\b|\bmag ik (?:je|jouw|uw) (?:nummer"
        rf"|06|{APP})\b",
    ),
    (
        "nl",
        MEDIUM,
        rf"\b(?:praat|chat|app) (?:verder )?(?:op|via) {APP}\b|\bstuur (?:me|mij) (?:een )?"
        rf"priv[ée] ?(?:bericht|berichtje|chat)\b",
    ),
    ("nl", MEDIUM, rf"\bheb (?:je|jij) (?:{APP})\b|\b(?:app|whatsapp|snap) (?:me|mij)\b"),
    (
        "nl",
        MEDIUM,
        r"\bbel (?:me|mij)\b|\b(?:mag|kan) ik (?:je|jou|u|you) (?:even )?bellen\b|"
        r"\bmijn nummer is\b",
    ),
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
    ("pt", MEDIUM, rf"\b(?:voc[eê]|vc) tem (?:{APP})\b|^(?:e )?tem (?:{APP}|whats|zap)\s*\?"),
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
        rf"recent |real |full body )?{PICS}\b{NOT_THING}",
    ),
    (
        "en",
        MEDIUM,
        rf"(?<!to )(?<!\bcould )(?<!\bcan )(?<!\bcant )(?<!\bi )(?<!\bwe )(?<!\byou )"
        rf"(?<!\bwill )(?<!\bill )(?<!\bcannt )(?<!\bcannot )(?<!\bdid )(?<!\bdidnt )"
        rf"(?<!\bwould )(?<!\bshould )(?<!\bmay )(?<!\bmight )(?<!\bdont )(?<!\bnot )"
        rf"\bsend (?:a |an |some |more |a few |{YOUR} )?(?:new |sexy |naughty |hot |cute )?"
        rf"(?:pic|pics|picture|pictures|photo|photos|nudes|selfie|selfies)\b{NOT_THING}",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:can|could|may|will|would) (?:i|{YOU}) (?:see|get|have|send me|show me) "
        rf"(?:a |some |any |more |another |{YOUR} |a few )?(?:new |recent |real |sexy |hot )?"
        rf"{PICS}\b{NOT_THING}|\blet me see (?:a |some |{YOUR} |more )?{PICS}\b{NOT_THING}",
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
        rf"\b(?:turn|put|switch|get|hop|go|come) on (?:{YOUR} |the |a )?{CAM}\b{NOT_WORK}"
        rf"|\b{CAM} on\s*\?",
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
        rf"(?:a |an |some |{YOUR} |more |another )?{PICS}{NOT_THING}",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:leave|keep|turn|put) (?:the |{YOUR} )?{CAM} on\b{NOT_WORK}|\b(?:is|have|got|get)"
        rf" {YOUR} {CAM} on\b",
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
        rf"|save) (?:me (?:\S+ ){{0,3}}?{PHOTO}{NOT_THING}|(?:\S+ ){{0,3}}?{PHOTO} (?:of {YOU}\b|"
        rf"of "
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
    # "show me what you look like"; a bare "pic?" asked
    (
        "en",
        STRONG,
        rf"\b(?:show me|let me see|lemme see|send me a pic of) what {YOU} look like\b",
    ),
    ("en", MEDIUM, rf"^(?:a |any |more |{YOUR} )?(?:pic|pics|picture|photo|photos|selfie) ?\?"),
    # Spanish
    (
        "es",
        STRONG,
        r"\b(?:m[aá]ndame|env[ií]ame|p[aá]same|manda|env[ií]a|pasa|m[aá]ndale|quiero ver) "
        r"(?:una |unas |tu |tus |m[aá]s |otra |alguna )?(?:foto|fotos|selfie|video|v[ií]deo"
        r"|pack)\b(?! (?:del?|de la|de los|de las|de un|de una|de mi|de esto|de eso|de lo)\b)",
    ),
    ("es", STRONG, r"\b(?:prende|enciende|activa|pon|abre) (?:la |tu )?(?:c[aá]mara|cam|webcam)\b"),
    # a video call proposed or asked for, not mentioned ("la videollamada con el jefe")
    (
        "es",
        STRONG,
        r"\b(?:hacemos|hagamos|hacer|haces|hazme|quieres hacer|podemos hacer|vamos a hacer"
        r"|hablamos por|hablemos por|te hago) (?:una )?video ?llamada\b|\bvideo ?llamada\s*\?"
        r"|\bhacemos (?:una )?video\b|\bs[aá]cate (?:una )?(?:foto|selfie)\b",
    ),
    ("es", MEDIUM, r"\b(?:tienes|tenes|tenés) (?:c[aá]mara|cam|webcam|fotos)\b"),
    ("es", MEDIUM, r"\b(?:una|unas|m[aá]s|otra) fotos? (?:tuyas?|de ti)\b"),
    # German
    (
        "de",
        STRONG,
        # "send" only with "mir": "send pics" alone is English, which has its own rules
        r"\b(?:(?:schick|schicke) (?:mir |mal |doch |bitte )*|(?:send|sende) mir (?:mal |doch "
        r"|bitte )*)(?:ein |eins |ein paar |deine |dein |mehr |noch )?(?:bild|bilder|foto|fotos"
        r"|pic|pics|selfie|video|nacktbilder)\b(?! (?:vom|von der|von dem|von den|von einem"
        r"|von einer|von meinem|von meiner|davon)\b)",
    ),
    (
        "de",
        STRONG,
        r"\b(?:mach|mache|schalte|schalt) (?:deine |die |mal )?(?:cam|kamera|webcam) an\b",
    ),
    # written as one word in German; "video chat" is English and has its own rules
    (
        "de",
        STRONG,
        r"\b(?:lass uns|lass|machen wir|wollen wir|können wir|sollen wir|mach mit mir|willst du)"
        r" (?:mal |einen |ein |kurz )*(?:video ?chatten|videoanruf|videochat|videocall|facetime"
        r"|facetimen|video-?call)\b|\bvideo(?:anruf|chat|call|chatten)\s*\?",
    ),
    (
        "de",
        STRONG,
        r"\bzeig (?:mir |mal |doch )*wie du aussiehst\b|\b(?:ein )?(?:foto|bild|selfie) machen"
        r" und (?:mir )?(?:schicken|senden)\b|\b(?:mach|mache) (?:mal |doch |bitte )*(?:ein |eins"
        r" |ein paar )?(?:foto|fotos|bild|bilder|selfie) (?:für mich|von dir)\b",
    ),
    ("de", MEDIUM, r"^(?:ein |eine )?(?:bild|bilder|foto|fotos|selfie) ?\?"),
    ("de", MEDIUM, r"\bhast du (?:eine |ne )?(?:cam|webcam|kamera|bilder|fotos)\b"),
    ("de", MEDIUM, r"\b(?:ein|eins|ein paar|mehr|noch ein) (?:bild|bilder|foto|fotos) von dir\b"),
    ("de", STRONG, r"\b(?:zeig|zeige) (?:mir |mal )+(?:dich|ein bild|ein foto|deinen|deine)\b"),
    # French
    (
        "fr",
        STRONG,
        r"(?<!t')(?<!\bje )\b(?:envoie|envoies|envois|envoi|envoye|passe|montre)(?:[- ]?moi)?"
        r" (?:une |des |ta |tes |un |d'autres |encore )?(?:photo|photos|selfie|vid[ée]o|pic|nude"
        r"|nudes)\b(?! (?:du|de la|des|de l'|d'un|d'une|de mon|de ma|de mes|de ce|de cette)\b)",
    ),
    (
        "fr",
        STRONG,
        r"\b(?:allume|active|mets|met|ouvre) (?:ta |la )?(?:cam|cam[ée]ra|webcam)\b"
        r"|\bmontre[- ]?moi (?:[àa] )?quoi tu ressembles\b|\bfais (?:une|des) (?:photo|photos"
        r"|selfie) et (?:envoie|envoies|envoi|envois)\b",
    ),
    # a video call proposed or asked for, not a work "visio" mentioned
    (
        "fr",
        STRONG,
        r"\b(?:on fait|on peut faire|tu veux faire|faire|fais|on se fait|on s'appelle en)"
        r" (?:un |une )?(?:appel vid[ée]o|visio|facetime)\b|\b(?:appel vid[ée]o|visio|facetime)"
        r"\s*\?",
    ),
    (
        "fr",
        MEDIUM,
        r"\b(?:t'as|tu as) (?:une |la )?(?:cam|webcam|cam[ée]ra)\b|\b(?:t'as|tu as) des photos"
        r" ?\?",
    ),
    ("fr", MEDIUM, r"^(?:une )?(?:photo|photos|selfie) ?\?"),
    ("fr", MEDIUM, r"\b(?:une|des|d'autres) photos? de toi\b"),
    ("fr", STRONG, r"\bmontre[- ]?moi (?:ton|ta|tes|toi)\b"),
    # Dutch
    (
        "nl",
        STRONG,
        r"\b(?:stuur|stuurt|zend) (?:me|mij|je|jij)? ?(?:eens |even |nog )*(?:een |je |jouw "
        r"|meer |nog meer )?"
        r"(?:foto|foto's|fotos|pic|pics|selfie|filmpje|video|naaktfoto)\b(?! van (?:de|het|een"
        r"|die|dat|mijn|dit|deze)\b)",
    ),
    ("nl", STRONG, r"\b(?:zet|doe) (?:je |jouw |de )?(?:cam|camera|webcam) aan\b"),
    # a video call proposed or asked for, not mentioned
    (
        "nl",
        STRONG,
        r"\b(?:zullen we|kunnen we|wil je|laten we|gaan we|even) (?:even |eens )?(?:video ?bellen"
        r"|facetimen|videochatten)\b|\b(?:video ?bellen|facetimen|videogesprek)\s*\?"
        r"|\blaat (?:me |mij )?(?:eens |even )?zien hoe (?:je|jij) eruit ziet\b|\bmaak (?:een"
        r" |eens een )?(?:foto|selfie) en stuur\b",
    ),
    ("nl", MEDIUM, r"^(?:een )?(?:foto|foto's|fotos|selfie) ?\?"),
    ("nl", MEDIUM, r"\bheb (?:je|jij) (?:een )?(?:cam|webcam|camera|foto's|fotos)\b"),
    ("nl", MEDIUM, r"\b(?:een|meer|nog een) (?:foto|foto's|fotos) van (?:jou|je|jezelf)\b"),
    # Portuguese
    (
        "pt",
        STRONG,
        r"\b(?:manda|mande|envia|envie|me manda|me envia|me mostra) (?:uma |umas |sua |tua |"
        r"mais |outra )?(?:foto|fotos|selfie|v[ií]deo|nude|nudes|pack)\b(?! (?:do|da|dos|das"
        r"|de um|de uma|de meu|de minha|disso|desse|dessa)\b)",
    ),
    (
        "pt",
        STRONG,
        r"\b(?:liga|abre|ativa|liga a|abre a) (?:a |sua |tua )?(?:c[âa]mera|cam|webcam)\b",
    ),
    # a video call proposed or asked for, not mentioned
    (
        "pt",
        STRONG,
        r"\b(?:faz|fazer|vamos fazer|bora|bora fazer|podemos fazer|quer fazer|me liga por|liga"
        r" por|liga em) (?:uma )?(?:chamada de v[ií]deo|v[ií]deo ?chamada)\b|\b(?:chamada de"
        r" v[ií]deo|v[ií]deo ?chamada)\s*\?|\bdeixa (?:eu )?(?:te )?ver como (?:vc|voc[eê])"
        r" [eé]\b",
    ),
    (
        "pt",
        MEDIUM,
        r"^(?:e )?tem (?:fotos?|cam|c[âa]mera|webcam) ?\?|^(?:uma )?(?:foto|fotos|selfie) ?\?",
    ),
    ("pt", MEDIUM, r"\b(?:voc[eê]|vc) tem (?:foto|fotos|cam|c[âa]mera|webcam)\b"),
    ("pt", MEDIUM, r"\b(?:uma|umas|mais|outra) fotos? (?:sua|suas|tua|tuas|de voc[eê]|de vc)\b"),
)

# A day or a time named after a proposal to meet, in the other languages ("podemos quedar el
# sábado", "lass uns am samstag treffen", "a gente se vê no sábado").
DAY_ES: Final = (
    r"(?:(?:el |este |esta |el pr[oó]ximo )?(?:lunes|martes|mi[eé]rcoles|jueves|viernes"
    r"|s[aá]bado|domingo|finde|fin de semana)|mañana|hoy|esta (?:noche|tarde))"
)
DAY_PT: Final = (
    r"(?:(?:no |na |neste |nesta |nesse |nessa |(?:no |na )?pr[óo]xim[oa] )?(?:segunda|ter[çc]a"
    r"|quarta|quinta|sexta|s[áa]bado|domingo|fim de semana|fds|finde)(?:-feira| feira)?"
    r"|amanh[ãa]|hoje)"
)
# Words that may stand between "lass uns" / "zullen we" and the verb of meeting: not an
# online place, a third party, a thing agreed or a negation ("lass uns morgen im discord treffen",
# "zullen we met haar afspreken", "kunnen we iets anders afspreken").
GAP_DE: Final = (
    r"(?:(?!(?:online|discord|zoom|skype|teams|ingame|mit|das|dies|dieses|beim|zum|nicht|nie"
    r"|im (?:discord|spiel|game|chat|netz|internet|call|stream))\b)[^\s.!?,]+ )"
)
GAP_NL: Final = (
    r"(?:(?!(?:online|discord|zoom|skype|teams|ingame|met|iets|wat|that|dit|het|die|een|niet"
    r"|nooit)\b)[^\s.!?,]+ )"
)
MEETING: Final[tuple[Rule, ...]] = (
    (
        "en",
        STRONG,
        rf"\b(?:lets|let us|shall we|we (?:should|could|can|will|gotta|have to|need to|must)|"
        rf"want to|wan 2|want 2|i want to|id like to|can we|could we|cant wait to|like to|love to"
        rf"|wanted to|when can we|when (?:should|will|do) we) (?:finally |ever |actually |still "
        rf"|just |maybe )?(?:meet\b(?: up)?{NOT_THIRD}{ONLINE}|hook up\b|get together\b"
        rf"|see each other\b)",
    ),
    # asking the other: "wud u lik to meet", "could u meet tuesday"
    (
        "en",
        STRONG,
        rf"\b(?:would|wud|could|cud|can|will|do) {YOU} meet\b{NOT_THIRD}{ONLINE}|\b{YOU} (?:want"
        rf" to|want 2|wan to|wan 2|wana|would like to|wud like to|wud lik to|like to"
        rf"|lik to) meet\b{NOT_THIRD}{ONLINE}",
    ),
    (
        "en",
        STRONG,
        rf"(?<!\bpeople )(?<!\bthey )(?<!\bwho )"
        rf"\bmeet (?:me|{YOU})(?! in (?:game|the game|mid|the lobby|lobby|the server|discord|vc"
        rf"|voice|chat|the chat|the raid|the dungeon|the arena|the match)\b) (?:at|in|outside|by"
        rf"|near|there|somewhere|tonight|tomorrow)\b",
    ),
    (
        "en",
        MEDIUM,
        rf"(?<!nice )(?<!nice to )(?<!good to )(?<!glad to )(?<!great to )(?<!happy to"
        rf" )(?<!pleased to )(?<!nice 2 )(?<!nive )(?<!nive to )(?<!to have )(?<!got to )"
        rf"(?<!pleasure to )(?<!\bthe )(?<!\ba )(?<!\bthey )(?<!another )(?<!\bpeople )(?<!\bwho )"
        rf"\bmeet (?:me|{YOU}|up|in person|face to face|irl)\b(?! with (?!me\b|us\b|{YOU}\b))"
        rf"{ONLINE}(?! guys\b)",
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
    ("en", STRONG, rf"\bpick {YOU} up\b{NOT_FETCH}"),
    (
        "en",
        STRONG,
        rf"\b(?:i|ill|i can|i could|i will|let me|i want to|i wanna|want me to|should i|can i|"
        rf"could i|i am going to|im going to|i am|im|when i) (?:come|drive|fly|travel|coming"
        rf"|comeing"
        rf"|driving) (?:over there|over to {YOUR}|to {YOU}|to see {YOU}|see {YOU}|get {YOU}|"
        rf"visit {YOU}|to {YOUR} (?:house|place|town|city))\b{NOT_FETCH}",
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
    # coming to one's place, sneaking out, travelling to see the other
    (
        "en",
        STRONG,
        rf"(?:^|\b(?:{YOU}|can {YOU}|could {YOU}|wanna|want to|lets|why dont {YOU}|{YOU} should"
        rf"|{YOU} can|{YOU} could|please|just) )come over to (?:my|our) (?:place|house|apartment"
        rf"|room|hotel)\b|\b(?:can|could|will|would) {YOU} sneak out\b|\bsneak out (?:to see"
        rf"|and meet) (?:me|{YOU})\b"
        rf"|\b(?:take|catch|get) (?:the|a) (?:bus|train|plane|flight|uber|taxi|cab) to (?:see|meet"
        rf"|visit) {YOU}\b",
    ),
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
        rf"\bcome (?:and )?(?:get|grab|fetch|pick up|collect) {YOU}\b{NOT_FETCH}(?! another\b)",
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
    (
        "es",
        WEAK,
        r"\bnos vemos\b(?! (?:en (?:el|la) (?:stream|directo|live|pr[oó]xim[oa]|siguiente)"
        r"|por (?:discord|zoom|skype|meet|teams|el chat)|online|en l[ií]nea)\b)",
    ),
    (
        "es",
        STRONG,
        r"\b(?:podemos|podr[ií]amos|deber[ií]amos|vamos a|cu[aá]ndo podemos) (?:vernos|conocernos"
        r"|encontrarnos)\b(?! (?:por|en) (?:zoom|skype|discord|meet|teams|videollamada|video"
        r"|c[aá]mara|l[ií]nea|el juego)\b)|\b(?:conocerte|verte) en persona\b|\bquiero conocerte\b"
        r"|\b(?:d[oó]nde|a qu[eé] hora) te (?:busco|recojo|paso a buscar|veo)\b"
        r"|\bencontr[eé]monos\b|\b(?:puedes|podes|podés) (?:escaparte|salir a escondidas)\b"
        r"|\b(?:te invito|vamos|v[aá]monos|nos vamos|te llevo) a un (?:hotel|motel)\b",
    ),
    ("es", MEDIUM, r"\b(?:voy|ir[eé]|estar[eé]|estoy) (?:a|en) tu (?:ciudad|pueblo|casa|barrio)\b"),
    ("es", MEDIUM, r"\b(?:ven|vente|venite) (?:a|para) (?:mi casa|mi depa|mi cuarto)\b"),
    # a meeting fixed on a day, fetching the other ("podemos quedar el sábado", "paso a
    # buscarte", "te busco a la salida"); not "quedar en casa" (stay in) or "quedar como
    # amigos", nor looking for someone online ("te busco en facebook")
    (
        "es",
        STRONG,
        rf"\b(?:podemos|podr[ií]amos|puedes|podr[ií]as|quieres|queres|querés|vamos a"
        rf"|deber[ií]amos|te apetece|te gustar[ií]a|si quieres|cu[aá]ndo (?:podemos|puedes"
        rf"|quieres)) quedar(?: conmigo\b| (?:un|otro) d[ií]a\b| {DAY_ES}\b| a las \d"
        rf"| para (?:vernos|conocernos|tomar|comer|cenar|salir|pasear)\b)",
    ),
    (
        "es",
        STRONG,
        r"\b(?:paso|pasar[eé]|pasamos|vengo|vendr[eé]|puedo (?:pasar|ir|venir)) a (?:buscarte"
        r"|recogerte)\b|\bpaso por ti\b|\bte (?:busco|recojo|voy a buscar|voy a recoger) (?:a la"
        r" salida|al salir|despu[eé]s (?:de|del)|a las \d|en (?:tu|la|el) (?:casa|escuela|colegio"
        r"|cole|instituto|parada|esquina))",
    ),
    (
        "es",
        MEDIUM,
        rf"\b(?:voy|ir[eé]|vengo|vendr[eé]) (?:{DAY_ES} |la semana que viene |el mes que viene "
        rf"|la pr[oó]xima semana )a tu (?:ciudad|pueblo|casa|barrio)\b",
    ),
    # German
    (
        "de",
        STRONG,
        r"\b(?:lass uns|wollen wir|sollen wir|können wir|koennen wir|wann) (?:uns )?"
        r"(?:mal |endlich )?(?:treffen|sehen)\b|\btreffen wir uns\b",
    ),
    (
        "de",
        STRONG,
        r"\b(?:ich )?(?:hol|hole) dich (?:ab|von)\b|\blass (?:mal )?(?:endlich )?treffen\b",
    ),
    (
        "de",
        STRONG,
        r"\b(?:ich )?(?:kann|könnte|werde|will) dich (?:\S+ ){0,3}?abholen\b|\bwo (?:kann|soll)"
        r" ich dich abholen\b|\b(?:kannst du|du kannst) (?:dich )?(?:\S+ ){0,2}?(?:rausschleichen"
        r"|rausschleichst)\b|\b(?:hotel|motel)(?:zimmer)? (?:in deiner nähe|bei dir)\b",
    ),
    ("de", MEDIUM, r"\bich bin (?:\S+ ){0,3}?in deiner (?:stadt|nähe|gegend)\b"),
    ("de", STRONG, r"\b(?:ich )?(?:komm|komme) (?:zu dir|dich besuchen|bei dir vorbei)\b"),
    (
        "de",
        STRONG,
        r"\bwillst du (?:mich|dich mit mir) treffen\b|\bpersönlich (?:treffen|kennenlernen)\b",
    ),
    ("de", MEDIUM, r"\bkomm (?:doch )?(?:zu mir|bei mir vorbei|zu mir nach hause)\b"),
    # a day between the proposal and "treffen", a pick-up with words before "ab", coming to
    # the other's town ("lass uns am samstag treffen", "ich hol dich nach der schule ab", "ich
    # komme nächste woche in deine stadt"); not "beim nächsten treffen" (the noun), not
    # online, not "lass uns das morgen sehen"
    (
        "de",
        STRONG,
        rf"\b(?:lass uns|wollen wir|sollen wir|können wir|koennen wir) (?:uns )?{GAP_DE}{{1,4}}?"
        rf"treffen(?=\s*(?:$|[.!?,;)]|und\b|oder\b|dann\b|ok\b|okay\b|bitte\b))"
        rf"|\b(?:wollen wir|sollen wir|können wir|koennen wir) uns {GAP_DE}{{1,4}}?sehen"
        rf"(?=\s*(?:$|[.!?,;)]|und\b|oder\b|dann\b|ok\b|okay\b|bitte\b))",
    ),
    ("de", STRONG, r"\b(?:ich )?(?:hol|hole) dich (?:(?!ab\b)[^\s.!?,]+ ){1,4}?ab\b"),
    (
        "de",
        MEDIUM,
        rf"\bich (?:komm|komme|fahr|fahre|flieg|fliege|reise) {GAP_DE}{{0,4}}?(?:in deine (?:stadt"
        rf"|gegend|nähe)|in deiner nähe|zu dir(?: nach hause)?|bei dir vorbei)\b",
    ),
    # French
    # proposing to meet, or asking when and where; a bare "on se voit" is also a goodbye,
    # and not in the next video or on discord
    (
        "fr",
        STRONG,
        r"\bon (?:peut|pourrait|pourra|devrait) se (?:voir|rencontrer|retrouver)\b(?! (?:dans"
        r" (?:la|le) prochaine?|sur (?:discord|twitch|youtube|insta|snap|skype|le serveur)|en"
        r" (?:ligne|live|stream|vocal|visio))\b)|\bon se (?:voit|rencontre|retrouve) (?:quand|"
        r"o[uù])\b"
        r"|\b(?:quand|o[uù]) (?:est-ce qu')?on se (?:voit|rencontre|retrouve)\b",
    ),
    (
        "fr",
        MEDIUM,
        r"\bon se (?:voit|rencontre|retrouve)\b(?! (?:dans (?:la|le) prochaine?|sur (?:discord"
        r"|twitch|youtube|insta|snap|skype|le serveur|le stream|le live)|en (?:ligne|live|stream"
        r"|vocal|visio)|au prochain)\b)",
    ),
    (
        "fr",
        STRONG,
        r"\bje (?:viens|passe|peux (?:venir|passer)|vais (?:venir|passer)) te (?:chercher|prendre"
        r"|voir)\b|\bje (?:viens|passe|peux venir|vais venir) chez toi\b|\bsortir en cachette\b"
        r"|\bte faufiler\b|\b(?:h[ôo]tel|motel) (?:pr[èe]s de chez toi|[àa] c[ôo]t[ée] de chez"
        r" toi)\b|\bje (?:prends|prend|r[ée]serve) un (?:h[ôo]tel|motel)\b",
    ),
    (
        "fr",
        MEDIUM,
        r"\bje (?:serai|suis|vais|viens|passe) (?:\S+ ){0,2}?dans ta (?:ville|r[ée]gion|coin)\b"
        r"|\brdv (?:[àa]|au|chez moi|chez toi|devant|demain|ce soir)\b(?! (?:\S+ )?(?:chez (?:le|la"
        r"|mon|ma)|le (?:dentiste|m[ée]decin|docteur))\b)",
    ),
    (
        "fr",
        STRONG,
        r"\b(?:tu veux|veux[- ]tu|voudrais[- ]tu) (?:me voir|me rencontrer|qu'on se voie|qu'on"
        r" se voit"
        r"|qu'on se rencontre)\b|\bse voir en vrai\b|\bse rencontrer\b",
    ),
    # a rendez-vous proposed, not one at the dentist
    (
        "fr",
        MEDIUM,
        r"\b(?:on (?:se )?(?:donne|fixe|prend)|donnons-nous|fixons|fixer|se donner) (?:un )?"
        r"rendez[- ]vous\b|\brendez[- ]vous (?:chez moi|chez toi|devant (?:le|la|l'))\b",
    ),
    ("fr", MEDIUM, r"\b(?:viens|passe) (?:chez moi|me voir)\b"),
    # Dutch
    (
        "nl",
        STRONG,
        # "afspreken dat/wie/wat" is agreeing on something ("dat" reads "that" normalised)
        r"\b(?:zullen we|laten we|kunnen we|wil je|willen we) (?:eens |een keer |ergens )?"
        r"(?:afspreken(?! (?:dat|that|wie|wat|hoe)\b)|elkaar (?:zien|ontmoeten|treffen)"
        r"|ontmoeten)\b",
    ),
    (
        "nl",
        STRONG,
        r"\b(?:ik )?(?:haal|kom) (?:je|jou) (?:op|ophalen)\b|\b(?:kan|zal|kom) (?:ik )?(?:je|jou)"
        r" (?:\S+ )?(?:oppikken|ophalen)\b|\bwaar kan ik (?:je|jou) (?:oppikken|ophalen)\b"
        r"|\b(?:wanneer|waar) (?:zien|spreken|ontmoeten) we elkaar\b|\bstiekem (?:naar buiten"
        r"|weg|de deur uit)\b|\b(?:hotel|motel) (?:bij (?:jou|je) in de buurt|in (?:jouw|je)"
        r" buurt)\b|\bik (?:boek|neem) een (?:hotel|motel)\b",
    ),
    (
        "nl",
        MEDIUM,
        r"\bzien we elkaar (?:in|bij|op|morgen|vanavond|zaterdag|zondag|weer)\b|\bik ben (?:\S+"
        r" ){0,3}?in (?:jouw|je) (?:stad|buurt|dorp)\b",
    ),
    (
        "nl",
        STRONG,
        r"\b(?:ik kom|kom ik) (?:naar je toe|naar jou(?: toe)?|bij je langs|langs)\b|"
        r"\bin het echt (?:ontmoeten"
        r"|zien)\b",
    ),
    ("nl", MEDIUM, r"\bafspraakje\b"),
    ("nl", MEDIUM, r"\bkom (?:naar mijn huis|naar mij toe|bij mij langs|bij mij thuis)\b"),
    # a day or other words before "afspreken", coming to the other's town ("zullen we
    # zaterdag afspreken", "ik kom volgende week naar jouw stad"); not "iets anders afspreken"
    # (agreeing on something), not online, not with a third party
    (
        "nl",
        STRONG,
        rf"\b(?:zullen we|laten we|kunnen we|willen we) {GAP_NL}{{1,4}}?afspreken"
        rf"(?=\s*(?:$|[.!?,;)]|om\b|bij\b|in\b|op\b|ergens\b|dan\b|ofzo\b|of zo\b|ok\b))"
        rf"|\b(?:zullen we|kunnen we|willen we) elkaar {GAP_NL}{{1,3}}?(?:zien|ontmoeten"
        rf"|treffen)\b",
    ),
    (
        "nl",
        MEDIUM,
        rf"\b(?:ik kom|kom ik|ik rij|rij ik|ik reis|ik fiets) {GAP_NL}{{0,4}}?(?:naar (?:jouw|je)"
        rf" (?:stad|dorp|buurt|huis|woonplaats)|naar (?:je|jou) toe|bij (?:je|jou) langs)\b",
    ),
    # Portuguese
    (
        "pt",
        STRONG,
        r"\b(?:vamos|bora|quer|podemos|a gente (?:pode|vai)) (?:nos |se )?(?:encontrar|conhecer"
        r"|ver)"
        r"(?: pessoalmente)?\b",
    ),
    ("pt", STRONG, r"\b(?:te )?(?:busco|pego) (?:voc[eê]|vc|em casa|na escola)\b"),
    (
        "pt",
        STRONG,
        r"\b(?:quando|onde) (?:a gente|n[óo]s) (?:se )?(?:v[êe]|vemos|encontra|encontramos)\b"
        r"|\bvou (?:at[ée] |na |pra |para )(?:a )?(?:sua|tua) casa\b|\bsair escondid[oa]\b"
        r"|\b(?:hotel|motel) perto de (?:vc|voc[eê]|ti|sua casa)\b|\b(?:pego|reservo|alugo) um"
        r" (?:hotel|motel)\b|\bonde (?:te )?(?:busco|pego)\b",
    ),
    (
        "pt",
        MEDIUM,
        r"\ba gente se encontra\b|\ba gente se v[êe]\s*\?|\b(?:vou estar|estarei|estou indo|vou)"
        r" (?:\S+ ){0,2}?(?:na|pra|para) (?:sua|tua) cidade\b",
    ),
    # not fetching something for the other ("vou te buscar um copo de água")
    (
        "pt",
        STRONG,
        r"\b(?:eu )?(?:vou|posso) te (?:(?:buscar|pegar)\b(?! (?:um|uma|uns|umas|algo|algum"
        r"|alguma)\b)|(?:ver|visitar)\b)",
    ),
    (
        "pt",
        MEDIUM,
        r"\bpessoalmente\b|\b(?:a gente )?se (?:encontra|v[êe]) (?:amanh[ãa]|hoje|s[áa]bado)\b",
    ),
    ("pt", MEDIUM, r"\bvem (?:pra|para|na|aqui (?:em|na)) (?:minha )?casa\b"),
    # fetching the other at a time or place, meeting on a day, coming by to fetch ("eu te
    # busco depois da escola", "a gente se vê no sábado", "passo aí pra te buscar"); not "te
    # pego na mentira", not a goodbye without a day
    (
        "pt",
        STRONG,
        rf"\b(?:eu )?te (?:busco|buscar|pego|pegar) (?:depois d[aoe]|na sa[ií]da|na porta"
        rf"|[àa]s \d|na escola|no col[ée]gio|em casa|na sua casa|na tua casa|{DAY_PT}\b)"
        rf"|\b(?:passo|vou|venho|posso (?:passar|ir)|vou passar|chego) (?:a[ií] |l[áa] )?(?:pra"
        rf"|para) te (?:buscar|pegar)\b",
    ),
    (
        "pt",
        MEDIUM,
        rf"\b(?:a gente(?: se)?|n[óo]s nos) (?:v[êe]|vemos|encontra|encontramos) {DAY_PT}\b"
        rf"(?! (?:no|na|pelo|pela) (?:zoom|discord|meet|teams|skype|live|chamada|jogo)\b)",
    ),
)

# What a threat to expose the other is about: everyone, their family, school or the police.
EXPOSE_TO: Final = (
    rf"(?:(?:everyone|everybody) (?:at|in) {YOUR} (?:school|class)|everyone|everybody"
    rf"|{YOUR} (?:{PARENT}|friends|school|teacher|family)|the whole school|the cops|the police)"
)
# What may follow a threat to tell: the end of the message, or what will be told ("ill tell
# your mom what you did"); not a message of one's own ("ill tell your mom you said hi", "ill
# send everyone the link").
TOLD: Final = (
    rf"(?=\s*(?:[.!?]|$|,? (?:if|unless|when|and then)\b| about (?:us|this|it|what|you|me|that"
    rf"|everything|our)\b| what (?:{YOU}|we)\b| that {YOU}\b| everything\b| all about\b| how"
    rf" {YOU}\b| who {YOU}\b| the truth\b| our secret\b| {YOU}(?:re| are| were| have been)"
    r" (?:talking|chatting|sending|texting|sexting|doing)\b))"
)
COERCION: Final[tuple[Rule, ...]] = (
    ("en", STRONG, rf"\b(?:or else|otherwise) {THEN_I} (?:\S+ ){{0,3}}?{THREAT_VERB}\b"),
    (
        "en",
        STRONG,
        rf"\bif {YOU} (?:dont|do not|wont|will not|refuse|stop|tell|block|say no|ignore)"
        rf"(?! mind\b)(?: \S+){{0,8}}? {THEN_I}(?: \S+)? {THREAT_VERB}"
        rf"(?!(?<=tell|send|show) {YOU}\b)(?!(?<=share) {YOU}\b)",
    ),
    # telling or showing everyone, the parents, the school: with what is told, or alone
    (
        "en",
        STRONG,
        rf"\b{THEN_I} (?:tell|show|send|post) (?:(?:it|them|this|{YOUR} pics|everything) )?"
        rf"(?:to )?{EXPOSE_TO}\b{TOLD}|\b{THEN_I} (?:show|send|post|share) {YOUR} (?:\S+ )?"
        rf"(?:pics|pictures|photos|nudes|videos?|vids) to {EXPOSE_TO}\b",
    ),
    (
        "en",
        MEDIUM,
        rf"\b{THEN_I} (?:post|share|leak|upload|spread|expose) {YOUR} (?:\S+ )?{PICS}\s*[.!]*\s*$",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:post|share|send|show|leak|upload|spread) {YOUR} (?:\S+ )?(?:{PICS}) (?:to|online"
        rf"|on|"
        rf"everywhere|with everyone|around)\b",
    ),
    # "ill leak your nudes", "ill ruin your life", "or ill tell your mom"
    (
        "en",
        STRONG,
        rf"\b{THEN_I} (?:leak|expose|spread|upload) {YOUR} (?:\S+ )?(?:{PICS}|secrets?|chats?)"
        rf"|\b{THEN_I} (?:post|share) {YOUR} (?:nudes|nude pics|naked pics)\b"
        rf"|\b{THEN_I} (?:ruin|destroy|wreck) {YOUR} life\b"
        rf"|\bor {THEN_I} (?:tell|show|send|post|share|leak|spread|upload)(?: (?:it|them|this"
        rf"|that|everything|{YOUR} (?:\S+ )?(?:pics|pictures|photos|nudes|videos?|vids)|the"
        rf" (?:pics|pictures|photos|nudes|videos?|vids)))?(?: to)? {EXPOSE_TO}\b",
    ),
    # a price or a demand, or the pictures go out: "pay me 500 or the pics go public"
    (
        "en",
        STRONG,
        r"\b(?:pay|send|give) (?:me )?(?:\S+ ){0,2}?or (?:the|your|ur|all|these|those|my)"
        r" (?:pics|pictures|photos|videos?|vids|nudes)(?: \S+)? (?:go|goes|get|gets|will go|will"
        r" get|are going|will be) (?:public|online|viral|out|everywhere|posted|leaked|sent|to)\b",
    ),
    (
        "en",
        STRONG,
        rf"\bif {YOU} (?:dont|do not|wont|will not|refuse|block|ignore) (?:\S+ ){{0,6}}?"
        rf"(?:your (?:parents|mom|dad|mother|father|family|friends)|everyone|everybody|the"
        r" whole school) (?:will|are going to|is going to) (?:see|know|find out|get)\b",
    ),
    # "you owe me" but not a drink or a meal; "you said you would" (weak: often a reminder)
    (
        "en",
        WEAK,
        rf"\b{YOU} owe me\b(?! (?:money|one|big|(?:a |an )?(?:drink|beer|coffee|lunch|dinner"
        rf"|pizza|soda|coke|burger|meal|round|snack|tea|breakfast|taco|cookie|cake|ice cream)"
        rf"|lunch|dinner|\$|\d))|\b{YOU} (?:said|promised) {YOU} (?:would|will)\b(?=\s*(?:[.!?,]"
        rf"|$| send| show| do it| come| meet| call| be there))",
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
    #
    # The other languages follow the same shapes: a condition or "or" followed by exposing
    # the other; sending or posting the other's pictures (not one's own holiday photos);
    # telling the parents or everyone, with nothing else said (not good news); "you owe me"
    # (weak, and not a coffee); a ruined life; a broken promise (weak).
    # Spanish
    (
        "es",
        STRONG,
        r"\b(?:o si no|si no lo haces|si no me (?:mandas|env[ií]as|haces caso|contestas|respondes)"
        r"|si me bloqueas|si no pagas|si no me pagas),? (?:\S+ ){0,3}?(?:(?:le|les|se lo) (?:voy a"
        r" )?(?:digo|cuento|dir[eé]|contar[eé]|decir|contar) (?:todo )?a (?:todos|tus|tu)"
        r"|(?:voy a )?(?:publico"
        r"|publicar[eé]?|subo|subir[eé]?|mando|mandar[eé]?|env[ií]o|enviar[eé]?|enseño|enseñar[eé]?"
        r"|muestro|mostrar[eé]?) (?:tus|las|todo|todas|(?:la|las|lo|los) (?:\S+ )?a (?:todos|tus|"
        r"tu))"
        r"|(?:la|las|lo|los) (?:publico|subo|mando|env[ií]o|enseño|muestro))"
        r"|\bo (?:le|les) (?:digo|cuento|dir[eé]|contar[eé]) (?:todo )?a (?:todos|tus (?:padres|"
        r"papás"
        r"|papas|amigos)|tu (?:mam[áa]|pap[áa]|madre|padre))\b",
    ),
    (
        "es",
        STRONG,
        r"(?<!\bte )(?<!\bme )\b(?:publico|subo|mando|env[ií]o|enseño|muestro|publicar[eé]|"
        r"subir[eé]"
        r"|mandar[eé]|enviar[eé]|enseñar[eé]|mostrar[eé]) tus (?:fotos|videos|v[ií]deos|nudes|"
        r"packs?)\b"
        r"|\bse (?:las|los) (?:voy a )?(?:mandar|enviar|enseñar|mostrar|pasar) a (?:tus (?:amigos"
        r"|padres|papás|papas)|todos|tu (?:mam[áa]|pap[áa]))\b|\btus (?:fotos|videos|v[ií]deos"
        r"|nudes) (?:van a|ir[aá]n a|se van a subir a) (?:internet|las redes|todos)\b",
    ),
    (
        "es",
        STRONG,
        r"\b(?:le|se lo) (?:voy a )?(?:decir|contar|dir[eé]|contar[eé]) (?:todo )?(?:a todos|a tus"
        r" padres|"
        r"a tu (?:mam[áa]|pap[áa]|madre|padre))\b(?=\s*(?:[.!?]|$|,? si\b| todo\b| lo que"
        r" (?:hiciste|haces|me (?:mandaste|enviaste|dijiste)|hablamos)\b| que (?:me|nos|hablas"
        r"|hablamos|mandaste|enviaste)\b| (?:de|sobre) (?:nosotros|ti|esto)\b))",
    ),
    (
        "es",
        WEAK,
        r"\bme (?:lo )?debes\b(?! (?:un|una|unos|unas) (?:caf[eé]|cerveza|birra|chela|pizza|comida"
        r"|almuerzo|cena|helado|refresco|trago)\b)|\bme (?:dijiste|prometiste) que lo har[ií]as\b",
    ),
    (
        "es",
        MEDIUM,
        r"(?<!\bno )\bte vas a arrepentir\b|\bo te arrepentir[aá]s\b|\bs[eé] d[oó]nde vives\b"
        r"|\bsi me quisieras\b",
    ),
    ("es", STRONG, r"\b(?:voy a |te voy a )?(?:arruinar|destruir|joder) (?:tu|la) vida\b"),
    # German
    (
        "de",
        STRONG,
        r"\b(?:sonst|ansonsten|wenn du (?:nicht|mich|nichts|mir nicht|das nicht|es nicht|keine"
        r"|kein|mir keine|mir kein|mir nichts)(?: \S+){0,4}?) (?:(?:werde|würde) ich|ich werde"
        r"|(?:schick|schicke|zeig|zeige|erzähl|erzähle|sag|sage|poste|stell|stelle|verschick"
        r"|verschicke|veröffentliche|verbreite|lade|verrat|verrate) ich(?! dir\b))"
        r"(?: \S+){0,3}? (?:allen|jedem|deinen eltern|deiner (?:mutter|mama)|deinem (?:vater|papa)"
        r"|an deine (?:eltern|mutter|mama|freunde)|an alle|online|ins netz|ins internet|rum|herum"
        r"|die bilder|die fotos|deine bilder|deine fotos|die videos|deine videos|alles)\b",
    ),
    (
        "de",
        STRONG,
        r"\b(?:ich )?(?:schick|zeige|zeig|poste|veröffentliche|verschicke|stelle|stell) "
        r"(?:deine (?:bilder|fotos|videos|nacktbilder) (?:an|allen|deinen|ins|online|rum)"
        r"|die (?:bilder|fotos|videos|nacktbilder) (?:allen|deinen eltern|ins netz|ins internet"
        r"|online|rum))\b",
    ),
    (
        "de",
        STRONG,
        r"\bich (?:erzähl|erzähle|sag|sage|verrate|verrat) (?:es |das |alles )?(?:allen in deiner"
        r" (?:schule|klasse)|allen|jedem"
        r"|deinen eltern|deiner (?:mutter|mama)|deinem (?:vater|papa))\b(?=\s*(?:[.!?]|$|,? (?:wenn"
        r"|falls|außer)\b| alles\b| was\b| dass\b| davon\b| von (?:uns|dir)\b| über (?:uns|dich)"
        r"\b))"
        r"|\bich hab(?:e)? deine (?:bilder|fotos|videos|nacktbilder),? (?:und )?(?:jeder|alle"
        r"|deine eltern) (?:wird|werden|kann|können|soll|sollen) (?:sie|die|es) (?:\S+ )?sehen\b",
    ),
    (
        "de",
        WEAK,
        r"\bdu schuldest mir\b(?! (?:noch )?(?:ein|einen|eine|nen|ne|'?n) (?:kaffee|bier|eis"
        r"|pizza|essen|getränk|drink)\b)|\bdu hast es (?:mir )?versprochen\b",
    ),
    (
        "de",
        MEDIUM,
        r"\bdas wirst du bereuen\b|\boder du wirst es bereuen\b|\bich wei(?:ß|ss) wo du wohnst\b"
        r"|\bwenn du mich lieben würdest\b",
    ),
    ("de", STRONG, r"\bich (?:mach|mache|werde) dein leben (?:kaputt|zur hölle|zerstören)\b"),
    # French
    (
        "fr",
        STRONG,
        r"\bsinon (?:je (?:vais )?|j'vais )(?:le |la |les |l')(?:dire|dis|raconter|raconte|montrer"
        r"|montre|envoyer|envoie|balancer|balance|publier|publie|poster|poste) (?:[àa] (?:ta|tes"
        r"|ton|tout|toute)|partout|sur internet)\b"
        r"|\bsinon (?:je vais |j'vais |je )(?:tout )?(?:envoyer|publier|montrer|dire|balancer"
        r"|raconter|poster|diffuser|envoie|publie|montre|dis|balance|raconte|poste|diffuse)\b"
        r"|\bsinon j'envoie\b|\bou (?:je |j')(?:le dis|dis tout|raconte tout|le raconte) [àa]"
        r" (?:ta|tes|ton|tout|toute)\b|\bou (?:je |j')(?:publie|balance|diffuse|envoie|montre)"
        r" (?:tes|les|tout)\b|\bsi tu (?:me bloques|ne|r[ée]ponds pas|refuses|m'ignores|le fais"
        r" pas|envoies pas|payes pas|paies pas|(?:me |m'|le |l')?\S+ (?:pas|plus))(?: \S+){0,4}?"
        r" (?:je |j')(?:le |la |les |l')?(?:balance|publie|diffuse"
        r"|envoie|montre|dis|raconte)(?: \S+){0,2}? (?:tout|tes|les photos|[àa] (?:tes|ta|ton"
        r"|tout))\b",
    ),
    (
        "fr",
        STRONG,
        r"\bje (?:vais|peux) (?:\S+ )?(?:publier|envoyer|montrer|balancer|diffuser|poster) tes"
        r" (?:photos|vid[ée]os|nudes)\b|\b(?:je |j')(?:publie|balance|montre|diffuse|envoie) tes"
        r" (?:photos|vid[ée]os|nudes)\b|\b(?:publier|envoyer|montrer|balancer|diffuser|publie"
        r"|envoie|balance) (?:tes|les) (?:photos|vid[ée]os|nudes) (?:[àa] tout le monde|partout"
        r"|sur internet|[àa] tes parents|[àa] ta m[èe]re|[àa] tes potes|[àa] tes amis)\b"
        r"|\bj'ai tes (?:photos|vid[ée]os|nudes),? (?:et )?tout le monde va les voir\b",
    ),
    (
        "fr",
        STRONG,
        r"\bje vais (?:le )?dire [àa] (?:tout le monde|tes parents|ta m[èe]re|toute ton [ée]cole"
        r"|tes potes|tes amis)\b(?=\s*(?:[.!?]|$|,? si\b| ce que (?:tu|on)\b| que tu\b| tout\b"
        r"| sur (?:nous|toi)\b| pour nous\b))",
    ),
    (
        "fr",
        WEAK,
        r"\btu me (?:le )?dois\b(?! (?:un|une) (?:caf[ée]|bi[èe]re|verre|pizza|resto|repas"
        r"|glace)\b)|\btu (?:avais|m'avais|l'avais) promis\b",
    ),
    (
        "fr",
        MEDIUM,
        r"\btu vas le regretter\b|\bje sais o[uù] tu habites\b|\bsi tu m'aimais\b",
    ),
    ("fr", STRONG, r"\bje vais (?:ruiner|d[ée]truire|gâcher|pourrir) ta vie\b"),
    # Dutch
    (
        "nl",
        STRONG,
        r"\banders (?:stuur ik|zet ik|vertel ik|verspreid ik|laat ik (?:iedereen|je ouders|het)"
        r"|(?:ga|zal) ik (?:\S+ ){0,3}?(?:sturen|versturen|zetten|vertellen|verspreiden|laten zien"
        r"|posten|rondsturen))\b|\bals je (?:niet|me|mij|nou niet|geen|het niet|that niet|nu niet)"
        r"(?: \S+){0,4}? (?:laat|stuur|zet|verspreid|vertel|post) ik\b(?: \S+){0,4}? (?:je"
        r" ouders|je moeder|je vader|iedereen|online|op internet|rond|alles)\b(?! (?:weten"
        r"|horen)\b)|\bof ik (?:zeg|vertel) het (?:tegen|aan) (?:je|jouw)"
        r" (?:ouders|moeder|vader|mama|papa)\b|\bof ik (?:verspreid|stuur|zet|post) (?:je|jouw|de)"
        r" (?:foto's|fotos|video's|filmpjes)\b",
    ),
    (
        "nl",
        STRONG,
        r"\b(?:ik )?(?:stuur|zet|laat|verspreid) (?:(?:je|jouw) (?:foto's|fotos|video's|filmpjes"
        r"|naaktfoto's) (?:rond|online|aan iedereen|op internet|door)|(?:die|de) (?:foto's|fotos"
        r"|video's|filmpjes|naaktfoto's) (?:rond|aan iedereen|door))\b|\bik heb (?:je|jouw)"
        r" (?:foto's|fotos|video's),? (?:en )?iedereen (?:gaat|zal) ze zien\b",
    ),
    (
        "nl",
        STRONG,
        r"\bik vertel het (?:aan |tegen )?(?:iedereen|je ouders|je moeder)\b(?=\s*(?:[.!?]|$|,? als"
        r"\b| wat\b| dat je\b| over (?:ons|jou)\b))",
    ),
    (
        "nl",
        WEAK,
        r"\bje bent me (?:iets )?schuldig\b(?! (?:een|nog een) (?:koffie|biertje|bier|pizza"
        r"|drankje|ijsje)\b)|\bje had het (?:me )?beloofd\b",
    ),
    (
        "nl",
        MEDIUM,
        r"(?<!geen )\bspijt van krijgen\b|\bof je krijgt (?:er )?spijt\b|\bik weet waar je woont\b"
        r"|\bals je echt van me (?:hield|houdt)\b",
    ),
    ("nl", STRONG, r"\bik maak (?:je|jouw) leven kapot\b"),
    # Portuguese
    (
        "pt",
        STRONG,
        r"\b(?:sen[ãa]o|se n[ãa]o),? (?:eu )?(?:vou (?:\S+ )?(?:contar|mandar|postar|mostrar"
        r"|espalhar|vazar|enviar|publicar|divulgar)|conto|posto|mostro|espalho|vazo|divulgo|mando"
        r" (?:suas|tuas|as fotos|tudo|pra|para|pros))\b|\bse (?:(?:vc|voc[eê]|tu) (?:n[ãa]o|me"
        r" bloquear|me ignorar|me deixar)|me (?:bloquear|ignorar|denunciar))(?: \S+){0,4}?"
        r" (?:eu )?(?:espalho|posto|mostro|vazo|conto"
        r"|mando|divulgo)(?: \S+)? (?:tudo|suas|tuas|as fotos|pra|para|pros)\b|\bou (?:eu )"
        r"?(?:conto"
        r"|falo) (?:tudo )?(?:pra|para|pros|pras|aos) (?:seus|teus|sua|tua|todo mundo|todos|a"
        r" escola)\b|\bou (?:eu )?(?:espalho|posto|vazo|mostro|divulgo) (?:suas|tuas|as|tudo)\b",
    ),
    (
        "pt",
        STRONG,
        r"(?<!\bme )\b(?:vou (?:\S+ )?|eu )?(?:postar|espalhar|vazar|mostrar|divulgar|publicar|"
        r"posto"
        r"|espalho|vazo|divulgo) (?:suas|tuas) (?:fotos|nudes|v[ií]deos)\b|\b(?:vou (?:\S+ )?)?"
        r"(?:mandar|postar|espalhar|mostrar|enviar) (?:as|suas|tuas) (?:fotos|nudes|v[ií]deos)"
        r" (?:pra|para|pros|pras) (?:todo mundo|todos|seus pais|sua m[ãa]e|a escola)\b"
        r"|\btenho (?:suas|tuas) (?:fotos|nudes|v[ií]deos),? (?:e )?todo mundo vai ver\b",
    ),
    (
        "pt",
        STRONG,
        r"\b(?:vou )?contar (?:pra|para|a) (?:todo mundo|todos|seus pais|sua m[ãa]e|escola toda"
        r"|a escola toda|toda a escola|sua escola)\b(?=\s*(?:[.!?]|$|,? se\b| tudo\b| o que"
        r" (?:vc|voc[eê]) (?:fez|faz|mandou)\b| que (?:vc|voc[eê]) (?:me|manda|mandou|conversa|"
        r"fala)"
        r"\b| sobre (?:n[óo]s|a gente|voc[eê]|vc)\b))",
    ),
    (
        "pt",
        WEAK,
        r"\b(?:voc[eê]|vc) me deve\b(?! (?:um|uma) (?:caf[ée]|cerveja|pizza|almo[çc]o|lanche"
        r"|sorvete|refri|jantar)\b)|\b(?:voc[eê]|vc) (?:me )?prometeu\b",
    ),
    (
        "pt",
        MEDIUM,
        r"(?<!n[ãa]o )\bvai se arrepender\b|\bsei onde (?:voc[eê]|vc) mora\b|"
        r"\bse (?:voc[eê]|vc) me amasse\b",
    ),
    ("pt", STRONG, r"\bvou (?:acabar com|destruir|arruinar) (?:a )?(?:sua|tua) vida\b"),
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
    # photos of the other's room ("send me a pic of your room", "show me your bedroom"); not of
    # a house, which adults show each other (a sale, a move)
    (
        "en",
        MEDIUM,
        rf"\b(?:pic|pics|picture|pictures|photo|photos|selfie|selfies|video|vid) (?:of|from|in)"
        rf" {YOUR} (?:room|bedroom|bed|bathroom)\b|\bshow me {YOUR} (?:room|bedroom|bed"
        rf"|bathroom)\b",
    ),
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
    ("en", MEDIUM, r"\bprivate (?:server|room|channel|discord)\b"),
    # "so we can talk alone", "be alone with me"; not "i like to be alone"
    (
        "en",
        MEDIUM,
        rf"\b(?:we|{YOU} and (?:i|me)|me and {YOU}) (?:can|could|will|would) (?:\S+ )?(?:talk|be"
        rf"|chat|hang out) alone\b|\bbe alone (?:with me|together)\b",
    ),
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
    # what the other is wearing now, alone or with "right now", "under", "in bed"; not for
    # an occasion ("what are you wearing to the party", "... tomorrow", "... by the way")
    (
        "en",
        MEDIUM,
        rf"\bwhat (?:are|r) {YOU} wearing\b(?=\s*(?:$|[.!?:;)]|(?:right now|now|rn|atm|at the"
        rf" moment|under|underneath|in bed|to bed|baby|babe|hun|honey|sexy|beautiful|cutie"
        rf"|first)\b))",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:have|do|did|would|will|can|could) {YOU} (?:ever |still |sometimes )?touch(?:ed)?"
        rf" (?:yourself|your self)\b|\btouch(?:es|ed|ing)? (?:yourself|your self)\b(?= (?:for me"
        rf"|down there|there|while|when|at night|in bed)\b|\s*[.!?]*\s*$)",
    ),
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
