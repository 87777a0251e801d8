"""Families of phrasings the behaviour detectors cover, and look-alikes they must leave alone.

Each case stands for a family of phrasings (typos and shorthand, offers to call, invitations,
wishes for the other's camera, ...), as ``benchmarks/signals/GUIDE.md`` defines the labels;
the negatives are what the guide says a label is not (greetings, naming, third parties,
talk about one's own phone). Texts are invented, not taken from the corpus.
"""

from __future__ import annotations

import pytest

from lurewatch.engine.signals import HIGH_SEVERITY, detect


def labels_of(text: str) -> set[str]:
    return {s.label for s in detect(text)}


# (label, message): every one must fire its label.
FAMILIES = [
    # age_probe: typos of "how", a term of endearment instead of "you", school year
    ("age_probe", "hw old r u"),
    ("age_probe", "hoe old are you??"),
    ("age_probe", "how old babe?"),
    ("age_probe", "so r u in 6th grade now"),
    ("age_probe", "wait youre a sophomore?"),
    ("age_probe", "are you a freshman this year"),
    ("age_probe", "hey asl pls"),
    ("age_probe", "q edad tienes"),
    ("age_probe", "qts anos vc tem"),
    # secrecy: promises not to tell, the other's parents must not know, lying to them
    ("secrecy", "promise u wont tell anybody ok"),
    ("secrecy", "you wouldnt tell no one right"),
    ("secrecy", "ur not gonna tell my dad about this right"),
    ("secrecy", "dont tell your brother about this"),
    ("secrecy", "better not tell lol"),
    ("secrecy", "dont let mom read this"),
    ("secrecy", "ur mom cant find out ok"),
    ("secrecy", "make sure nobody sees these"),
    ("secrecy", "do ur parents ever go through your phone"),
    ("secrecy", "ur parents check ur messages?"),
    ("secrecy", "just tell her ur staying with a friend"),
    ("secrecy", "just tell them ur 19"),
    ("secrecy", "keep it on the down low"),
    ("secrecy", "erase our logs after"),
    ("secrecy", "no one has to know what we talk about"),
    ("secrecy", "what if your dad found out"),
    ("secrecy", "no dejes que tu mamá lo vea"),
    ("secrecy", "tus padres no pueden saberlo"),
    ("secrecy", "deine eltern dürfen das nicht wissen"),
    ("secrecy", "behalt es für dich"),
    ("secrecy", "tes parents ne doivent pas le savoir"),
    ("secrecy", "garde-le pour toi"),
    ("secrecy", "je ouders mogen het niet weten"),
    ("secrecy", "hou het voor jezelf"),
    ("secrecy", "seus pais não podem saber"),
    # off_platform: offers to call or text, phones, one's own number, mail, other apps
    ("off_platform", "ill call u later tonight"),
    ("off_platform", "i text you when im home"),
    ("off_platform", "so want me to call?"),
    ("off_platform", "r u calling me?"),
    ("off_platform", "ok call now"),
    ("off_platform", "could you talk on the phone tonight"),
    ("off_platform", "so do u got a cell?"),
    ("off_platform", "do u have a house phone?"),
    ("off_platform", "can i have ur home phone"),
    ("off_platform", "i already gave you my number"),
    ("off_platform", "heres my email"),
    ("off_platform", "do you still have my cell number"),
    ("off_platform", "shoot me an email"),
    ("off_platform", "can u email it to me"),
    ("off_platform", "sms me when ur free"),
    ("off_platform", "get on yahoo now"),
    ("off_platform", "kik?"),
    ("off_platform", "can chat on msn"),
    ("off_platform", "te paso mi número"),
    ("off_platform", "ich gebe dir meine nummer"),
    ("off_platform", "je te donne mon numéro"),
    ("off_platform", "ik geef je mijn nummer"),
    ("off_platform", "te passo meu zap"),
    # image_request: wishing for the other's cam or picture, cam already on, sharing, undressed
    ("image_request", "wish u had a webcam"),
    ("image_request", "i wish i had a pic of you"),
    ("image_request", "is your webcam on now"),
    ("image_request", "id love to see u in ur bikini"),
    ("image_request", "would love to see yours"),
    ("image_request", "so u got any pics?"),
    ("image_request", "got any pic?"),
    ("image_request", "can you share your pics"),
    ("image_request", "lets trade pics"),
    ("image_request", "a pic of you in your bra"),
    ("image_request", "una foto tuya porfa"),
    ("image_request", "schick mir noch ein bild von dir"),
    ("image_request", "une photo de toi"),
    ("image_request", "een foto van jezelf"),
    ("image_request", "manda uma foto sua"),
    # meeting: asking the other to meet, coming over and picking up, invitations, hotels
    ("meeting", "would u like to meet up sometime"),
    ("meeting", "could you meet on friday"),
    ("meeting", "ok meet where then?"),
    ("meeting", "ok meet at the park"),
    ("meeting", "we can meet for coffee"),
    ("meeting", "meet ü outside"),
    ("meeting", "wan meet up?"),
    ("meeting", "are u gonna come over later"),
    ("meeting", "are you still coming over later"),
    ("meeting", "i could come get you after school"),
    ("meeting", "i can fetch u after class"),
    ("meeting", "ill pull up outside your house"),
    ("meeting", "i will come there at 5"),
    ("meeting", "ill be there around noon"),
    ("meeting", "wanna grab lunch?"),
    ("meeting", "lets go for a movie"),
    ("meeting", "i want to take u out to dinner"),
    ("meeting", "we should hang out this weekend"),
    ("meeting", "we could stay at a motel together"),
    ("meeting", "will you go out with me on friday"),
    ("meeting", "before our meeting i need to shower"),
    ("meeting", "we are going to meet soon"),
    ("meeting", "we have to meet soon"),
    ("meeting", "ven a mi casa"),
    ("meeting", "komm zu mir"),
    ("meeting", "viens chez moi"),
    ("meeting", "kom naar mijn huis"),
    ("meeting", "vem pra minha casa"),
    # the general shapes (2026-11-29 revision, mined from train streams): a photo wanted,
    # taken or sent for the speaker, asked for, more of them; the contact kept secret; the
    # number and calls in other words; meetings looked forward to and planned loosely
    ("image_request", "i really want to see a pic of you in that dress"),
    ("image_request", "can you take some more pics for me?"),
    ("image_request", "i was gonna ask for a pic of you"),
    ("image_request", "u got any other pics?"),
    ("image_request", "would you let me watch you on cam"),
    ("secrecy", "just keep me a secret from your friends ok"),
    ("secrecy", "as long as u keep this secret"),
    ("secrecy", "so your mom doesnt find out"),
    ("secrecy", "you wont tell right?"),
    ("secrecy", "do you always delete our messages"),
    ("off_platform", "let me get your cell number"),
    ("off_platform", "couldi call you tonight?"),
    ("off_platform", "call my cell after school"),
    ("off_platform", "we can talk on the phone later"),
    ("off_platform", "will you have a phone this weekend?"),
    ("meeting", "well have fun when we finally meet"),
    ("meeting", "what would we do if i were to come over"),
    ("meeting", "we could go to the movies friday"),
    ("meeting", "i just want to see you so bad"),
]

