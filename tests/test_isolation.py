"""Isolation: a document that hangs, crashes or eats memory costs that document only, and
input paths never lead outside the raw root."""

from __future__ import annotations

import ctypes
import mmap
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractors.settings import ReadSettings
from extractors.time_budget import extend_time_limit
from jixiao.extraction import ExtractionResult, extract_bytes, extract_file
from jixiao.isolation import IsolatedExtractor, IsolationSettings, extract_isolated
from jixiao.result import doc_id_of
from jixiao.runner import RawFile, scan_raw
from jixiao.store import CuratedStore

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
EBIAN_TXT = SAMPLES / "ebian-2024-dept-self-eval.txt"
QUICK = IsolationSettings(kill_grace_s=0.5, memory_limit_bytes=1024**3)
SHORT = ReadSettings(time_limit_s=0.5)


# What the worker extracts a file's bytes with instead of the extraction core: module-level,
# so they pickle by name.
def hang(data: bytes, source_path: str, settings: ReadSettings) -> ExtractionResult:
    time.sleep(60)
    return extract_bytes(data, source_path, settings)


def segfault(data: bytes, source_path: str, settings: ReadSettings) -> ExtractionResult:
    ctypes.string_at(0)
    return extract_bytes(data, source_path, settings)


def eat_memory(data: bytes, source_path: str, settings: ReadSettings) -> ExtractionResult:
    hoard = [bytearray(256 * 1024**2) for _ in range(16)]  # 4 GiB against a 1 GiB cap
    return extract_bytes(data, source_path, settings) if hoard else extract_bytes(data, source_path)


def reserve_address_space(
    data: bytes, source_path: str, settings: ReadSettings
) -> ExtractionResult:
    # Mapped, never touched (as ONNX Runtime maps its arenas): 3 GiB against a 1 GiB cap.
    with mmap.mmap(-1, 3 * 1024**3):
        return extract_bytes(data, source_path, settings)


def ask_for_more_time(data: bytes, source_path: str, settings: ReadSettings) -> ExtractionResult:
    extend_time_limit(10)  # as the PDF reader does for each page it sends to OCR
    time.sleep(2)  # past the 0.5 s limit and its 0.5 s grace
    return extract_bytes(data, source_path, settings)


OCR_MODULES = ("extractors.ocr", "rapidocr_onnxruntime", "onnxruntime", "cv2")


def name_loaded_ocr_modules(
    data: bytes, source_path: str, settings: ReadSettings
) -> ExtractionResult:
    extract_bytes(data, source_path, settings)
    loaded = [m for m in OCR_MODULES if m in sys.modules]
    raise LookupError(f"OCR modules loaded: {loaded}")  # the message is the test's answer


def vanish(data: bytes, source_path: str, settings: ReadSettings) -> ExtractionResult:
    raise PermissionError(13, "Permission denied", source_path)


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    root = tmp_path / "raw"
    root.mkdir()
    (root / "ebian.txt").write_bytes(EBIAN_TXT.read_bytes())
    return root


@pytest.fixture
def extractor() -> Iterator[IsolatedExtractor]:
    with IsolatedExtractor(QUICK) as ex:
        yield ex


def error_of(result: ExtractionResult) -> tuple[str, str, str]:
    assert len(result.errors) == 1
    e = result.errors[0]
    return result.document.status, e.stage, e.error_type


def test_worker_result_equals_extract_file(raw: Path, extractor: IsolatedExtractor) -> None:
    isolated = extractor.extract(raw / "ebian.txt", raw)
    direct = extract_file(raw / "ebian.txt", raw)
    assert isolated.doc_id == direct.doc_id
    assert isolated.document == direct.document
    assert isolated.amounts == direct.amounts
    assert isolated.sections == direct.sections


def test_worker_is_reused_from_one_document_to_the_next(
    raw: Path, extractor: IsolatedExtractor
) -> None:
    extractor.extract(raw / "ebian.txt", raw)
    first = extractor.worker_pid
    extractor.extract(raw / "ebian.txt", raw)
    assert first is not None and extractor.worker_pid == first


