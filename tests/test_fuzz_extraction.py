"""Fuzzing the whole extraction: random and mutated text, random bytes named .pdf/.docx,
and mutated real samples. Whatever the input, no exception escapes the document, every
failure is an error row with a type, and no money figure comes out negative.

PDF and DOCX inputs run in an isolated worker (jixiao.isolation), so a crash in a C library
would show up as a WorkerCrashed row instead of taking the test run down; Python exceptions
escaping `extract_file` are told apart by their "extraction failed:" message.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.extraction import ExtractionResult, extract_file
from jixiao.isolation import IsolatedExtractor

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
EBIAN_TXT = (SAMPLES / "ebian-2024-dept-self-eval.txt").read_text(encoding="utf-8")
EBIAN_PDF = (SAMPLES / "ebian-2024-dept-self-eval.pdf").read_bytes()
EBIAN_DOCX = (SAMPLES / "ebian-2024-dept-self-eval.docx").read_bytes()
STATUSES = {"ok", "partial", "failed"}
ABSURD_WAN = Decimal(10) ** 8

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def extractor() -> Iterator[IsolatedExtractor]:
    with IsolatedExtractor() as ex:
        yield ex


def write(name: str, data: bytes) -> tuple[Path, Path]:
    root = Path(tempfile.mkdtemp(prefix="fuzz-"))
    path = root / name
    path.write_bytes(data)
    return path, root


def assert_well_formed(result: ExtractionResult) -> None:
    """The invariants every extraction result keeps, whatever its input."""
    status = result.document.status
    assert status in STATUSES
    # A SuspiciousAmount row warns about a figure that was kept: it leaves the status alone.
    losses = [e for e in result.errors if e.error_type != "SuspiciousAmount"]
    assert (status == "ok") == (not losses)
    for error in result.errors:
        assert error.error_type and error.stage
        assert error.message
        assert "\n" not in error.message
        assert not error.message.startswith("extraction failed:"), error.message  # escaped
        assert error.error_type != "WorkerCrashed", error.message
    if status != "ok":
        assert result.document.error == losses[0].message
    for amount in result.amounts:
        assert amount.value_wan >= 0, amount
        if amount.value_wan > ABSURD_WAN:
            assert any(amount.raw_value in e.message for e in result.errors), amount


# --- text ---------------------------------------------------------------------------------

sample_lines = st.sampled_from(EBIAN_TXT.splitlines())
money = st.builds(
    lambda n, d, unit: f"{n}.{d:02d}{unit}",
    st.integers(0, 10**7),
    st.integers(0, 99),
    st.sampled_from(["元", "万元", "亿元", "千元", ""]),
)
noise = st.sampled_from(
    ["\t", "\r", "\r\n", "\n\n", "－", "-", "%", "（", "）", "一、", "合计", "\x00", "\ufeff"]
)


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    lines = draw(st.lists(sample_lines, min_size=1, max_size=40))
    text = "\n".join(lines)
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.one_of(money, noise, st.text(max_size=5))) + text[at:]
    return text


@FUZZ
@given(text=st.text(max_size=2000))
def test_random_text_never_escapes(text: str) -> None:
    path, root = write("random.txt", text.encode("utf-8", "surrogatepass"))
    assert_well_formed(extract_file(path, root))


@FUZZ
@given(text=mutated_text(), encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_mutated_sample_text_never_escapes(text: str, encoding: str) -> None:
    path, root = write("mutated.txt", text.encode(encoding, "replace"))
    assert_well_formed(extract_file(path, root))


# --- random bytes named .pdf / .docx --------------------------------------------------------


@FUZZ
@given(tail=st.binary(max_size=4096), head=st.sampled_from([b"%PDF-1.7\n", b"PK\x03\x04", b""]))
def test_random_bytes_as_pdf_fail_with_a_typed_error(
    extractor: IsolatedExtractor, head: bytes, tail: bytes
) -> None:
    path, root = write("random.pdf", head + tail)
    result = extractor.extract(path, root)
    assert_well_formed(result)
    assert result.document.status == "failed"


@FUZZ
@given(tail=st.binary(max_size=4096), head=st.sampled_from([b"PK\x03\x04", b"%PDF-1.4", b""]))
def test_random_bytes_as_docx_fail_with_a_typed_error(
    extractor: IsolatedExtractor, head: bytes, tail: bytes
) -> None:
    path, root = write("random.docx", head + tail)
    result = extractor.extract(path, root)
    assert_well_formed(result)
    assert result.document.status == "failed"


# --- mutated real samples -------------------------------------------------------------------

mutation = st.tuples(
    st.sampled_from(["set", "delete", "insert"]),
    st.floats(0, 1),
    st.binary(min_size=1, max_size=64),
)


def mutate(data: bytes, mutations: list[tuple[str, float, bytes]]) -> bytes:
    out = bytearray(data)
    for op, where, chunk in mutations:
        at = int(where * (len(out) - 1))
        if op == "set":
            out[at : at + len(chunk)] = chunk
        elif op == "delete":
            del out[at : at + len(chunk)]
        else:
            out[at:at] = chunk
    return bytes(out)


def with_member(docx: bytes, name: str, change: bytes) -> bytes:
    """The DOCX with one member replaced (its other members untouched)."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, change if info.filename == name else source.read(info))
    return out.getvalue()


