"""Young people's pages are written plainly: short sentences and everyday words. Measured with the
Flesch-Kincaid grade (reading age is about the grade plus 5), over the words on each page's main content."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

GRADE_LIMIT = 4.0  # a reading age of about 9


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BREAKS = {"p", "li", "h1", "h2", "h3", "label", "button", "a", "dt", "dd", "legend", "div", "span"}


class _MainText(HTMLParser):
    """The words a sighted reader sees in <main>: not scripts, styles or visually hidden text."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden)
        self.parts: list[str] = []

    def _hidden(self) -> bool:
        return any(hidden for _, hidden in self.stack)

    def _in_main(self) -> bool:
        return any(tag == "main" for tag, _ in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in BREAKS:
            self.parts.append(" . ")
        if tag in VOID:
            return
        classes = dict(attrs).get("class") or ""
        self.stack.append((tag, tag in {"script", "style"} or "nhsuk-u-visually-hidden" in classes))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag in BREAKS:
            self.parts.append(" . ")

    def handle_data(self, data):
        if self._in_main() and not self._hidden():
            self.parts.append(data)


def _syllables(word: str) -> int:
    word = word.lower()
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


def grade(text: str) -> tuple[float, int]:
    sentences = [s for s in re.split(r"[.!?:]+(?:\s+|$)|\n{2,}", text) if re.search(r"[A-Za-z]", s)]
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    if not words:
        return 0.0, 0
    syllables = sum(_syllables(w) for w in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syllables / len(words) - 15.59, len(words)


def main_text(html: str) -> str:
    parser = _MainText()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.mark.parametrize(
    ("url_name", "signed_in"),
    [
        ("portal:join", False),
        ("portal:sign-in", False),
        ("portal:check-email", False),
        ("site:home", True),
        ("portal:plan", True),
        ("portal:jobs", True),
        ("portal:grant", True),
        ("portal:details", True),
        ("portal:consents", True),
        ("portal:password", True),
    ],
)
def test_young_peoples_pages_are_plain_english(client_as, world, people, url_name, signed_in):
    client = client_as("young_person_a" if signed_in else "anonymous")
    text = main_text(client.get(reverse(url_name)).content.decode())
    level, words = grade(text)
    assert words > 5, text
    assert level <= GRADE_LIMIT, f"{url_name}: grade {level:.1f} over {words} words: {text[:500]}"


def test_the_not_eligible_page_is_plain_english(client, people):
    html = client.post(
        reverse("portal:join"),
        {
            "given_name": "Sam",
            "family_name": "Lee",
            "date_of_birth_day": "1",
            "date_of_birth_month": "1",
            "date_of_birth_year": "1980",
            "postcode": "SW1A 1AA",
            "email": "sam@example.org",
            "agree": "on",
        },
    ).content.decode()
    level, _ = grade(main_text(html))
    assert level <= GRADE_LIMIT, main_text(html)