def test_a_hang_is_killed_at_the_time_limit(raw: Path) -> None:
    with IsolatedExtractor(QUICK, extract=hang) as ex:
        started = time.monotonic()
        result = ex.extract(raw / "ebian.txt", raw, SHORT)
        assert time.monotonic() - started < 10
        assert ex.worker_pid is None  # killed, not left running
    assert error_of(result) == ("failed", "read", "Timeout")
    assert result.document.error == (
        "time limit of 0.5 s reached: the extraction was stopped; "
        "raise read.time_limit_s (jixiao.toml or --set) to give the document longer"
    )
    assert result.doc_id == doc_id_of(EBIAN_TXT.read_bytes())


def test_a_segfault_becomes_worker_crashed(raw: Path) -> None:
    with IsolatedExtractor(QUICK, extract=segfault) as ex:
        result = ex.extract(raw / "ebian.txt", raw)
    assert error_of(result) == ("failed", "read", "WorkerCrashed")
    assert "killed by SIGSEGV" in (result.document.error or "")


def test_memory_over_the_cap_becomes_memory_limit(raw: Path) -> None:
    with IsolatedExtractor(QUICK, extract=eat_memory) as ex:
        result = ex.extract(raw / "ebian.txt", raw)
    assert error_of(result) == ("failed", "read", "MemoryLimit")
    assert result.document.error == (
        "memory limit of 1 GiB reached while extracting; "
        "raise isolation.memory_limit_bytes (jixiao.toml or --set) to give the document more"
    )


def test_address_space_the_worker_maps_but_does_not_use_is_not_held_against_it(
    raw: Path,
) -> None:
    with IsolatedExtractor(QUICK, extract=reserve_address_space) as ex:
        result = ex.extract(raw / "ebian.txt", raw)
    assert result.document.status == "ok"


def test_time_the_reader_is_granted_while_reading_keeps_the_worker_alive(raw: Path) -> None:
    with IsolatedExtractor(QUICK, extract=ask_for_more_time) as ex:
        result = ex.extract(raw / "ebian.txt", raw, SHORT)
    assert result.document.status == "ok"


def test_a_worker_reading_pdfs_with_a_text_layer_never_loads_the_ocr_engine(
    raw: Path,
) -> None:
    (raw / "ebian.pdf").write_bytes((SAMPLES / "ebian-2024-dept-self-eval.pdf").read_bytes())
    with IsolatedExtractor(QUICK, extract=name_loaded_ocr_modules) as ex:
        result = ex.extract(raw / "ebian.pdf", raw)
    assert result.document.error == "extraction failed: OCR modules loaded: []"


def test_an_exception_escaping_extraction_is_an_error_row(raw: Path) -> None:
    with IsolatedExtractor(QUICK, extract=vanish) as ex:
        result = ex.extract(raw / "ebian.txt", raw)
        assert ex.worker_pid is not None  # the worker survives and is reused
    assert error_of(result) == ("failed", "read", "PermissionError")


def test_the_next_document_after_a_crash_gets_a_fresh_worker(raw: Path) -> None:
    with IsolatedExtractor(QUICK, extract=segfault) as ex:
        ex.extract(raw / "ebian.txt", raw)
        ex._extract = extract_bytes  # the same extractor, now with a document that is fine
        result = ex.extract(raw / "ebian.txt", raw)
    assert result.document.status == "ok"


def test_symlink_leading_outside_the_raw_root_is_refused_not_followed(
    raw: Path, extractor: IsolatedExtractor
) -> None:
    secret = raw.parent / "secret.txt"
    secret.write_text("项目支出 100 万元\n", encoding="utf-8")
    (raw / "link.txt").symlink_to(secret)
    result = extractor.extract(raw / "link.txt", raw)
    assert error_of(result) == ("failed", "read", "OutsideRawRoot")
    assert result.document.source_path == "link.txt"
    assert result.document.error == (
        f"refused: a symlink leads outside the raw folder ({secret}); "
        "copy the file into the raw folder instead"
    )
    assert result.doc_id != doc_id_of(secret.read_bytes())  # its bytes were never read


