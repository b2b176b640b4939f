"""Reads the site's feeds and BibTeX files with the tools readers use, for the Node tests.

Usage: python3 readers.py feeds FILE...   -> JSON: each feed as feedparser sees it, plus any live markup
       python3 readers.py bib FILE...     -> JSON: each file's entries as bibtexparser reads them
       python3 readers.py html < JSON     -> JSON: for a list of HTML strings, the live markup in each

Feeds are parsed by feedparser (Debian python3-feedparser) with its own HTML sanitising OFF, as a feed
reader that trusts the feed would render them; every title, summary and content value is then parsed as
HTML (html.parser) and each element or attribute that can run script is reported. BibTeX files are parsed
by bibtexparser (Debian python3-bibtexparser), strictly: a file whose entries it cannot all read fails.
"""

import json
import sys
from html.parser import HTMLParser

SCRIPT_ELEMENTS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form", "meta", "link", "style", "svg", "math"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcset", "poster", "background"}


class Danger(HTMLParser):
    """Collects elements and attributes that could run script when the text is rendered as HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in SCRIPT_ELEMENTS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower().replace("\t", "").replace("\n", "")
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            elif name in URL_ATTRIBUTES and (value.startswith("javascript:") or value.startswith("data:") or value.startswith("vbscript:")):
                self.found.append(f"<{tag} {name}={value[:30]}>")
            elif name == "style" and ("expression(" in value or "url(" in value):
                self.found.append(f"<{tag} style>")

    handle_startendtag = handle_starttag


def danger(html):
    parser = Danger()
    parser.feed(html or "")
    parser.close()
    return parser.found


def read_feed(path):
    import feedparser

    parsed = feedparser.parse(path, sanitize_html=False, resolve_relative_uris=False)
    entries = []
    found = []
    for e in parsed.entries:
        contents = [c.get("value", "") for c in e.get("content", [])]
        for field, value in [("title", e.get("title", "")), ("summary", e.get("summary", ""))] + [("content", c) for c in contents]:
            for d in danger(value):
                found.append({"entry": e.get("id", ""), "field": field, "markup": d})
        entries.append(
            {
                "id": e.get("id"),
                "guidislink": e.get("guidislink"),
                "link": e.get("link"),
                "title": e.get("title"),
                "summary": e.get("summary"),
                "content": contents,
                "published": e.get("published"),
                "tags": [t.get("term") for t in e.get("tags", [])],
            }
        )
    feed = parsed.feed
    for field in ["title", "subtitle"]:
        for d in danger(feed.get(field, "")):
            found.append({"entry": "(channel)", "field": field, "markup": d})
    return {
        "bozo": bool(parsed.bozo),
        "bozo_exception": str(parsed.get("bozo_exception", "")) if parsed.bozo else "",
        "version": parsed.version,
        "title": feed.get("title"),
        "language": feed.get("language"),
        "updated": feed.get("updated"),
        "links": [{"rel": l.get("rel"), "href": l.get("href"), "type": l.get("type")} for l in feed.get("links", [])],
        "entries": entries,
        "danger": found,
    }


def read_bib(path):
    import bibtexparser
    from bibtexparser.bparser import BibTexParser

    with open(path, encoding="utf-8") as f:
        text = f.read()
    parser = BibTexParser(common_strings=False)
    parser.ignore_nonstandard_types = False
    database = bibtexparser.loads(text, parser=parser)
    return {"entries": database.entries, "declared": text.count("\n@") + (1 if text.startswith("@") else 0)}


def main():
    mode, files = sys.argv[1], sys.argv[2:]
    if mode == "html":
        json.dump([danger(h) for h in json.load(sys.stdin)], sys.stdout)
        return
    reader = {"feeds": read_feed, "bib": read_bib}[mode]
    json.dump({f: reader(f) for f in files}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
