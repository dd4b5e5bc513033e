import email.policy
import re

import pytest
from django.core import mail, signing

from careerdev.emails import Unsubscribe, email_build, email_send
from careerdev.models import Topic


def test_an_email_has_a_text_and_an_html_part_both_saying_why_it_was_sent():
    message = email_build(
        to="ada@example.com",
        subject="Hello",
        template="emails/notice",
        reason="You asked for notes.",
        context={"heading": "A heading", "paragraphs": ["Tom & Jerry <b>bold</b>"]},
    )

    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert "You asked for notes." in message.body
    assert "You asked for notes." in html
    # Text is text; HTML escapes what it is given.
    assert "Tom & Jerry <b>bold</b>" in message.body
    assert "Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt;" in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_an_email_one_can_stop_carries_the_link_and_the_one_click_headers(settings):
    settings.SITE_URL = "https://careerdev.example.com"
    unsubscribe = Unsubscribe(42, Topic.WEEKLY_DIGEST)

    email_send(
        to="ada@example.com",
        subject="Your week",
        template="emails/notice",
        reason="You asked for a weekly digest.",
        context={"heading": "Week"},
        unsubscribe=unsubscribe,
    )

    [message] = mail.outbox
    url = unsubscribe.url()
    assert url.startswith("https://careerdev.example.com/email/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"Stop the weekly digest: {url}" in message.body
    assert f'href="{url}"' in message.alternatives[0][0]


@pytest.mark.parametrize("policy", [email.policy.default, email.policy.SMTP])
def test_the_unsubscribe_header_goes_out_on_one_line_unencoded(settings, policy):
    # Folding a long URL would RFC 2047-encode it, and mail providers ignore that.
    settings.SITE_URL = "https://careerdev.example.com"
    unsubscribe = Unsubscribe(123456, Topic.REFLECTION_QUARTERLY)
    message = email_build(
        to="ada@example.com",
        subject="Hello",
        template="emails/notice",
        reason="Because.",
        unsubscribe=unsubscribe,
    )

    raw = message.message(policy=policy).as_bytes().decode()

    expected = f"List-Unsubscribe: <{unsubscribe.url()}>{policy.linesep}"
    assert len(expected) > 100
    assert expected in raw
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw
    assert "=?utf-8?" not in raw


def test_a_token_names_the_member_and_the_topic():
    token = Unsubscribe(7, Topic.MENTOR_COMMENTS).token()

    assert Unsubscribe.from_token(token) == Unsubscribe(7, Topic.MENTOR_COMMENTS)


def test_a_token_with_a_changed_topic_or_member_is_refused():
    token = Unsubscribe(7, Topic.MENTOR_COMMENTS).token()
    _, _, signature = token.partition(":")
    forged_payload = signing.b64_encode(b'{"m":8,"t":"mentor-comments"}').decode()

    for tampered in (f"{forged_payload}:{signature}", token[:-2] + "xx", token + "a", "junk"):
        with pytest.raises(signing.BadSignature):
            Unsubscribe.from_token(tampered)


def test_a_token_signed_with_another_key_or_salt_is_refused(settings):
    made_elsewhere = signing.dumps({"m": 7, "t": "mentor-comments"}, key="an-attackers-key-x")
    other_salt = signing.dumps({"m": 7, "t": "mentor-comments"}, salt="something.else")

    for token in (made_elsewhere, other_salt):
        with pytest.raises(signing.BadSignature):
            Unsubscribe.from_token(token)


def test_a_validly_signed_token_naming_no_known_topic_is_refused():
    token = signing.dumps({"m": 7, "t": "everything"}, salt="careerdev.emails.unsubscribe")

    with pytest.raises(signing.BadSignature):
        Unsubscribe.from_token(token)


def test_the_text_part_goes_as_written_so_a_long_link_survives_the_raw_message(settings):
    settings.SITE_URL = "https://careerdev.example.com"
    unsubscribe = Unsubscribe(123456, Topic.REFLECTION_QUARTERLY)
    message = email_build(
        to="ada@example.com",
        subject="Hello",
        template="emails/notice",
        reason="Because “you” asked.",
        unsubscribe=unsubscribe,
    )

    raw = message.message(policy=email.policy.SMTP).as_bytes().decode()
    text = raw.split("Content-Type: text/plain", 1)[1].split("Content-Type: text/html", 1)[0]

    assert "Content-Transfer-Encoding: 8bit" in text
    assert f"Stop quarterly reflection reminders: {unsubscribe.url()}\r\n" in text
    assert "Because “you” asked." in text
    assert "quoted-printable" not in text
    assert not [line for line in text.splitlines() if line.endswith("=") and "===" not in line]


def test_a_text_line_too_long_to_send_as_written_keeps_the_usual_encoding():
    message = email_build(
        to="ada@example.com",
        subject="Hello",
        template="emails/notice",
        reason="x" * 1200,
    )

    raw = message.message().as_string()

    assert "Content-Transfer-Encoding: 8bit" not in raw
    assert message.message().get_body(("plain",)).get_content().count("x" * 1200) == 1


def test_a_line_break_in_a_subject_is_sent_as_a_space_instead_of_failing_the_email():
    email_send(
        to="ada@example.com",
        subject="Morgan\r\nBcc: eve@example.org commented",
        template="emails/notice",
        reason="Because.",
    )

    [message] = mail.outbox
    assert message.subject == "Morgan Bcc: eve@example.org commented"
    assert message.recipients() == ["ada@example.com"]


def test_only_a_members_email_links_to_their_reminder_settings():
    to_member = email_build(to="a@example.com", subject="S", template="emails/notice", reason="R")
    to_stranger = email_build(
        to="b@example.com", subject="S", template="emails/notice", reason="R", to_member=False
    )

    assert "/settings/reminders/" in to_member.body
    assert "/settings/reminders/" in to_member.alternatives[0][0]
    assert "Reminder settings" not in to_stranger.body
    assert "Reminder settings" not in to_stranger.alternatives[0][0]


def test_message_ids_name_the_sending_domain_not_this_machine(settings):
    settings.EMAIL_MESSAGE_ID_DOMAIN = "careerdev.example.com"

    message = email_build(
        to="ada@example.com", subject="Hello", template="emails/notice", reason="Because."
    ).message()

    assert re.fullmatch(r"<[^@\s]+@careerdev\.example\.com>", message["Message-ID"])