def test_symlinked_folder_leading_outside_is_refused(
    raw: Path, extractor: IsolatedExtractor
) -> None:
    outside = raw.parent / "elsewhere"
    outside.mkdir()
    (outside / "a.txt").write_bytes(EBIAN_TXT.read_bytes())
    (raw / "sub").symlink_to(outside, target_is_directory=True)
    result = extractor.extract(raw / "sub" / "a.txt", raw)
    assert error_of(result) == ("failed", "read", "OutsideRawRoot")


def test_symlink_within_the_raw_root_is_followed(raw: Path, extractor: IsolatedExtractor) -> None:
    (raw / "alias.txt").symlink_to(raw / "ebian.txt")
    result = extractor.extract(raw / "alias.txt", raw)
    assert result.document.status == "ok"
    assert result.document.source_path == "alias.txt"


def test_a_named_pipe_is_refused_instead_of_blocking(
    raw: Path, extractor: IsolatedExtractor
) -> None:
    os.mkfifo(raw / "pipe.txt")
    result = extractor.extract(raw / "pipe.txt", raw)
    assert error_of(result) == ("failed", "read", "NotAFile")


def test_extract_isolated_reuses_one_worker_per_process(raw: Path) -> None:
    first = extract_isolated(raw / "ebian.txt", raw)
    second = extract_isolated(raw / "ebian.txt", raw)
    assert first.document == second.document
    assert first.document.status == "ok"


def test_a_worker_that_died_between_documents_is_replaced_not_blamed(
    raw: Path, extractor: IsolatedExtractor
) -> None:
    extractor.extract(raw / "ebian.txt", raw)
    pid = extractor.worker_pid
    assert pid is not None
    os.kill(pid, 9)  # our own worker, killed from outside (the OOM killer, an operator)
    while extractor._worker is not None and extractor._worker.process.is_alive():
        time.sleep(0.01)
    result = extractor.extract(raw / "ebian.txt", raw)
    assert result.document.status == "ok"
    assert extractor.worker_pid != pid


def _raw_file(raw: Path) -> RawFile:
    return scan_raw(raw)[0]


def test_a_whole_document_processed_in_the_worker_is_written_to_the_store(
    raw: Path, tmp_path: Path, extractor: IsolatedExtractor
) -> None:
    store = CuratedStore(tmp_path / "curated")
    outcome = extractor.process(_raw_file(raw), raw, store)
    assert outcome.result.document.status == "ok"
    assert store.load_manifest()["ebian.txt"].doc_id == outcome.result.doc_id
    # 县医保局2024年财政拨款预算收入880.52万元: the report's first money figure.
    assert 880.52 in outcome.tables["amounts"]["value_wan"].to_pylist()


def test_a_worker_crash_while_processing_is_recorded_as_the_documents_failure(
    raw: Path, tmp_path: Path
) -> None:
    store = CuratedStore(tmp_path / "curated")
    with IsolatedExtractor(QUICK, extract=segfault) as ex:
        outcome = ex.process(_raw_file(raw), raw, store)
    assert error_of(outcome.result) == ("failed", "read", "WorkerCrashed")
    documents = store.read_table("documents")
    assert documents["status"].to_pylist() == ["failed"]
    assert "ebian.txt" in store.load_manifest()


def test_workers_import_the_installed_project_whatever_the_working_directory_holds(
    raw: Path, tmp_path: Path
) -> None:
    # Run from the folder above a clone: its `jixiao/` holds the project, not the package.
    (tmp_path / "jixiao" / "jixiao").mkdir(parents=True)
    command = Path(sys.executable).parent / "jixiao"
    run = subprocess.run(
        [str(command), "extract", str(raw), "--out", str(tmp_path / "out")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    documents = CuratedStore(tmp_path / "out").read_table("documents")
    assert documents["status"].to_pylist() == ["ok"]