# What the guide says is not the label: greetings, naming, the speaker's own phone, meeting
# third parties, talk about software, past events. None fires a high-severity label.
LOOK_ALIKES = [
    "nice 2 meet u too",
    "was really nice to have meet you guys",
    "pleasure to meet you",
    "how did you meet?",
    "i hope to meet a nice girl someday",
    "they want to meet him first",
    "i got to meet a lot of new friends there",
    "there is another meet up next week",
    "people meet me at work and think im shy",
    "my phone is dead lol",
    "my cell is almost out of battery",
    "is that on your phone?",
    "is it on your facebook?",
    "call me crazy but i like it",
    "you can call me sam lol",
    "ill call you a genius if that works",
    "what can i call you?",
    "people would call me a nerd",
    "my mom is going to call me soon",
    "call the function twice",
    "the bank sent me an email today",
    "how do i use skype on ubuntu",
    "can i get skype on my computer",
    "but why asl?",
    "i learned asl in college",
    "are you strong for your age?",
    "tell me about it",
    "when they found out they were shocked",
    "no one would know who did it",
    "they keep it a secret from everyone",
    "how do i clear the history in firefox",
    "you owe me $5",
    "you owe me one",
    "you said you would reinstall grub",
    "does pidgin support video chat yet",
    "dont forget your camera on sunday",
    "wish this app could send pics",
    "you want to see my pics?",
    "want to see a pic of my dog?",
    "is that a new picture?",
    "dont tell him i said that lol",
    "i can keep a secret, dont worry",
    "what is your version number",
    "i need to get a number of packages",
    "do you have a smart phone?",
    "got to be ready to call 911",
    "if we ever meet in real life drinks are on me",
    "i want to see you smile",
    "when you first meet him he seems nice",
]


@pytest.mark.parametrize(("label", "text"), FAMILIES)
def test_families_fire_their_label(label: str, text: str) -> None:
    assert label in labels_of(text), text


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_fire_no_high_severity_label(text: str) -> None:
    assert not labels_of(text) & set(HIGH_SEVERITY), text
