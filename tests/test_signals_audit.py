"""Phrasings an audit found missed (2026-11-30), written as general shapes per language, and
the ordinary look-alikes the new shapes must leave alone. Texts are invented, not taken from
the corpus; every positive here did not fire its label before the rules that cover it.
"""

from __future__ import annotations

import pytest

from lurewatch.engine.signals import HIGH_SEVERITY, detect


def labels_of(text: str) -> set[str]:
    return {s.label for s in detect(text)}


# (label, language, message): every one must fire its label.
SHAPES = [
    # Proposals to meet on a day, pick-ups, coming to the other's town.
    ("meeting", "es", "podemos quedar el sábado"),
    ("meeting", "es", "podemos quedar el domingo?"),
    ("meeting", "es", "te apetece quedar conmigo"),
    ("meeting", "es", "podríamos quedar un día de estos"),
    ("meeting", "es", "paso a buscarte a tu casa"),
    ("meeting", "es", "paso a recogerte a las 8"),
    ("meeting", "es", "vengo a buscarte después del cole"),
    ("meeting", "es", "te busco a la salida del colegio"),
    ("meeting", "es", "iré la semana que viene a tu ciudad"),
    ("meeting", "de", "ich hol dich nach der schule ab"),
    ("meeting", "de", "ich hole dich morgen um 5 ab"),
    ("meeting", "de", "lass uns am samstag treffen"),
    ("meeting", "de", "sollen wir uns morgen im park treffen"),
    ("meeting", "de", "wollen wir uns am wochenende sehen?"),
    ("meeting", "de", "ich komme nächste woche in deine stadt"),
    ("meeting", "de", "ich fahre am samstag zu dir"),
    ("meeting", "nl", "zullen we zaterdag afspreken"),
    ("meeting", "nl", "kunnen we morgen ergens afspreken?"),
    ("meeting", "nl", "zullen we elkaar zaterdag zien"),
    ("meeting", "nl", "ik kom volgende week naar jouw stad"),
    ("meeting", "nl", "ik rij morgen naar je toe"),
    ("meeting", "pt", "eu te busco depois da escola"),
    ("meeting", "pt", "te pego na saída da escola"),
    ("meeting", "pt", "a gente se vê no sábado"),
    ("meeting", "pt", "a gente se vê na sexta-feira"),
    ("meeting", "pt", "passo aí pra te buscar"),
    ("meeting", "pt", "vou passar aí pra te pegar"),
    # A condition (refusing, blocking, not sending) and telling the parents or showing
    # everyone, in either order.
    ("meeting", "nl", "zullen we afspreken om 8 uur"),
    ("meeting", "pt", "vou te buscar amanhã"),
    ("meeting", "pt", "posso te ver no sábado"),
    ("coercion", "en", "if you tell anyone ill hurt you"),
    ("coercion", "en", "if you dont reply ill send them to your parents"),
    ("coercion", "en", "if you dont do it i will show everyone"),
    ("coercion", "es", "le voy a contar todo a tu mamá si no lo haces"),
    ("coercion", "es", "si no me mandas fotos se lo cuento todo a tus padres"),
    ("coercion", "es", "se lo voy a decir a tu mamá si no me contestas"),
    ("coercion", "de", "sonst erzähle ich es deiner mutter"),
    ("coercion", "de", "sonst sage ich es deinen eltern"),
    ("coercion", "de", "wenn du mir keine bilder schickst zeige ich sie allen"),
    ("coercion", "de", "wenn du es nicht machst, schicke ich die fotos an deine eltern"),
    ("coercion", "de", "ansonsten verrate ich alles deiner mama"),
    ("coercion", "fr", "sinon je le dis à ta mère"),
    ("coercion", "fr", "sinon je les envoie à tes parents"),
    ("coercion", "fr", "si tu m'envoies pas d'autres photos je les montre à tout le monde"),
    ("coercion", "fr", "si tu me réponds plus je balance tout"),
    ("coercion", "nl", "als je geen fotos meer stuurt laat ik ze aan iedereen zien"),
    ("coercion", "nl", "als je het niet doet stuur ik de fotos naar je ouders"),
    ("coercion", "nl", "als je dat niet doet vertel ik het je ouders"),
    ("coercion", "pt", "se me bloquear eu posto tudo"),
    ("coercion", "pt", "se me ignorar eu mando as fotos pra sua mãe"),
    # English: what the other is wearing now, touching themselves; photos of their room;
    # being alone together, a private discord.
    ("sexual", "en", "what are you wearing right now"),
    ("sexual", "en", "what r u wearing rn?"),
    ("sexual", "en", "so what are you wearing"),
    ("sexual", "en", "what are you wearing under that"),
    ("sexual", "en", "have you ever touched yourself"),
    ("sexual", "en", "do u ever touch urself?"),
    ("sexual", "en", "touch yourself for me"),
    ("personal_info", "en", "send me a pic of your room"),
    ("personal_info", "en", "show me your bedroom"),
    ("personal_info", "en", "take a selfie in your room"),
    ("isolation", "en", "come to my private discord so we can talk alone"),
    ("off_platform", "en", "come to my private discord so we can talk alone"),
    ("isolation", "en", "wish we could be alone together"),
    ("isolation", "en", "u wanna be alone with me"),
    ("off_platform", "en", "join my discord server"),
    ("off_platform", "en", "hop on my snap"),
]

