"""Real rows and lines copied from tests/fixtures/samples/*, shared by the test files.

Table rows are given as the TXT reader rebuilds them (merged-over cells empty) unless a
comment says otherwise. Only what two or more test files use lives here; a test's own
variations (doctored or abridged rows) stay in its file.
"""

from __future__ import annotations

Row = tuple[str, ...]

# --- ebian-2024-dept-self-eval: the report's opening paragraphs -------------------------

EBIAN_OPENING_PARAGRAPHS: tuple[str, ...] = (
    "附件2",
    "部门整体支出预算绩效自评报告",
    "（医疗保障局）",
    "一、部门基本情况",
    "（一）机构组成。",
    "峨边彝族自治县医疗保障局（简称县医保局）为行政机关，一级预算正科级单位。"
    "单位设局长1名，副局长1名；内设中层机构3个（办公室、综合业务股、基金监管股）；"
    "下属参公事业单位：医疗保障事务中心，设征缴股、审核股、稽核股、财务股。",
)

# --- yueyanglou-2023-dept-self-eval, 附件1 基础数据表: the money part's first rows -------

YUEYANGLOU_BASIC_DATA_MONEY_HEADER: Row = (
    "经费控制情况(万元)",
    "2022年决算数",
    "2023年预算数",
    "2023年决算数",
)
YUEYANGLOU_BASIC_DATA_THREE_PUBLIC: Row = ("三公经费", "", "10", "0.13")

# --- yueyanglou-2023-dept-self-eval, 附件2 整体支出绩效自评表 (9 columns) ----------------

# budget block: header and the 年度资金总额 row (执行率 224.81%: expenditure over the initial budget)
YUEYANGLOU_BUDGET_HEADER: Row = (
    "年度预\n算申请\n(万元)",
    "",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
    "",
)
YUEYANGLOU_BUDGET_TOTAL: Row = (
    "",
    "年度资金总额",
    "1022.77",
    "2299.31",
    "2299.31",
    "10",
    "224.81%",
    "10",
    "",
)

# indicator block
YUEYANGLOU_INDICATOR_HEADER: Row = (
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析\n及改进措施",
)
# 产出指标 (50分): 数量, 质量, 时效 and 支出预算控制 rows
YUEYANGLOU_PARTICIPATION_ROW: Row = (
    "",
    "产出指标\n(50分)",
    "数量指标",
    "城乡居民参保率",
    "≥95%",
    "96.19%",
    "20",
    "20",
    "",
)
YUEYANGLOU_SUBSIDY_ROW: Row = (
    "",
    "",
    "质量指标",
    "城乡居民参保各项财政补助资金到位率",
    "100%",
    "100%",
    "10",
    "10",
    "",
)
YUEYANGLOU_TIMELY_ROW: Row = (
    "",
    "",
    "时效指标",
    "资金到位及时率",
    "各项资金到位及时率",
    "全部及时到位",
    "10",
    "10",
    "",
)
YUEYANGLOU_BUDGET_CONTROL_ROW: Row = (
    "",
    "",
    "支出预算控制",
    "支出预算控制",
    "≤2299.31万元",
    "2299.31万元",
    "10",
    "10",
    "",
)
# 效益指标 (30分): the two 可持续影响指标 rows
YUEYANGLOU_ENROLMENT_PLAN_ROW: Row = (
    "",
    "",
    "可持续影\n响指标",
    "岳阳楼区2024年度城乡居民基本医疗保险参保缴费工作实施方案",
    "出台",
    "出台",
    "10",
    "10",
    "",
)
YUEYANGLOU_INTERNET_ROW: Row = ("", "", "", "“互联网+医保”服务", "出台", "出台", "10", "10", "")
# 满意度指标 (10分), then the 总分 row: weight 100, score 98.5
YUEYANGLOU_SATISFACTION_ROW: Row = (
    "",
    "满意度\n指标\n(10分)",
    "服务对象\n满意度指\n标",
    "相关部门和参保对象满意度",
    "≥98%",
    "95%",
    "10",
    "9",
    "",
)
YUEYANGLOU_TOTAL_ROW: Row = ("", "100", "98.5", "", "", "", "", "", "")

# --- yueyanglou-2023-dept-self-eval, 附件5 评分标准 (a scoring rubric): its last row ------

YUEYANGLOU_RUBRIC_TOTAL: Row = ("合计", "100分", "", "")

# --- jiayuguan-2021-dept-self-eval, 整体支出绩效自评表 (9 columns) ------------------------

# budget block: header and the 全年支出 row as the TXT grid gives it (label's leading blanks kept)
JIAYUGUAN_BUDGET_HEADER: Row = (
    "部门（单位）整体支出   （万元）",
    "",
    "年初预算数",
    "全年预算数（A）",
    "实际支出数（B）",
    "执行率（B/A）",
    "分值",
    "得分",
    "",
)
JIAYUGUAN_BUDGET_TOTAL: Row = (
    "",
    "  全年支出",
    "729.97",
    "753.60",
    "750.6",
    "99.6%",
    "10",
    "9",
    "",
)

# indicator block: header (as the TXT and PDF readers give it), the last 满意度 row, 合计 98
JIAYUGUAN_INDICATOR_HEADER: Row = (
    "年度绩效指标完成情况",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)
JIAYUGUAN_STAFF_SATISFACTION_ROW: Row = (
    "",
    "",
    "服务对象的满意度",
    "业务经办人员的满意度",
    "≧85%",
    "90%",
    "5",
    "5",
    "",
)
JIAYUGUAN_TOTAL_ROW: Row = ("合    计", "98", "", "", "", "", "", "", "")

# --- jiayuguan-2021-dept-self-eval, 慢性病项目支出绩效自评表 (慢性病鉴定费, 9 columns) ------

JIAYUGUAN_PROJECT_INDICATOR_HEADER: Row = (
    "绩\n效\n指\n标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "未完成原因和改进措施",
)
# 资金情况 block: 项目投资数 takes one column in TXT where DOCX spans two (上年结转|当年安排)
JIAYUGUAN_PROJECT_FUNDS_HEADER: Row = (
    "资金情况\n（万元）",
    "",
    "项目投资数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
    "",
    "",
)
JIAYUGUAN_PROJECT_FUNDS_TOTAL: Row = ("", "年度资金总额：", "", "1", "1", "--", "", "--", "")

# --- mianzhu-2020-final-accounts, 项目绩效目标完成情况表 of 二乙伤残军人医疗 (6 columns) ---

MIANZHU_BUDGET_ROW: Row = ("预算执行情况(万元)", "预算数:", "21.74万元", "执行数:", "21.74万元", "")
MIANZHU_INDICATOR_HEADER: Row = (
    "绩效指标完成情况",
    "一级指标",
    "二级指标",
    "三级指标",
    "预期指标值(包含数字及文字描述)",
    "实际完成指标值(包含数字及文字描述)",
)
MIANZHU_QUANTITY_ROW: Row = (
    "",
    "项目完成指标",
    "数量指标",
    "我市二乙伤残军人（1-6级伤残军人）",
    "≥75名",
    "75人",
)
MIANZHU_SATISFACTION_ROW: Row = (
    "",
    "满意度指标",
    "服务对象\n满意度指标",
    "我市75名二乙伤残军人满意率",
    "≥95%",
    "95%",
)
