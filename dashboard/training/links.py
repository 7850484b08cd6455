"""Addresses of training sessions (their page, presenter mode, the schedule file's name for
messages) and their QR codes, made locally. No Streamlit here.

Setting: DASHBOARD_PUBLIC_URL (default http://localhost:8501) is the address people reach the
dashboard at; session pages, QR codes and calendar links are built from it.
"""

from __future__ import annotations

import io
from urllib.parse import urlencode, urlsplit

import segno

from dashboard.schedule import SESSIONS_PATH, sessions_path
from loaders import settings

PUBLIC_URL_ENV = settings.PUBLIC_URL.name
DEFAULT_PUBLIC_URL = settings.PUBLIC_URL.default
TRAINING_URL_PATH = "training"


def public_base_url() -> str:
    """The dashboard's public address (setting DASHBOARD_PUBLIC_URL), without a trailing slash."""
    return settings.PUBLIC_URL.get().rstrip("/")


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


def presenter_path(session_id: str, lang: str, slide: int = 1) -> str:
    """Relative link to presenter mode (the app's root with ?present=...), so it works behind any host or
    base path. The root, because the router's only page in presenter mode is its default page."""
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
