"""Every message Onramp sends, in one place.

Each kind has an e-mail subject and body and a text message, with ``((placeholders))`` (as GOV.UK Notify writes
them) filled from a context dict. Messages to young people are short and plain (NHS.UK content style: short
sentences, no jargon). Each carries only what its recipient needs: messages to providers and to coordinators carry
counts, never a young person's name.

A text message of up to 160 characters is one fragment, up to 306 two; the texts aim for two at most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

PLACEHOLDER = re.compile(r"\(\(([a-z_]+)\)\)")


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    sms: str
    audience: str  # who it goes to, shown in the docs and on the log page
    when: str

    def placeholders(self) -> set[str]:
        return {match for text in (self.subject, self.body, self.sms) for match in PLACEHOLDER.findall(text)}


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    sms: str


_INTERVIEW_BODY = """Hello ((name)),

You have an interview for the ((job)) job at ((employer)).

When: ((when))
Where: ((place))

If you cannot go, or you have a question, contact ((contact)).

((programme))"""

_REMINDER_BODY = """Hello ((name)),

This is a reminder about your interview for the ((job)) job at ((employer)).

When: ((when))
Where: ((place))

If you cannot go, tell ((contact)) today.

Good luck.

((programme))"""

MESSAGES: dict[str, Message] = {
    "interview_invitation": Message(
        subject="Your interview with ((employer))",
        body=_INTERVIEW_BODY,
        sms="((programme)): you have an interview for ((job)) at ((employer)), ((when)). Where: ((place)). "
        "Questions? Contact ((contact)).",
        audience="the young person",
        when="an interview is scheduled for today or later",
    ),
    "interview_reminder": Message(
        subject="Reminder: your interview on ((day))",
        body=_REMINDER_BODY,
        sms="((programme)): reminder, your interview at ((employer)) is ((when)). Where: ((place)). "
        "Cannot go? Tell ((contact)) today.",
        audience="the young person",
        when="the working day before the interview (`onramp remind interviews`)",
    ),
    "entitlement_deadline": Message(
        subject="Guaranteed interviews with ((provider)): ((count)) need arranging",
        body="((summary))\n\nSign in to ((programme)) and open Recruitment, then Guaranteed interviews, to see who "
        "and by when.\n\nThis message has no personal details in it on purpose.",
        sms="((programme)): ((summary)) Sign in to see who and by when.",
        audience="the provider's key contacts, both sides (not the onboarding contact)",
        when="guaranteed interviews are near or past their deadline (`onramp remind interviews`, once a day)",
    ),
    "check_in_due": Message(
        subject="Check-ins: ((missed)) missed, ((soon)) due this week",
        body="((summary)) Sign in to ((programme)) and open Recruitment, then Check-ins, to see them.\n\n"
        "This message has no personal details in it on purpose.",
        sms="((programme)): ((summary)) Sign in to see them.",
        audience="the coordinator",
        when="check-ins in their caseload are missed or due in the next 7 days (`onramp check_ins remind`, once a day)",
    ),
    "check_in_reminder": Message(
        subject="How is your new job going?",
        body="""Hello ((name)),

It is nearly time to check in about your job at ((employer)). We will get in touch by ((due)) to ask how work \
is going.

If you want to talk before then, contact ((contact)).

((programme))""",
        sms="((programme)): we will get in touch by ((due)) to ask how your job at ((employer)) is going. "
        "Want to talk sooner? Contact ((contact)).",
        audience="the young person",
        when="their own check-in is due in the next 7 days (`onramp check_ins remind`, once per check-in)",
    ),
    "grant_approved": Message(
        subject="Your grant has been approved",
        body="""Hello ((name)),

Good news. We will pay ((amount)) for ((what)).

Your coordinator will tell you how and when you will get it. If you have a question, contact ((contact)).

((programme))""",
        sms="((programme)): good news, your grant of ((amount)) for ((what)) is approved. "
        "Questions? Contact ((contact)).",
        audience="the young person",
        when="a grant for them is approved",
    ),
    "grant_declined": Message(
        subject="Your grant request",
        body="""Hello ((name)),

We are sorry. We cannot pay for ((what)) this time.

This is why: ((reason))

If you want to talk about it, or about other help, contact ((contact)).

((programme))""",
        sms="((programme)): sorry, we cannot pay for ((what)) this time. Why: ((reason)) To talk about it, contact "
        "((contact)).",
        audience="the young person",
        when="a grant for them is declined (the reason given is sent to them)",
    ),
    "survey_invitation": Message(
        subject="((title))",
        body="""Hello ((name)),

((introduction))

Answer here:
((link))

This link is just for you. Please do not share it. It takes a couple of minutes.

Thank you.

((programme))""",
        sms="((programme)): ((title)). Tell us here, it takes 2 minutes: ((link)) This link is just for you.",
        audience="the young person (with their consent to surveys)",
        when="staff send them a survey",
    ),
    "sign_in_link": Message(
        subject="Your link to sign in",
        body="""Use this link to sign in to ((programme)):

((link))

The link works once, for ((minutes)) minutes.

If you did not ask to sign in, you can ignore this email. Someone may have typed your email address by mistake.""",
        sms="((programme)): sign in with this link, it works for ((minutes)) minutes: ((link))",
        audience="the address typed on the sign-in page",
        when="a young person asks to sign in by email",
    ),
}

# The kind logged for each message (two messages can share one kind, as a grant decision does).
KINDS: dict[str, str] = {
    "interview_invitation": "Interview invitation",
    "interview_reminder": "Interview reminder",
    "entitlement_deadline": "Guaranteed interview deadlines",
    "check_in_due": "Check-ins due (coordinator)",
    "check_in_reminder": "Check-in reminder",
    "grant_decided": "Grant decision",
    "survey_invitation": "Survey invitation",
    "sign_in_link": "Sign-in link",
}
KIND_OF = {key: key for key in MESSAGES} | {"grant_approved": "grant_decided", "grant_declined": "grant_decided"}


def render(key: str, context: dict[str, Any]) -> Rendered:
    """The message ``key`` with its placeholders filled. A placeholder missing from the context is an error, so
    that no message goes out with ``((name))`` in it."""
    message = MESSAGES[key]
    missing = message.placeholders() - set(context)
    if missing:
        raise KeyError(f"The {key} message needs {', '.join(sorted(missing))}.")

    def fill(text: str) -> str:
        return PLACEHOLDER.sub(lambda match: str(context[match.group(1)]).strip(), text)

    return Rendered(subject=" ".join(fill(message.subject).split()), body=fill(message.body), sms=fill(message.sms))


def sms_fragments(text: str) -> int:
    """How many text message fragments Notify will count (GSM characters; 160 for one, 153 each for more)."""
    length = len(text)
    return 1 if length <= 160 else -(-length // 153)
