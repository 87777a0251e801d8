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
literal so that the combined prefilter stays fast.
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

YOU: Final = r"(?:you|ya|yu|yuo|yall)"
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
# Chat apps and channels. Generic words (line, signal, text) are left out: they only count
# in the strongest contexts, which name them explicitly.
APP: Final = (
    r"\b(?:snap ?chat|snap|sc|whats ?app|wapp|wsp|wasap|guasap|zap|zapzap|telegram|kik|discord"
    r"|skype|insta ?gram|insta|ig|facebook|fb|messenger|viber|wechat|tiktok|yahoo|ym|y!m|aim"
    r"|msn|icq|hangouts|myspace|email|e-mail|gmail|hotmail|aol)\b"
)
NUMBER: Final = r"\b(?:number|num|digits|cell|cell ?phone|phone|mobile|cel|celular)\b"
THEN_I: Final = r"(?:i will|ill|im going to|i am going to|i'?ll|i am gonna)"
THREAT_VERB: Final = (
    r"\b(?:tell|send|post|show|share|put|leak|upload|spread|expose|hurt|kill|find|ruin|make)\b"
)
MONTH_PART: Final = r"\b(?:tonight|tomorrow|today|saturday|sunday|friday|this weekend|next week)\b"


def _g(n: int) -> str:
    """Up to ``n`` intervening words."""
    return rf"(?:\S+ ){{0,{n}}}"


# ---------------------------------------------------------------------------------------
# High-severity labels: six languages
# ---------------------------------------------------------------------------------------

AGE_PROBE: Final[tuple[Rule, ...]] = (
    ("en", STRONG, r"^(?:asl|a/s/l)\b(?!\[)|\b(?:asl|a/s/l)\s*(?:\?|$|please|pls|first)"),
    ("en", STRONG, rf"\bhow old (?:are|r) {YOU}\b|\bhow old {YOU}\s*(?:\?|$)"),
    ("en", MEDIUM, rf"^(?:so |and |hey |hi )?how old {YOU} are\s*\?"),
    ("en", STRONG, rf"\bhow young (?:are )?{YOU}\b"),
    ("en", MEDIUM, r"\bhow old\s*(?:\?|$)"),
    ("en", STRONG, rf"\bwhat(?:s| is)? {YOUR} age\b"),
    ("en", MEDIUM, rf"\b{YOUR} age\s*\?"),
    ("en", MEDIUM, r"^\bage\b\s*\?"),
    ("en", STRONG, rf"\bwhat (?:grade|year) (?:are )?{YOU}(?: in)?\b"),
    ("en", STRONG, rf"\bwhat grade\s*(?:\?|$)|\bwhich grade (?:are )?{YOU}\b"),
    ("en", STRONG, rf"\bwhat year (?:in school|of school|were {YOU} born)\b"),
    ("en", MEDIUM, rf"\bwhen were {YOU} born\b"),
    ("en", STRONG, rf"\bare {YOU} (?:really |actually |only |just |even )?(?:1[0-9]|[5-9])\b"),
    ("en", MEDIUM, rf"\bare {YOU} (?:over|under|even) (?:18|21|16)\b|\bare {YOU} legal\b"),
    (
        "en",
        MEDIUM,
        rf"\b(?:are|do) {YOU} (?:in|go to) (?:high|middle|junior high|elementary) school\b",
    ),
    # Spanish
    ("es", STRONG, r"\bcu[aá]ntos a[ñn]os (?:tienes|tenes|tenés|ten[ií]s|cumples)\b"),
    ("es", STRONG, r"\bqu[eé] edad (?:tienes|tenes|tenés|ten[ií]s)\b|\btu edad\s*\?"),
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
    ("pt", STRONG, r"\bquantos anos (?:voc[eê] tem|vc tem|tu tens|tem)\b"),
    ("pt", STRONG, r"\bqual (?:[eé] )?(?:a )?(?:sua|tua) idade\b|^idade\s*\?"),
    ("pt", STRONG, r"\bem que (?:s[eé]rie|ano) (?:voc[eê]|vc|tu) (?:est[aá]|estuda|tá)\b"),
)

