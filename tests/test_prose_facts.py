"""Projects and scored indicators that reports write in sentences, not tables.

ebian lists four projects as "项目N：名称 金额" with a paragraph of figures each; fengnan (a
finance bureau's evaluation) scores nineteen indicators one numbered line each, "名称（设定
N分，得分M分）", adding up to its stated 92.47. Both must come out alike from TXT, DOCX and
PDF. Expected values are read off the reports.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest

from extractors.model import Paragraph, assemble
from jixiao.extraction import ExtractionResult, extract_document, extract_file
from parsers.checks import check_scores_add_up
from records import ProjectRecord
from tests.pdf_fixtures import text_pdf

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
FENGNAN = SAMPLES / "fengnan-2023-finance-key-eval.txt"


def D(text: str) -> Decimal:
    return Decimal(text)


def extract(path: Path) -> ExtractionResult:
    return extract_file(path, path.parent)


def extract_lines(*lines: str) -> ExtractionResult:
    return extract_document(assemble("t.txt", "txt", [Paragraph(line) for line in lines]), "t")


# --- ebian: four projects in prose ------------------------------------------------------

EBIAN_PROJECTS = [
    # 项目1: 预算总额年初10万元，执行数10万元，执行率100%
    ProjectRecord(
        "医疗保险征缴及医疗保险基金安全监管工作相关经费",
        budget_initial_wan=D("10"),
        executed_wan=D("10"),
        execution_rate=D("1"),
    ),
    # 项目2: 年初40万元，调整后27.26万元，执行数27.26万元，执行率100%
    ProjectRecord(
        "医疗补助费用(按实)",
        budget_initial_wan=D("40"),
        budget_final_wan=D("27.26"),
        executed_wan=D("27.26"),
        execution_rate=D("1"),
    ),
    # 项目3: 年初350.00万元，调整后270.91万元，执行数270.91万元，执行率100%，综合得分94分
    ProjectRecord(
        "城乡医疗救助县级配套(按实)",
        budget_initial_wan=D("350"),
        budget_final_wan=D("270.91"),
        executed_wan=D("270.91"),
        execution_rate=D("1"),
        score=D("94"),
    ),
    # 项目4: 年初200万元，执行数200万元，执行率100%
    ProjectRecord(
        "峨边医保局2024年乡村振兴补助资金项目(县级)",
        budget_initial_wan=D("200"),
        executed_wan=D("200"),
        execution_rate=D("1"),
    ),
]


@pytest.mark.parametrize("suffix", ["txt", "docx", "pdf"])
def test_ebian_prose_projects_come_out_with_their_figures(suffix: str) -> None:
    result = extract(SAMPLES / f"ebian-2024-dept-self-eval.{suffix}")
    assert result.projects == EBIAN_PROJECTS


def test_a_project_listed_then_described_is_one_row() -> None:
    result = extract_lines(
        "项目1：档案数字化经费12万元。",
        "项目1：档案数字化经费12万元。",
        "预算执行情况：年初预算12万元，执行数11.5万元，执行率95.83%。",
    )
    assert result.projects == [
        ProjectRecord(
            "档案数字化经费",
            budget_initial_wan=D("12"),
            executed_wan=D("11.5"),
            execution_rate=D("0.9583"),
        )
    ]


def test_a_numbered_project_with_a_colon_opens_a_project() -> None:
    result = extract_lines(
        "（一）本单位共有2个项目",
        "1、纪念设施修缮项目：预算42.6万元，全年实际支付42.6万元，使用率100%。",
        "2、英烈事迹编撰项目：预算18万元，全年实际支付17.2万元，使用率95.56%。",
    )
    assert [(p.project_name, p.budget_initial_wan, p.executed_wan) for p in result.projects] == [
        ("纪念设施修缮项目", D("42.6"), D("42.6")),
        ("英烈事迹编撰项目", D("18"), D("17.2")),
    ]
    assert [p.execution_rate for p in result.projects] == [D("1"), D("0.9556")]


def test_a_generic_numbered_phrase_is_no_project() -> None:
    result = extract_lines("2.项目资金：全年安排30万元，已全部支出。")
    assert result.projects == []


# --- fengnan: nineteen indicators in prose ----------------------------------------------

# (name, weight, score) as the report's 四、(一) lists them
FENGNAN_INDICATORS = [
    ("预算编制完整性", 4, 4),
    ("预算编制及时性", 4, 4),
    ("预算执行率", 5, 4.04),
    ("部门整体支出进度", 5, 0.93),
    ("公用经费控制率", 5, 5),
    ("“三公经费”控制率", 5, 5),
    ("预决算信息公开性", 5, 5),
    ("资金使用合规性", 5, 5),
    ("管理制度健全性", 5, 5),
    ("绩效目标设定情况", 4, 3.5),
    ("绩效监控、评价管理", 8, 8),
    ("绩效结果应用", 4, 4),
    ("绩效信息公开", 4, 4),
    ("重点工作完成率", 10, 10),
    ("政策知晓率", 5, 5),
    ("社会效益指标", 5, 5),
    ("可持续影响指标", 5, 5),
    ("机关工作整体满意度", 6, 4),
    ("社会公众服务对象满意度", 6, 6),
]


def fengnan_paragraphs() -> list[str]:
    return [line for line in FENGNAN.read_text(encoding="utf-8").split("\n") if line.strip()]


def fengnan_docx(tmp_path: Path) -> Path:
    document = docx.Document()
    for line in fengnan_paragraphs():
        document.add_paragraph(line)
    path = tmp_path / "fengnan.docx"
    document.save(str(path))
    return path


def fengnan_as(suffix: str, tmp_path: Path) -> Path:
    if suffix == "docx":
        return fengnan_docx(tmp_path)
    if suffix == "pdf":
        return text_pdf(fengnan_paragraphs(), tmp_path / "fengnan.pdf")
    return FENGNAN


@pytest.mark.parametrize("suffix", ["txt", "docx", "pdf"])
def test_fengnan_prose_indicators_come_out_with_weight_and_score(
    suffix: str, tmp_path: Path
) -> None:
    result = extract(fengnan_as(suffix, tmp_path))
    rows = [(r.level3, r.weight, r.score) for r in result.indicators]
    assert rows == [(name, float(w), float(s)) for name, w, s in FENGNAN_INDICATORS]
    assert {r.scope for r in result.indicators} == {"department"}


@pytest.mark.parametrize("suffix", ["txt", "docx", "pdf"])
def test_fengnan_prose_scores_add_up_to_the_stated_total(suffix: str, tmp_path: Path) -> None:
    result = extract(fengnan_as(suffix, tmp_path))
    assert result.summary.self_score == D("92.47")
    assert result.table_facts is not None
    checks = check_scores_add_up(result.indicators, result.table_facts.totals)
    assert [c.name for c in checks] == ["scores_add_up"]
    assert checks[0].passed


def test_a_weight_in_brackets_takes_the_score_written_later_in_the_line() -> None:
    result = extract_lines(
        "1.预算编制科学性（6分）：编制依据充分，得分5.5分。",
        "2.资金到位率（4分）：资金全部到位，得分4分。",
        "3.服务对象满意度（10分）：抽样满意度为91%，得分9分。",
    )
    assert [(r.level3, r.weight, r.score) for r in result.indicators] == [
        ("预算编制科学性", 6.0, 5.5),
        ("资金到位率", 4.0, 4.0),
        ("服务对象满意度", 10.0, 9.0),
    ]


def test_two_scored_lines_are_not_a_scoring_list() -> None:
    result = extract_lines(
        "1.预算编制科学性（设定6分，得分5分），编制依据充分。",
        "2.资金到位率（设定4分，得分4分），资金全部到位。",
    )
    assert result.indicators == []


def test_a_score_above_its_weight_is_not_an_indicator() -> None:
    result = extract_lines(
        "1.甲指标（设定6分，得分5分）。",
        "2.乙指标（设定4分，得分4分）。",
        "3.丙指标（设定5分，得分5分）。",
        "4.丁指标（设定5分，得分50分）。",
    )
    assert [r.level3 for r in result.indicators] == ["甲指标", "乙指标", "丙指标"]


def test_an_attached_report_titled_by_its_project_is_a_project_with_its_figures() -> None:
    # a 决算's 附件: an external evaluation of one project, its title wrapped over two lines
    result = extract_lines(
        "2023年度某市应急管理局部门决算",
        "第五部分 附件",
        "附件",
        "2023年度森林防火物资储备项目",
        "绩效评价报告",
        "一、基本情况",
        "该项目年初预算数为320.00万元，全年预算数为335.50万元。",
        "项目实际支出301.95万元，预算执行率90%。",
        "经评价，该项目综合得分88.6分，评价等级为良。",
    )
    assert result.projects == [
        ProjectRecord(
            project_name="森林防火物资储备",
            budget_initial_wan=D("320.00"),
            budget_final_wan=D("335.50"),
            executed_wan=D("301.95"),
            execution_rate=D("0.9"),
            score=D("88.6"),
        )
    ]


def test_a_report_title_at_the_top_of_a_document_is_no_attached_project() -> None:
    result = extract_lines(
        "2023年度森林防火物资储备项目绩效评价报告",
        "一、基本情况",
        "该项目年初预算数为320.00万元，项目实际支出301.95万元。",
    )
    assert result.projects == []