@settings(FUZZ, max_examples=15)
@given(mutations=st.lists(mutation, min_size=1, max_size=20))
def test_mutated_sample_pdf_never_escapes(
    extractor: IsolatedExtractor, mutations: list[tuple[str, float, bytes]]
) -> None:
    path, root = write("mutated.pdf", mutate(EBIAN_PDF, mutations))
    assert_well_formed(extractor.extract(path, root))


@FUZZ
@given(mutations=st.lists(mutation, min_size=1, max_size=10))
def test_mutated_sample_docx_bytes_never_escape(
    extractor: IsolatedExtractor, mutations: list[tuple[str, float, bytes]]
) -> None:
    path, root = write("mutated.docx", mutate(EBIAN_DOCX, mutations))
    assert_well_formed(extractor.extract(path, root))


@FUZZ
@given(mutations=st.lists(mutation, min_size=1, max_size=10))
def test_mutated_docx_body_xml_never_escapes(
    extractor: IsolatedExtractor, mutations: list[tuple[str, float, bytes]]
) -> None:
    body = zipfile.ZipFile(io.BytesIO(EBIAN_DOCX)).read("word/document.xml")
    data = with_member(EBIAN_DOCX, "word/document.xml", mutate(body, mutations))
    path, root = write("mutated.docx", data)
    assert_well_formed(extractor.extract(path, root))


# --- money that cannot be right -------------------------------------------------------------


def test_a_minus_sign_never_makes_a_negative_amount() -> None:
    # after 结转结余 a dash is a sign (after a plain label it would be a separator)
    path, root = write("neg.txt", "县医保局2024年年末结转结余-880.52万元。\n".encode())
    result = extract_file(path, root)
    assert all(a.value_wan >= 0 for a in result.amounts)
    assert [e.error_type for e in result.errors] == ["SuspiciousAmount"]


def test_scientific_notation_is_not_read_as_money() -> None:
    path, root = write("sci.txt", "县医保局2024年财政拨款预算收入1e9 万元。\n".encode())
    assert extract_file(path, root).amounts == []


def test_an_absurd_amount_comes_with_a_warning() -> None:
    # ebian's 收入 sentence with the figure in 亿元 and four digits too many.
    text = "县医保局2024年财政拨款预算收入880520000亿元，其中上级资金0万元。\n"
    path, root = write("absurd.txt", text.encode())
    result = extract_file(path, root)
    absurd = [a for a in result.amounts if a.value_wan > ABSURD_WAN]
    assert [a.raw_value for a in absurd] == ["880520000"]
    assert [(e.stage, e.error_type) for e in result.errors] == [("amounts", "SuspiciousAmount")]


def test_corrupt_docx_xml_message_is_one_line(extractor: IsolatedExtractor) -> None:
    # Found by test_mutated_docx_body_xml_never_escapes: the last byte of the body XML a NUL.
    body = zipfile.ZipFile(io.BytesIO(EBIAN_DOCX)).read("word/document.xml")
    path, root = write(
        "nul.docx", with_member(EBIAN_DOCX, "word/document.xml", body[:-1] + b"\x00")
    )
    result = extractor.extract(path, root)
    assert result.errors[0].error_type == "CorruptFile"
    assert "\n" not in result.errors[0].message