SECRECY: Final[tuple[Rule, ...]] = (
    (
        "en",
        STRONG,
        rf"\b(?:dont|do not|never|better not|shouldnt|should not|mustnt|must not|not to|"
        rf"{YOU} (?:cant|cannot|can not|better not|shouldnt|must not|mustnt)|"
        rf"(?:youre|{YOUR}|{YOU} are) not(?: going to)?) (?:ever )?(?:tell|telling|say anything to"
        rf"|mention (?:this|it|me|us) to) (?:this (?:things? )?to )?(?:anyone|anybody|any ?one|"
        rf"no ?one|nobody|noone|{YOUR} {PARENT}|{YOUR} (?:friends?|family|girlfriend|best friend|"
        rf"bf|teacher))\b",
    ),
    ("en", STRONG, r"\b(?:dont|do not|never) tell (?:him|her|them) about (?:us|me|this|it|our)\b"),
    ("en", STRONG, r"\bour (?:little |lil |big )?secrets?\b"),
    ("en", MEDIUM, r"\b(?:lil|little|dirty) secret\b"),
    (
        "en",
        STRONG,
        r"\b(?:this|it|that|we|us) (?:is|will be|can be|stays|be|are) (?:our|a) "
        r"(?:little |lil )?secret\b",
    ),
    (
        "en",
        STRONG,
        r"\bkeep (?:it|this|us|that|things|everything|what we) (?:\S+ ){0,2}?"
        r"(?:a secret|secret|between us|quiet|on the down ?low|to (?:yourself|ourselves))",
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
        r"this|your) (?:\S+ )?(?:chats?|convos?|conversations?|messages|msgs|ims?|logs?|"
        r"history|archives?|texts|emails|number|caller id)\b",
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
        r"ever has to|would|can) (?:ever )?know\b",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:dont|do not|never|better not|cant) let (?:{YOUR} {PARENT}|anyone|anybody|them|"
        rf"him|her|no ?one|nobody) (?:\S+ )?(?:see|know|find out|read|catch)\b",
    ),
    (
        "en",
        MEDIUM,
        r"\b(?:can|could) you keep a secret\b|\bgood at keeping secrets\b|\bsecret keeper\b",
    ),
    ("en", MEDIUM, rf"\bhide (?:it|this|them|that|me) from {YOUR} {PARENT}\b"),
    (
        "en",
        MEDIUM,
        rf"\b(?:if|when) (?:someone|anyone|anybody|somebody|they|{YOUR} {PARENT}) (?:ever )?"
        rf"(?:finds|found|find) out\b|\b(?:dont|not|never) get caught\b",
    ),
    ("en", MEDIUM, rf"\btell {YOUR} {PARENT} {YOU}(?:re| are) (?:at|with|going to|staying)\b"),
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
    ("en", MEDIUM, rf"^(?:so |and |hey )?{YOU} (?:have|got|use) (?:a |an )?{APP}\s*\?"),
    (
        "en",
        MEDIUM,
        rf"\b(?:do )?{YOU} (?:have|got) (?:a |an |your own )?(?:cell|cell ?phone|phone|mobile)"
        rf"(?: number)?\s*\?",
    ),
    ("en", MEDIUM, r"\b(?:able to|want to|wanna|gonna|going to) call (?:me|tonight|later)\b"),
    (
        "en",
        STRONG,
        rf"\b(?:what(?:s| is)?|whats|give me|send me|tell me|gimme|can i (?:have|get)|may i have) "
        rf"{YOUR} (?:{APP}|{NUMBER})(?: name| id| username| user| handle| number| address|"
        rf" addy)?\b",
    ),
    ("en", MEDIUM, rf"\bmy (?:{APP}|{NUMBER}) (?:name |id |username |addy |address |number )?is\b"),
    ("en", MEDIUM, rf"\b{YOUR} (?:{APP}|{NUMBER}) ?\?"),
    (
        "en",
        STRONG,
        rf"\b(?:lets|let us|we (?:can|could|should)|want to|wanna|can we) (?:talk|chat|move|go|"
        rf"switch|continue|text) (?:on|to|in|over|via) (?:{APP}|private|pm|dm|text|the phone)\b",
    ),
    ("en", STRONG, r"\b(?:snapchat|snap|kik|skype|whatsapp|telegram|discord|insta|im) me\b"),
    ("en", MEDIUM, r"\b(?:pm|dm) me\b"),
    ("en", STRONG, rf"\b(?:can|could|may|should) i (?:call|text|ring|phone) {YOU}\b"),
    (
        "en",
        STRONG,
        rf"\b(?:ill|i will|let me|lemme|i can|i could|i want to) (?:call|text|phone|ring) {YOU}\b",
    ),
    ("en", STRONG, rf"\b(?:can|could|will|would) {YOU} (?:call|text|phone|ring|email) me\b"),
    (
        "en",
        MEDIUM,
        rf"\b{YOU} (?:can|could) (?:call|text|email) me\b(?=\s*(?:$|[.!?,]|now|later|tonight|"
        r"tomorrow|anytime|when|whenever|if|at|on|back|after|before|around|sometime|please))",
    ),
    ("en", MEDIUM, rf"\b{YOU} (?:can|could) call(?: or not)?\s*(?:[.!?]|$)"),
    (
        "en",
        WEAK,
        r"(?<!people )(?<!they )(?<!friends )(?<!everyone )(?<!what )(?<!guys )(?<!to )"
        r"\b(?:call|text|ring|phone|email|e-mail) me\b"
        # ... but not a name: "you can call me julia"
        r"(?! (?!(?:now|later|tonight|tomorrow|back|collect|asap|anytime|sometime|soon|please|"
        r"ok|okay|again|first)\b)[a-z]+\s*[.!?]*$)",
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
)

IMAGE_REQUEST: Final[tuple[Rule, ...]] = (
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
        rf"(?<!to )\bsend (?:some |more |a few |{YOUR} )?(?:new |sexy |naughty |hot |cute )?"
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
    ("en", MEDIUM, rf"\b(?:have|got|any) (?:a |any )?(?:more )?(?:pics|pictures|photos|{CAM}) ?\?"),
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
    ("en", STRONG, rf"\b(?:leave|keep|turn|put) (?:the |{YOUR} )?{CAM} on\b"),
    ("en", MEDIUM, rf"\b(?:see|watch) (?:{YOU}|me) on (?:the |{YOUR} )?{CAM}\b"),
    (
        "en",
        MEDIUM,
        rf"\b(?:i want to|i wanna|let me|can i|i would love to|id love to|wish i could) see "
        rf"(?:{YOU} (?:naked|"
        rf"nude|in your|on cam|without)|more of {YOU}|what {YOU} look like|{YOUR} (?:body|face"
        rf"|tits|"
        rf"boobs|pussy|ass|breasts|chest|bra|panties))\b",
    ),
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
    # German
    (
        "de",
        STRONG,
        r"\b(?:schick|schicke|send|sende) (?:mir |mal |doch |bitte )*(?:ein |eins |ein paar "
        r"|deine |"
        r"dein |mehr |noch )?(?:bild|bilder|foto|fotos|pic|pics|selfie|video|nacktbilder)\b",
    ),
    (
        "de",
        STRONG,
        r"\b(?:mach|mache|schalte|schalt) (?:deine |die |mal )?(?:cam|kamera|webcam) an\b",
    ),
    ("de", STRONG, r"\bvideo ?(?:anruf|chat|telefonie|call)\b"),
    ("de", MEDIUM, r"\bhast du (?:eine |ne )?(?:cam|webcam|kamera|bilder|fotos)\b"),
    ("de", STRONG, r"\b(?:zeig|zeige) (?:mir |mal )+(?:dich|ein bild|ein foto|deinen|deine)\b"),
    # French
    (
        "fr",
        STRONG,
        r"\b(?:envoie|envoies|envois|envoi|envoye|passe|montre)[- ]?moi (?:une |des |ta |tes |"
        r"d'autres |encore )?(?:photo|photos|selfie|vid[ée]o|pic|nude|nudes)\b",
    ),
    ("fr", STRONG, r"\b(?:allume|active|mets|ouvre) (?:ta |la )?(?:cam|cam[ée]ra|webcam)\b"),
    ("fr", STRONG, r"\bappel vid[ée]o\b|\bvisio\b|\bfacetime\b"),
    ("fr", MEDIUM, r"\b(?:t'as|tu as) (?:une |la )?(?:cam|webcam|cam[ée]ra)\b"),
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
)

MEETING: Final[tuple[Rule, ...]] = (
    (
        "en",
        STRONG,
        rf"\b(?:lets|let us|we (?:should|could|can|will|gotta|have to)|want to|i want to|"
        rf"would {YOU} like to|do {YOU} want to|{YOU} want to|can we|could we|cant wait to|"
        rf"like to|love to|wanted to|when can we|when (?:should|will|do) we) "
        rf"(?:finally |ever |actually |still )?(?:meet|hook up|get together|see each other)\b",
    ),
    (
        "en",
        STRONG,
        rf"\bmeet (?:me|{YOU}) (?:at|in|outside|by|near|there|somewhere|tonight|tomorrow)\b",
    ),
    (
        "en",
        MEDIUM,
        rf"(?<!nice )(?<!nice to )(?<!good to )(?<!glad to )(?<!great to )(?<!happy to"
        rf" )(?<!pleased to )"
        rf"\bmeet (?:me|{YOU}|up|in person|face to face|irl)\b",
    ),
    (
        "en",
        STRONG,
        rf"\b(?:when|where|how) (?:can|should|do|will|could|would) (?:we|i) (?:meet|see {YOU})\b",
    ),
    ("en", STRONG, r"\b(?:when|if|after|before) we (?:meet|hook up|get together|are together)\b"),
    ("en", MEDIUM, r"\b(?:when|if) we hang(?:in|ing)?(?: out)?\b"),
    ("en", MEDIUM, r"\b(?:day|time|place|night|where) to meet\b"),
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
    ("en", MEDIUM, rf"\btake {YOU} (?:out )?to (?:dinner|a movie|the movies|lunch|the mall)\b"),
    (
        "en",
        MEDIUM,
        rf"\b(?:see|meet) {YOU} (?:in person|face to face|irl|in real life|in an hour)\b",
    ),
    (
        "en",
        MEDIUM,
        r"\bhang ?out (?:with me|together|sometime|tonight|this weekend)\b|"
        r"\bwe (?:can|could) (?:just )?hang ?out\b",
    ),
    ("en", MEDIUM, r"\bwait for me (?:at|outside|in front|by)\b"),
    ("en", MEDIUM, r"\b(?:make|take) a trip (?:down|up|over|out) (?:to|there|on)\b"),
    ("en", MEDIUM, r"\b(?:meet|see each other) (?:4|for) real\b|\b(?:have|got) (?:to|2) meet\b"),
    (
        "en",
        MEDIUM,
        r"\b(?:i|ill|i can|i could|i will|cant|cannot|can i) (?:come|drive) (?:down|up) "
        r"(?:there|this weekend|tonight|tomorrow|to see)\b",
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
)

COERCION: Final[tuple[Rule, ...]] = (
    ("en", STRONG, rf"\b(?:or else|otherwise) {THEN_I} (?:\S+ ){{0,3}}?{THREAT_VERB}\b"),
    ("en", WEAK, r"\bor else\s*(?:[.!?]|$)"),
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
        rf"\b{YOU} owe me\b|\b{YOU} (?:said|promised) {YOU} (?:would|will)\b|"
        rf"\b{YOU}(?:ll| will) regret\b|\b(?:dont|do not) make me come over there\b",
    ),
    (
        "en",
        STRONG,
        r"\b(?:dont|do not) make me (?:tell|hurt|send|post|show)\b",
    ),
    (
        "en",
        STRONG,
        rf"(?<!can )(?<!to )\bi know where {YOU} live\b|\b{THEN_I} (?:hurt|kill|find) {YOU}\b(?!"
        rf" a | an | the | some )",
    ),
    (
        "en",
        STRONG,
        rf"\bif {YOU} (?:really |truly )?(?:loved|cared about|liked|trusted) me {YOU} would\b",
    ),
    ("en", MEDIUM, rf"\b(?:prove|show me) (?:that )?{YOU} (?:love|trust|care about|like) me\b"),
    ("en", WEAK, rf"\b{YOU} (?:are making|make|made) me (?:sad|unhappy|mad|angry|upset|cry)\b"),
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
    ("en", MEDIUM, r"\b(?:take (?:it|them|your \S+) off|hair down there|shave)\b"),
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
