"""The distance between the baselines of a body paragraph's lines in a PDF, read from the words
of `pdftotext -bbox-layout` grouped into lines by their height on the page, not from poppler's
lines, blocks or reading order (LibreOffice's line boxes are 1.30 em high and overlap at a
pitch of 1.16 em, and poppler then joins or orders lines of one paragraph wrongly).

A word's box ends `descent x size` under its baseline, so for words of one size the distance
between the bottoms of their boxes is the distance between their baselines.
"""
import re
import statistics
import subprocess

from letter_checks import LEFT, MM, check
from check_letters import qt_size

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')


def page_words(pdf):
    """[[(x0, y0, x1, y1) in pt]] per page."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    return [[tuple(float(v) for v in m.groups()) for m in WORD.finditer(page)]
            for page in xml.split("<page ")[1:]]


def lines_of(words, box_pt, tolerance_pt=0.4):
    """The lines made of words whose box is `box_pt` high (one font size): [(x0_mm, bottom_pt)],
    top to bottom. Words whose bottoms lie within 0.3 pt of each other form one line."""
    sized = sorted((w for w in words if abs((w[3] - w[1]) - box_pt) < tolerance_pt),
                   key=lambda w: w[3])
    lines = []
    for x0, _, _, y1 in sized:
        if lines and y1 - lines[-1][1] < 0.3:
            lines[-1] = (min(lines[-1][0], x0 * MM), lines[-1][1])
        else:
            lines.append((x0 * MM, y1))
    return lines


def body_pitches(pdf, box_pt):
    """Baseline distances in pt inside body paragraphs: a line that starts at the left margin
    right under a line that starts there or at the 10 mm first-line indent (the next paragraph
    starts indented, a table cell 1.5 mm in, Nơi nhận is smaller, the signature further right)."""
    out = []
    for words in page_words(pdf):
        lines = lines_of(words, box_pt)
        for (ax, ay), (bx, by) in zip(lines, lines[1:]):
            if abs(bx - LEFT) < 0.5 and (abs(ax - LEFT) < 0.5 or abs(ax - LEFT - 10) < 0.6):
                out.append(by - ay)
    return out


def pitch_summary(pitches):
    """(median, spread) in pt, or (None, None) when there are none."""
    if not pitches:
        return None, None
    return statistics.median(pitches), max(pitches) - min(pitches)


# pdftotext's word box: 1.107 em of Qt's 14 pt (13.82) in vanban's PDF, 1.30 em of 14 pt in
# LibreOffice's (the ascent and descent of their font descriptors, see check_pdf).
OUR_BODY_BOX, LO_BODY_BOX = qt_size(14) * 1.107, 14 * 1.30
measured = []


def check_pitch(name, ours, theirs):
    """Body lines in LibreOffice's PDF of the DOCX are as far apart as in vanban's PDF, all of
    them (LibreOffice writes positions to 0.1 pt: a 16.15 pt pitch reads 16.1 or 16.2)."""
    (want, want_spread), (got, spread) = (pitch_summary(body_pitches(ours, OUR_BODY_BOX)),
                                          pitch_summary(body_pitches(theirs, LO_BODY_BOX)))
    if want is None:  # no paragraph of two lines or more on any page
        check(got is None, f"{name}: LibreOffice's PDF has body paragraphs of several lines, "
                           f"vanban's none")
        return
    measured.append((name, want, got))
    print(f"{name}: body baselines {want:.2f} pt apart in vanban's PDF (spread {want_spread:.2f}),"
          f" {got} in LibreOffice's (spread {spread})")
    check(got is not None and abs(got - want) <= 0.1 and spread <= 0.15,
          f"{name}: body lines {got} pt apart in LibreOffice's PDF (spread {spread}), "
          f"{want:.2f} pt in vanban's")
