"""What of a government web page is the site, not the report: rules as data for ``html``.

A report published on a portal sits between the site's header (its name, a search box,
the menu), a breadcrumb (当前位置：首页 > …), share buttons, links to other sites and a
footer (主办单位、备案号、网站标识码). Left in, the site's name reads as the department.
Elements are recognised by their tag, ARIA role, or a class/id word; lines that carry no
such mark are recognised by their wording.
"""

from __future__ import annotations

import re

SKIPPED_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "nav", "header",
        "footer", "aside", "iframe", "frame", "object", "embed", "select", "option",
        "button", "input", "textarea", "svg", "canvas", "map", "audio", "video",
    }
)  # fmt: skip
SKIPPED_ROLES = frozenset({"navigation", "banner", "contentinfo", "menu", "menubar", "search"})

# Words of a class or id (split at spaces, '-' and '_') that mark site furniture ...
CHROME_WORDS = frozenset(
    {
        "header", "head", "top", "topbar", "logo", "search", "nav", "navbar", "menu",
        "breadcrumb", "breadcrumbs", "crumb", "crumbs", "position", "location", "dqwz",
        "share", "bdshare", "links", "friendlink", "footer", "foot", "bottom", "copyright",
        "sidebar", "toolbar", "login", "gotop", "qrcode",
    }
)  # fmt: skip
# ... unless another word of the same element says it is the article itself
# ("article-head" holds the report's title).
CONTENT_WORDS = frozenset({"article", "content", "title", "detail", "zoom"})
# Only containers are judged by their class: a table, row or cell named "top" or "head"
# is part of the report.
CHROME_CONTAINERS = frozenset({"div", "ul", "ol", "dl", "section", "form", "span"})
CLASS_WORD_SPLIT = re.compile(r"[\s_-]+")

# Lines of site furniture that no class marks: breadcrumbs and footer lines.
CHROME_LINES = (
    re.compile(r"^(?:当前位置|您现在的位置|您的位置|所在位置)\s*[:：]"),
    re.compile(r"(?:ICP备|网站标识码|版权所有|技术支持|公网安备).{0,100}$"),
    re.compile(r"^(?:分享到|打印本页|关闭窗口|【打印】|【关闭】)"),
)
# Longer than this, a line is report text even if it matches a pattern above.
MAX_CHROME_LINE_CHARS = 200


def is_chrome_class(tag: str, class_and_id: str) -> bool:
    if tag not in CHROME_CONTAINERS:
        return False
    words = {w.lower() for w in CLASS_WORD_SPLIT.split(class_and_id) if w}
    return bool(words & CHROME_WORDS) and not words & CONTENT_WORDS


def is_chrome_line(text: str) -> bool:
    return len(text) <= MAX_CHROME_LINE_CHARS and any(p.search(text) for p in CHROME_LINES)
