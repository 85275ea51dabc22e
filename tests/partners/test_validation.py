"""What operators and partner pages hand us: origins, rate limits, accent colours."""

from __future__ import annotations

import pytest

from app.partners import validation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://clinic.example", "https://clinic.example"),
        ("  HTTPS://Clinic.Example/ ", "https://clinic.example"),
        ("https://clinic.example:443", "https://clinic.example"),
        ("http://clinic.example:80", "http://clinic.example"),
        ("https://clinic.example:8443", "https://clinic.example:8443"),
        ("http://127.0.0.1:5001", "http://127.0.0.1:5001"),
        ("http://localhost:3000", "http://localhost:3000"),
        ("https://xn--bcher-kva.example", "https://xn--bcher-kva.example"),
    ],
)
def test_origins_are_normalised(text, expected):
    assert validation.normalise_origin(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "not an origin"),
        ("clinic.example", "only http and https"),
        ("ftp://clinic.example", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("https://*.clinic.example", "wildcards"),
        ("*", "wildcards"),
        ("null", "wildcards"),
        ("https://clinic.example/widget", "no path"),
        ("https://clinic.example?x=1", "no path"),
        ("https://clinic.example#top", "no path"),
        ("https://user:pw@clinic.example", "no user name"),
        ("https://clinic.example; script-src *", "not an origin"),
        ("https://clinic.example'", "not an origin"),
        ("https://clinic .example", "not an origin"),
        ("https://[::1]:8080", "IPv6"),
        ("https://bücher.example", "xn--"),
        ("https://clinic.example:99999", "not an origin"),
        ("https://999.1.1.1", "not an origin"),
        ("https://-bad-.example", "not an origin"),
    ],
)
def test_malformed_origins_are_refused_with_a_message(text, fragment):
    with pytest.raises(ValueError, match="not an origin") as info:
        validation.normalise_origin(text)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    "text", ["60/minute", "60 per minute", "10/second;1000/hour", "1000/day", " 5/second "]
)
def test_rate_limits(text):
    assert validation.validate_rate_limit(text) == " ".join(text.split())


@pytest.mark.parametrize(
    "text", ["", "sixty", "60", "0/minute", "60/fortnight", "60/minute<script>", "6" * 70 + "/day"]
)
def test_bad_rate_limits_get_an_example(text):
    with pytest.raises(ValueError, match="60/minute"):
        validation.validate_rate_limit(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("#0b5cab", "#0b5cab"), ("0B5CAB", "#0b5cab"), ("#abc", "#aabbcc"), (" #123456 ", "#123456")],
)
def test_accent_colours(text, expected):
    assert validation.parse_accent(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "red",
        "#0b5cab;}body{display:none",
        "#0b5cab</style><script>alert(1)</script>",
        "url(https://evil.example/x.png)",
        "expression(alert(1))",
        "#12345g",
        "#1234",
        "var(--x)",
        None,
    ],
)
def test_hostile_or_malformed_accents_are_ignored(text):
    assert validation.parse_accent(text) is None


@pytest.mark.parametrize(
    "accent", ["#0b5cab", "#ffff00", "#777777", "#ffffff", "#000000", "#e91e63"]
)
def test_theme_colours_keep_aa_contrast(accent):
    colours = validation.theme_colours(accent)
    assert validation.contrast(colours["accent"], colours["on_accent"]) >= 4.5
    assert validation.contrast(colours["ink"], "#ffffff") >= 4.5
