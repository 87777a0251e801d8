"""Phrasings an audit found missed (2026-11-30), as general shapes per language, and the
ordinary look-alikes the new shapes must leave alone. Texts are invented, not taken from the
corpus; every positive here fired nothing of its label before the rules that cover it.
"""

from __future__ import annotations

import pytest

from lurewatch.engine.signals import HIGH_SEVERITY, detect


def labels_of(text: str) -> set[str]:
    return {s.label for s in detect(text)}


# Proposals to meet on a day, pick-ups, coming to the other's town: (language, message).
MEETING = [
    ("es", "podemos quedar el sábado"),
    ("es", "podemos quedar el domingo?"),
    ("es", "te apetece quedar conmigo"),
    ("es", "podríamos quedar un día de estos"),
    ("es", "paso a buscarte a tu casa"),
    ("es", "paso a recogerte a las 8"),
    ("es", "vengo a buscarte después del cole"),
    ("es", "te busco a la salida del colegio"),
    ("es", "iré la semana que viene a tu ciudad"),
    ("de", "ich hol dich nach der schule ab"),
    ("de", "ich hole dich morgen um 5 ab"),
    ("de", "lass uns am samstag treffen"),
    ("de", "sollen wir uns morgen im park treffen"),
    ("de", "wollen wir uns am wochenende sehen?"),
    ("de", "ich komme nächste woche in deine stadt"),
    ("de", "ich fahre am samstag zu dir"),
    ("nl", "zullen we zaterdag afspreken"),
    ("nl", "kunnen we morgen ergens afspreken?"),
    ("nl", "zullen we elkaar zaterdag zien"),
    ("nl", "ik kom volgende week naar jouw stad"),
    ("nl", "ik rij morgen naar je toe"),
    ("pt", "eu te busco depois da escola"),
    ("pt", "te pego na saída da escola"),
    ("pt", "a gente se vê no sábado"),
    ("pt", "a gente se vê na sexta-feira"),
    ("pt", "passo aí pra te buscar"),
    ("pt", "vou passar aí pra te pegar"),
]

# Staying in, agreeing on something, meeting online or in the past, a third party's pick-up.
NOT_MEETING = [
    ("es", "vamos a quedar en casa"),
    ("es", "podemos quedar como amigos"),
    ("es", "me puedo quedar el sábado en casa"),
    ("es", "te busco en facebook"),
    ("es", "mi mamá me recogió después de la escuela"),
    ("es", "nos vimos el sábado"),
    ("es", "paso a buscar el pan"),
    ("de", "lass uns beim nächsten treffen darüber reden"),
    ("de", "lass uns morgen im discord treffen"),
    ("de", "lass uns das morgen sehen"),
    ("de", "wir haben uns am samstag getroffen"),
    ("de", "meine mutter hat mich nach der schule abgeholt"),
    ("de", "mama holt dich nach der schule ab"),
    ("de", "ich komme aus deiner stadt"),
    ("de", "ich komme nicht zu dir"),
    ("nl", "kunnen we iets anders afspreken"),
    ("nl", "we hebben zaterdag afgesproken"),
    ("nl", "zullen we morgen online afspreken"),
    ("nl", "zullen we met haar afspreken"),
    ("nl", "ik kom uit jouw stad"),
    ("nl", "ik kom niet naar je huis"),
    ("pt", "te pego na mentira"),
    ("pt", "a gente se vê"),
    ("pt", "minha mãe me buscou depois da escola"),
    ("pt", "a gente se viu no sábado"),
    ("pt", "a gente se vê no sábado no discord"),
    ("en", "my mom picked me up after school"),
    ("en", "we met on saturday"),
    ("en", "i'll tell you tomorrow"),
]


@pytest.mark.parametrize(("lang", "text"), MEETING)
def test_meeting_shapes_fire(lang: str, text: str) -> None:
    assert "meeting" in labels_of(text), (lang, text)


@pytest.mark.parametrize(("lang", "text"), NOT_MEETING)
def test_meeting_look_alikes_fire_no_high_severity_label(lang: str, text: str) -> None:
    assert not labels_of(text) & set(HIGH_SEVERITY), (lang, text)
