"""Training livestreams: the schedule (datasets/training/, read by dashboard.training.schedule), each
session's state at a given time (training.sessions), addresses and QR codes of session pages
(training.links), calendar files (training.ics, RFC 5545) and the presenter deck
(training.presenter). No Streamlit here. Callers use the names below, as `training.<name>`.

The schedule is content, not code: a trainer adds a row to datasets/training/sessions.csv and the
schedule page, its calendar files and its presenter deck follow. Columns:

    session_id        letters, digits, - and _; unique; used in URLs, file names and calendar UIDs
    series            an id from datasets/training/series.yaml
    title_zh_hans, title_en, title_zh_hant
    start_local       YYYY-MM-DD HH:MM, Beijing time (Asia/Shanghai, UTC+8)
    duration_minutes  whole minutes, > 0
    presenter, platform
    live_url, replay_url, registration_url   http(s) addresses or empty
    measures          measure numbers 1-15 covered, separated by ;   -> one policy slide each
    slides            indicator ids from datasets/indicators.yaml, separated by ;   -> one chart slide each
    status            scheduled | done | cancelled
    is_demo           true | false
    description_zh_hans, description_en, description_zh_hant   optional; Markdown limited to emphasis,
                      lists and links to this dashboard (images and links elsewhere show as text)

A row that breaks a rule hides that session only (dashboard.training.schedule.read_schedule lists why); GBK
files and rows of empty cells, as Excel leaves them, are read as they are meant.

Settings: DASHBOARD_PUBLIC_URL is the address people reach the dashboard at; session pages, QR codes
and calendar links are built from it (unset: the address the browser reached the app at). DASHBOARD_TRAINING_DIR
(default datasets/training) is the folder holding sessions.csv and series.yaml.

May import: dashboard.policies, the app core modules of dashboard/ and loaders.
"""

from dashboard.training.ics import (
    FEED_MAX_SESSIONS,
    UID_DOMAIN,
    dashboard_links,
    event,
    feed_file_name,
    feed_ics,
    feed_sessions,
    ics_file_name,
    session_ics,
    uid,
)
from dashboard.training.links import (
    DEFAULT_PUBLIC_URL,
    PUBLIC_URL_ENV,
    TRAINING_URL_PATH,
    allowed_link_hosts,
    choose_base_url,
    is_loopback,
    presenter_path,
    public_base_url,
    qr_code,
    qr_png,
    schedule_file_name,
    schedule_path,
    session_page_url,
)
from dashboard.training.presenter import (
    CONTENT_WIDTH_PX,
    FACTS_WIDTH_PX,
    HOTLINES,
    NOTE_FONT_PX,
    NOTE_LINE_PX,
    STREAM_HEIGHT_PX,
    STREAM_WIDTH_PX,
    UNIT_SCALE,
    VALUE_FONT_PX,
    Slide,
    contact_channels,
    deck,
    lines_needed,
    slide_height_px,
    slide_index,
    text_width_px,
    value_font_px,
)
from dashboard.training.schedule import (
    COLUMNS,
    MEASURE_NUMBERS,
    SERIES_PATH,
    SESSIONS_PATH,
    STATUSES,
    TRAINING_DIR,
    TZ,
    Problem,
    Schedule,
    ScheduleError,
    Series,
    Session,
    load_series,
    load_sessions,
    parse_sessions,
    read_schedule,
    sessions_path,
)
from dashboard.training.sessions import (
    Action,
    ActionKind,
    State,
    action_for,
    filter_sessions,
    format_start,
    is_upcoming,
    now_local,
    session_by_id,
    state_of,
    translated,
)

__all__ = [
    "CONTENT_WIDTH_PX",
    "FACTS_WIDTH_PX",
    "NOTE_FONT_PX",
    "NOTE_LINE_PX",
    "STREAM_HEIGHT_PX",
    "STREAM_WIDTH_PX",
    "UNIT_SCALE",
    "VALUE_FONT_PX",
    "lines_needed",
    "slide_height_px",
    "text_width_px",
    "value_font_px",
    "Action",
    "ActionKind",
    "COLUMNS",
    "DEFAULT_PUBLIC_URL",
    "HOTLINES",
    "MEASURE_NUMBERS",
    "PUBLIC_URL_ENV",
    "Problem",
    "SERIES_PATH",
    "SESSIONS_PATH",
    "STATUSES",
    "Schedule",
    "ScheduleError",
    "Series",
    "Session",
    "Slide",
    "State",
    "TRAINING_DIR",
    "TRAINING_URL_PATH",
    "TZ",
    "UID_DOMAIN",
    "action_for",
    "allowed_link_hosts",
    "choose_base_url",
    "contact_channels",
    "deck",
    "event",
    "dashboard_links",
    "feed_file_name",
    "feed_ics",
    "feed_sessions",
    "FEED_MAX_SESSIONS",
    "filter_sessions",
    "format_start",
    "ics_file_name",
    "is_loopback",
    "is_upcoming",
    "load_series",
    "load_sessions",
    "now_local",
    "parse_sessions",
    "presenter_path",
    "public_base_url",
    "qr_code",
    "qr_png",
    "read_schedule",
    "schedule_file_name",
    "schedule_path",
    "session_by_id",
    "session_ics",
    "session_page_url",
    "sessions_path",
    "slide_index",
    "state_of",
    "translated",
    "uid",
]
