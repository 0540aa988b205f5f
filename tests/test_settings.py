"""The one Settings: its keys, the values they take, jixiao.toml and --set, and messages that
name a setting the way a user sets it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from extractors.settings import OcrSettings, ReadSettings
from jixiao.settings import (
    SPECS,
    IsolationSettings,
    RunSettings,
    Settings,
    SettingsError,
    markdown_table,
    value_of,
    with_values,
)
from jixiao.settings_sources import assignment_values, load_settings

ROOT = Path(__file__).parent.parent


def test_the_readme_table_lists_every_setting_with_its_default() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme


def test_the_defaults_are_the_sections_own() -> None:
    assert Settings() == Settings(
        ReadSettings(ocr=OcrSettings()), IsolationSettings(), RunSettings()
    )
    assert value_of(Settings(), "read.max_pages") == 500
    assert value_of(Settings(), "ocr.enabled") is True
    assert value_of(Settings(), "isolation.memory_limit_bytes") == 2 * 1024**3
    assert value_of(Settings(), "run.workers") == 0


def test_every_section_is_reachable_by_its_keys() -> None:
    assert {key.split(".")[0] for key in SPECS} == {"read", "ocr", "isolation", "run"}
    assert "read.ocr" not in SPECS  # the nested section is ocr.*, not a setting of read


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("read.max_pages", "800", 800),
        ("read.max_pages", "1_000", 1000),
        ("read.time_limit_s", "2.5", 2.5),
        ("read.time_limit_s", "0", 0.0),
        ("ocr.enabled", "false", False),
        ("ocr.enabled", "On", True),
        ("isolation.memory_limit_bytes", "4 GiB", 4 * 1024**3),
        ("isolation.memory_limit_bytes", "512MiB", 512 * 1024**2),
        ("isolation.memory_limit_bytes", "0", 0),
        ("read.max_sheet_xml_bytes", "8 MiB", 8 * 1024**2),
    ],
)
def test_a_value_given_as_text_becomes_the_settings_type(key: str, text: str, expected) -> None:
    assert value_of(with_values(Settings(), {key: text}), key) == expected


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("read.max_pages", "many", "read.max_pages is a whole number, not 'many'"),
        ("read.max_pages", 0, "read.max_pages must be at least 1, not 0"),
        ("read.max_pages", True, "read.max_pages is a number, not True"),
        ("read.time_limit_s", "-1", "read.time_limit_s must be at least 0, not '-1'"),
        ("read.time_limit_s", "inf", "read.time_limit_s is a finite number, not 'inf'"),
        ("ocr.min_score", 1.5, "ocr.min_score must be at most 1, not 1.5"),
        ("ocr.enabled", "maybe", "ocr.enabled is true or false, not 'maybe'"),
        ("ocr.enabled", 1, "ocr.enabled is true or false, not 1"),
        (
            "isolation.memory_limit_bytes",
            "4 GB",
            "isolation.memory_limit_bytes is a whole number (or with KiB, MiB, GiB), not '4 GB'",
        ),
        ("run.workers", "2 MiB", "run.workers is a whole number, not '2 MiB'"),
    ],
)
def test_a_bad_value_says_what_the_setting_takes(key: str, value, message: str) -> None:
    with pytest.raises(SettingsError) as error:
        with_values(Settings(), {key: value})
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("read.max_page", "unknown setting 'read.max_page' (did you mean read.max_pages?)"),
        (
            "isolation.max_pages",
            "unknown setting 'isolation.max_pages' (did you mean read.max_pages?)",
        ),
        (
            "max_pages",
            "unknown setting 'max_pages' (did you mean read.max_pages?)",
        ),
        (
            "read.colour",
            "unknown setting 'read.colour' (read has max_pages, time_limit_s, "
            "max_docx_uncompressed_bytes, max_docx_compression_ratio, max_sheet_xml_bytes, "
            "max_sheet_cells, max_html_depth, pdf_all_pdfplumber)",
        ),
        (
            "colour",
            "unknown setting 'colour' (a setting is section.name; the sections are [read], "
            "[ocr], [isolation], [run])",
        ),
    ],
)
def test_an_unknown_key_names_the_likely_one(key: str, message: str) -> None:
    with pytest.raises(SettingsError) as error:
        with_values(Settings(), {key: 1})
    assert str(error.value) == message


def test_set_takes_key_equals_value_and_the_last_one_wins() -> None:
    assert assignment_values(
        ["read.max_pages=800", "ocr.enabled = false", "read.max_pages=900"]
    ) == {
        "read.max_pages": "900",
        "ocr.enabled": "false",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "read.max_pages",
            "--set read.max_pages: expected KEY=VALUE, e.g. --set read.max_pages=800",
        ),
        ("=3", "--set =3: expected KEY=VALUE, e.g. --set read.max_pages=800"),
        ("read.max_pages=x", "--set read.max_pages=x: read.max_pages is a whole number, not 'x'"),
    ],
)
def test_a_bad_set_names_itself(text: str, message: str) -> None:
    with pytest.raises(SettingsError) as error:
        assignment_values([text])
    assert str(error.value) == message


# -- jixiao.toml and precedence ------------------------------------------------------------


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """A project folder and, elsewhere, data/raw: data/jixiao.toml sits beside the raw folder."""
    project = tmp_path / "project"
    project.mkdir()
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    return project, raw


def test_no_file_and_no_set_give_the_defaults(layout: tuple[Path, Path]) -> None:
    project, raw = layout
    assert load_settings(raw, project) == Settings()


def test_set_beats_the_raw_folders_file_which_beats_the_projects(layout: tuple[Path, Path]) -> None:
    project, raw = layout
    (project / "jixiao.toml").write_text(
        "[read]\nmax_pages = 100\ntime_limit_s = 5\n\n[run]\nworkers = 3\n", encoding="utf-8"
    )
    (raw.parent / "jixiao.toml").write_text(
        '[read]\nmax_pages = 200\n\n[isolation]\nmemory_limit_bytes = "1 GiB"\n', encoding="utf-8"
    )
    settings = load_settings(raw, project, ["read.max_pages=300"])
    assert settings.read.max_pages == 300  # --set
    assert settings.isolation.memory_limit_bytes == 1024**3  # the raw folder's file
    assert (settings.read.time_limit_s, settings.run.workers) == (5.0, 3)  # the project's
    assert settings.read.max_html_depth == 2000  # the default
    assert load_settings(raw, project).read.max_pages == 200
    (raw.parent / "jixiao.toml").unlink()
    assert load_settings(raw, project).read.max_pages == 100


def test_the_projects_file_beside_the_raw_folder_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "jixiao.toml").write_text("[ocr]\nenabled = false\n", encoding="utf-8")
    assert load_settings(tmp_path / "raw", tmp_path).read.ocr.enabled is False


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[read]\nmax_pages = 'many'\n", "read.max_pages is a whole number, not 'many'"),
        (
            "[read]\nmax_page = 3\n",
            "unknown setting 'read.max_page' (did you mean read.max_pages?)",
        ),
        ("max_pages = 3\n", "unknown setting 'max_pages' (did you mean read.max_pages?)"),
        (
            "[read\n",
            "not valid TOML (Expected ']' at the end of a table declaration (at line 1, column 6))",
        ),
    ],
)
def test_a_bad_file_names_itself_in_one_line(
    layout: tuple[Path, Path], content: str, message: str
) -> None:
    project, raw = layout
    path = raw.parent / "jixiao.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError) as error:
        load_settings(raw, project)
    assert str(error.value) == f"{path.resolve()}: {message}"
    assert "\n" not in str(error.value)


# -- messages name settings as a user sets them ----------------------------------------------

SOURCES = [
    path
    for package in ("extractors", "parsers", "normalizers", "records", "jixiao", "pipeline", "cli")
    for path in sorted((ROOT / package).rglob("*.py"))
]


def _strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def _raise_setting_keys(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "raise_setting"
        and isinstance(node.args[0], ast.Constant)
    ]


def test_no_message_names_a_settings_class() -> None:
    """What a user reads names a key they can set, never a class attribute."""
    named = re.compile(r"\braise \w+Settings\.|\b\w+Settings\.\w+ is (?:off|on|false|true)")
    found = [(p.name, s) for p in SOURCES for s in _strings(p) if named.search(s)]
    assert found == []


def test_every_setting_a_message_asks_to_raise_exists() -> None:
    keys = {key for path in SOURCES for key in _raise_setting_keys(path)}
    assert keys >= {"read.max_pages", "read.time_limit_s", "isolation.memory_limit_bytes"}
    assert keys <= set(SPECS)
