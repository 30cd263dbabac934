"""Every internal link of the built site leads somewhere: a link checker over every page."""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT_URL = "http://site.invalid/"
"""The site's pages as if served here: links are resolved as a browser resolves them."""


class Links(HTMLParser):
    """The href and src values of a page, and the ids it holds."""

    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and not (
                tag == "link" and attrs.get("rel") in ("canonical", "alternate")
            ):
                self.links.append(attrs[name])


def read(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def target(site: Path, url: str) -> Path | None:
    """The file a URL of the site names, or None for another host."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != ROOT_URL:
        return None
    path = site / unquote(parts.path).lstrip("/")
    return path / "index.html" if parts.path.endswith("/") else path


def broken_links(site: Path) -> list[str]:
    """Every link of the site's pages to a file of the site that is not there, or to an id
    that page does not hold."""
    ids: dict[Path, set] = {}
    broken = []
    for page in sorted(site.rglob("*.html")):
        base = ROOT_URL + page.relative_to(site).as_posix()
        for link in read(page).links:
            if link.startswith(("mailto:", "javascript:", "data:")):
                continue
            url = urljoin(base, link)
            file = target(site, url)
            if file is None:
                continue
            if not file.is_file():
                broken.append(f"{page.relative_to(site)}: {link}")
                continue
            fragment = urlsplit(url).fragment
            if fragment and file.suffix == ".html":
                if file not in ids:
                    ids[file] = read(file).ids
                if fragment not in ids[file]:
                    broken.append(f"{page.relative_to(site)}: {link} (no #{fragment} there)")
    return broken


def test_the_checker_finds_a_missing_page_and_a_missing_line(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text(
        '<p id="L1">x</p><a href="../b/">b</a><a href="#L2">l</a>'
        '<a href="https://example.org/">out</a><a href="#L1">ok</a>'
    )
    assert broken_links(tmp_path) == ["a/index.html: ../b/", "a/index.html: #L2 (no #L2 there)"]


def test_no_internal_link_is_broken(built_site):
    assert len(list(built_site.rglob("*.html"))) > 100
    broken = broken_links(built_site)
    assert broken == [], f"{len(broken)} broken links, first: " + "\n".join(broken[:20])
