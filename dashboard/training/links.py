"""Addresses of training sessions (their page, presenter mode, the schedule file's name for
messages) and their QR codes, made locally. No Streamlit here.

Setting: DASHBOARD_PUBLIC_URL is the address people reach the dashboard at; session pages, QR codes
and calendar links are built from it. When it is unset they use the address the browser reached the
app at (dashboard/components/app_address.py reads it from st.context and calls `choose_base_url`),
and only without either the default http://localhost:8501. A loopback address (localhost,
127.0.0.1, ::1) in a QR code is dead on every phone: presenter mode warns about it (`is_loopback`).
"""

from __future__ import annotations

import io
import ipaddress
from urllib.parse import urlencode, urlsplit

import segno

from dashboard.training.schedule import SESSIONS_PATH, sessions_path
from loaders import settings

PUBLIC_URL_ENV = settings.PUBLIC_URL.name
DEFAULT_PUBLIC_URL = settings.PUBLIC_URL.default
TRAINING_URL_PATH = "training"


def public_base_url() -> str:
    """The dashboard's public address (setting DASHBOARD_PUBLIC_URL), without a trailing slash."""
    return settings.PUBLIC_URL.get().rstrip("/")


def choose_base_url(reached: str | None) -> str:
    """The address to hand out: DASHBOARD_PUBLIC_URL when set, else `reached` (the address the browser
    reached the app at), else the default; without a trailing slash."""
    if settings.PUBLIC_URL.is_set() and settings.PUBLIC_URL.problem() is None:
        return public_base_url()
    if reached and urlsplit(reached).scheme in ("http", "https") and urlsplit(reached).hostname:
        return reached.rstrip("/")
    return public_base_url()


def is_loopback(url: str) -> bool:
    """Whether `url` points at the machine that opens it (localhost, 127.x, ::1, 0.0.0.0): such a
    link or QR code reaches nobody else."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def allowed_link_hosts() -> tuple[str, ...]:
    """Hosts a description in the schedule may link to: this dashboard's own (DASHBOARD_PUBLIC_URL)."""
    host = urlsplit(public_base_url()).hostname
    return (host,) if host else ()


def schedule_file_name() -> str:
    """The schedule file as trainers know it, for messages: datasets/training/sessions.csv, or the
    full path when DASHBOARD_TRAINING_DIR points elsewhere."""
    path = sessions_path()
    return "datasets/training/sessions.csv" if path == SESSIONS_PATH else str(path)


def session_page_url(session_id: str, lang: str, base_url: str | None = None) -> str:
    """The session's page on this dashboard: <base>/training?session=<id>&lang=<lang>."""
    return f"{(base_url or public_base_url()).rstrip('/')}/{TRAINING_URL_PATH}?{urlencode({'session': session_id, 'lang': lang})}"


def presenter_path(session_id: str, lang: str, slide: int = 0) -> str:
    """Relative link to presenter mode (the app's root with ?present=...), so it works behind any host or
    base path. The root, because the router's only page in presenter mode is its default page.
    Slide 0 is the start screen (address check and rehearsal) before slide 1."""
    return f"./?{urlencode({'present': session_id, 'slide': slide, 'lang': lang})}"


def schedule_path(session_id: str, lang: str) -> str:
    """Relative link from presenter mode back to the session on the schedule page."""
    return f"./{TRAINING_URL_PATH}?{urlencode({'session': session_id, 'lang': lang})}"


def qr_code(url: str) -> segno.QRCode:
    """A QR code of `url`, made locally (no web service); medium error correction survives a video stream."""
    return segno.make(url, error="m", micro=False)


def qr_png(url: str, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    qr_code(url).save(buffer, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    return buffer.getvalue()