# (language, message): none may fire a high-severity label.
LOOK_ALIKES = [
    # Staying in, agreeing on something, meeting online or in the past, a third party's pick-up.
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
    # Telling or sending something ordinary to the other or to the family.
    ("es", "le voy a contar a tu mamá que ganaste el premio"),
    ("de", "wenn du keine zeit hast, schick ich dir die fotos"),
    ("de", "wenn du nicht kommst, sag ich dir bescheid"),
    ("de", "sonst erzähle ich dir alles morgen"),
    ("fr", "si tu peux pas venir je te montre les photos demain"),
    ("fr", "sinon je le dis demain"),
    ("nl", "als je geen zin hebt laat ik iedereen weten dat het feest niet doorgaat"),
    ("nl", "als je het niet weet, vraag het aan je ouders"),
    ("pt", "se me deixar, eu conto tudo pra você depois"),
    ("pt", "se me ligar eu conto tudo"),
    ("nl", "zullen we afspreken dat jij kookt"),
    ("nl", "kunnen we afspreken wie de boodschappen doet"),
    ("pt", "vou te buscar um copo de água"),
    ("pt", "posso te pegar uma cerveja?"),
    ("en", "if you dont mind i will just tell you about it"),
    ("en", "if you dont know ill tell you"),
    ("en", "if you dont believe me ill send you a pic"),
]


@pytest.mark.parametrize(("label", "lang", "text"), SHAPES)
def test_shapes_fire_their_label(label: str, lang: str, text: str) -> None:
    assert label in labels_of(text), (lang, text)


@pytest.mark.parametrize(("lang", "text"), LOOK_ALIKES)
def test_look_alikes_fire_no_high_severity_label(lang: str, text: str) -> None:
    assert not labels_of(text) & set(HIGH_SEVERITY), (lang, text)


# (label, message): English look-alikes of the other labels; none may fire that label.
# Clothes for an occasion, one's own room or a house, wanting time alone, one's own laptop.
NOT_THE_LABEL = [
    ("sexual", "what are you wearing to the party"),
    ("sexual", "what are you wearing tomorrow for the interview"),
    ("sexual", "what are you wearing by the way? im in blue"),
    ("sexual", "dont touch yourself with dirty hands after gardening"),
    ("personal_info", "show me your code"),
    ("personal_info", "here is a pic of my room"),
    ("personal_info", "a picture of your house would be great for the listing"),
    ("isolation", "i like to be alone sometimes"),
    ("isolation", "you wont be alone there, tons of people"),
    ("isolation", "because then you can talk, and not be alone"),
    ("off_platform", "come to my house"),
    ("off_platform", "join my team for intramurals"),
    ("off_platform", "get on my laptop"),
    ("off_platform", "i set up a private server for my files"),
]


@pytest.mark.parametrize(("label", "text"), NOT_THE_LABEL)
def test_look_alikes_do_not_fire_the_label(label: str, text: str) -> None:
    assert label not in labels_of(text), text


def test_a_photo_of_the_room_is_both_a_photo_request_and_personal_information() -> None:
    assert {"image_request", "personal_info"} <= labels_of("send me a pic of your room")
