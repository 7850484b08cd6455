"""DASHBOARD_PUBLIC_URL set to something no one can open (a line break, a `javascript:` address, no
host) is said to be that, in one line, and never used: QR codes and calendar links take the
address the presenter's browser reached instead, and the page draws without a traceback."""

from __future__ import annotations

import pytest

from dashboard import i18n, training
from loaders import settings
from tests.test_presenter import presenter

BAD = [
    "https://dashboard.example.gov.cn\r\nSet-Cookie: a=b",
    "javascript:alert(1)",
    "https://",
    "dash board.example.gov.cn",
    "ftp://dashboard.example.gov.cn",
]
REACHED = "http://dashboard.test:8501/?present=x"


@pytest.mark.parametrize("value", BAD)
def test_an_address_no_one_can_open_is_refused_and_the_reached_one_used(value, monkeypatch):
    monkeypatch.setenv(settings.PUBLIC_URL.name, value)
    assert settings.PUBLIC_URL.problem() and "http(s) address" in settings.PUBLIC_URL.problem()
    assert training.choose_base_url(REACHED) == REACHED.rstrip("/"), "the address the browser reached, not the bad setting"
    assert "\n" not in settings.PUBLIC_URL.get() and settings.PUBLIC_URL.get() == settings.PUBLIC_URL.default_value()


def test_a_good_address_is_used_as_set(monkeypatch):
    monkeypatch.setenv(settings.PUBLIC_URL.name, "https://dashboard.example.gov.cn")
    assert settings.PUBLIC_URL.problem() is None
    assert training.choose_base_url(REACHED) == "https://dashboard.example.gov.cn"


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("value", BAD[:2])
def test_the_presenter_says_the_setting_is_not_an_address(value, lang, monkeypatch):
    monkeypatch.setenv(settings.PUBLIC_URL.name, value)
    app = presenter(lang, slide=None, url=REACHED)
    assert not app.exception, [e.value for e in app.exception]
    errors = " ".join(e.value for e in app.error)
    assert i18n.t(lang, "present.address_invalid", setting=settings.PUBLIC_URL.name, problem="").split("（")[0].split(" (")[0] in errors
    assert "javascript:alert" not in " ".join(m.value for m in app.markdown if "](" in m.value), "never a link"
    warnings = " ".join(w.value for w in app.warning)
    assert "dashboard.test" not in warnings, "the reached address is not called a loopback one"
