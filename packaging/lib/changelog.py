#!/usr/bin/env python3
"""Turns CHANGELOG.md (Keep a Changelog 1.1.0) into a package changelog.

  changelog.py deb|rpm --package NAME --version V [--release R] --maintainer "Name <mail>"
               --date-epoch SECONDS CHANGELOG.md

Each "## [x.y.z] - YYYY-MM-DD" section becomes one entry dated that day (00:00 UTC). "## [Unreleased]"
becomes the entry of --version, dated --date-epoch, unless --version already has its own section.
"### Added" etc. become prefixes of their items ("Added: ..."), nested items are folded into theirs.
Formats: deb = deb-changelog(5), lines at most 80 columns; rpm = the %changelog section of a spec.
"""

import argparse
import datetime
import re
import sys
import textwrap

SECTION = re.compile(r"^## \[(?P<name>[^\]]+)\](?:\s+-\s+(?P<date>\d{4}-\d{2}-\d{2}))?")
KIND = re.compile(r"^### (?P<kind>.+)$")
ITEM = re.compile(r"^(?P<indent>\s*)[-*] (?P<text>.*)$")
LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def plain(text):
    """Markdown inline -> plain text: links keep their label, code spans and emphasis lose markers."""
    text = LINK.sub(r"\1", text)
    return text.replace("`", "").replace("**", "")


def parse(path):
    """[(name, date or None, [item text, ...])] in file order (newest first)."""
    releases = []
    kind = None
    for raw in open(path, encoding="utf-8").read().splitlines():
        line = raw.rstrip()
        section = SECTION.match(line)
        if section:
            releases.append((section["name"], section["date"], []))
            kind = None
            continue
        if not releases:
            continue
        heading = KIND.match(line)
        if heading:
            kind = heading["kind"].strip()
            continue
        item = ITEM.match(line)
        items = releases[-1][2]
        if item and len(item["indent"]) < 2:
            items.append(f"{kind}: {plain(item['text'])}" if kind else plain(item["text"]))
        elif line.strip() and items and not line.startswith("#") and not line.startswith("["):
            items[-1] += " " + plain(item["text"] if item else line.strip())
    return releases


def entries(releases, version, date_epoch):
    """[(version, datetime, items)] for the package: Unreleased is mapped to the current version."""
    named = {name for name, _, _ in releases}
    result = []
    for name, date, items in releases:
        if name.lower() == "unreleased":
            if version in named or not items:
                continue
            when = datetime.datetime.fromtimestamp(date_epoch, datetime.timezone.utc)
            result.append((version, when, items))
        else:
            when = datetime.datetime.strptime(date, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc) if date else \
                datetime.datetime.fromtimestamp(date_epoch, datetime.timezone.utc)
            result.append((name, when, items))
    if not result or result[0][0] != version:
        raise SystemExit(f"changelog.py: {version} has no entry: add its changes under [Unreleased] or a [{version}] section")
    return result


def deb(package, maintainer, releases):
    out = []
    for version, when, items in releases:
        out.append(f"{package} ({version}) unstable; urgency=medium")
        out.append("")
        for item in items:
            out.extend(textwrap.wrap(item, width=78, initial_indent="  * ", subsequent_indent="    ",
                                     break_on_hyphens=False, break_long_words=False))
        out.append("")
        out.append(f" -- {maintainer}  {when.strftime('%a, %d %b %Y %H:%M:%S +0000')}")
        out.append("")
    return "\n".join(out)


def rpm(maintainer, release, releases):
    out = []
    for version, when, items in releases:
        out.append(f"* {when.strftime('%a %b %d %Y')} {maintainer} - {version}-{release}")
        for item in items:
            # '%' would start a macro in a spec file.
            out.extend(textwrap.wrap(item.replace("%", "%%"), width=78, initial_indent="- ", subsequent_indent="  ",
                                     break_on_hyphens=False, break_long_words=False))
        out.append("")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("format", choices=["deb", "rpm"])
    parser.add_argument("changelog")
    parser.add_argument("--package", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--release", default="1")
    parser.add_argument("--maintainer", required=True)
    parser.add_argument("--date-epoch", type=int, required=True)
    args = parser.parse_args()
    releases = entries(parse(args.changelog), args.version, args.date_epoch)
    text = deb(args.package, args.maintainer, releases) if args.format == "deb" else rpm(args.maintainer, args.release, releases)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
