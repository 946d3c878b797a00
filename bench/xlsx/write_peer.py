#!/usr/bin/python3
"""The scorecard workbook written by Python peers, for the benchmark: the same sheets, formulas,
number formats, conditional formats, widths, print setup and charts as `vanban scorecard`,
built from the same figures (`vanban score --json` and the targets file).

Usage: write_peer.py openpyxl|xlsxwriter SCORE.json TARGETS.json OUT.xlsx [reps]
Prints the median time of building and writing the workbook (the JSON is read once, untimed)
and the peak RSS (ru_maxrss) before and after writing.

Differences from vanban's workbook: openpyxl cannot store cached formula results (the cells
show values only after a recalculation); the title block is shorter; widths use a plain
character count; XlsxWriter runs in constant_memory mode like vanban, openpyxl in its normal
mode (its write-only mode has no freeze panes, conditional formats or charts per sheet API).
"""
import json
import resource
import sys
import time

LEVELS = [("so", "Sở, ban, ngành"), ("huyen", "Huyện, thành phố"), ("xa", "Xã, phường, thị trấn")]


def col(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def ref(sheet, r, c, absolute=False):
    d = "$" if absolute else ""
    return f"'{sheet}'!{d}{col(c)}{d}{r + 1}"


def rng(sheet, r1, c1, r2, c2):
    return f"'{sheet}'!${col(c1)}${r1 + 1}:${col(c2)}${r2 + 1}"


def band_formula(bands, x):
    f, close = "", ""
    for b in bands[:-1]:
        f += f'IF({x}>={b["min"]},"{b["name"]}",'
        close += ")"
    return f + f'"{bands[-1]["name"]}"' + close


def build(doc, method, w):
    """Writes every sheet through the adapter `w`, row by row."""
    inds = method["indicators"]
    bands = sorted(({"name": b["name"], "min": b["min"]} for b in method["bands"]),
                   key=lambda b: -b["min"])
    units = doc["units"]
    by_level = [(lv, name, [u for u in units if u["level"] == lv]) for lv, name in LEVELS]
    by_level = [x for x in by_level if x[2]]
    has_xa = any(lv == "xa" for lv, _, _ in by_level)
    prev = doc["previous_period"] is not None
    names = [i["short_name"] for i in inds]
    # Rows: ranking rows and indicator rows, planned up front.
    rank_row, blocks, r = {}, [], 8
    for lv, name, us in by_level:
        sec, r = r, r + 1
        first = r
        for u in us:
            rank_row[u["id"]] = r
            r += 1
        blocks.append((lv, name, us, sec, first, r - 1))
    last_rank_row = r - 1
    ind_row = []
    for ind in inds:
        m, r = {}, 4
        for u in units:
            if ind["id"] in u["indicators"]:
                m[u["id"]] = r
                r += 1
        ind_row.append(m)
    c_rank, c_unit = 0, 1
    c = 2
    if has_xa:
        c_dist, c_drank, c = 2, 3, 4
    c_ind = c
    c_total, c_band = c + len(inds), c + len(inds) + 1
    last = c_band
    if prev:
        c_prank, c_rchange, c_ptotal, c_tchange = last + 1, last + 2, last + 3, last + 4
        last += 4

    # --- Xếp hạng
    S = "Xếp hạng"
    ws = w.sheet(S)
    w.text(ws, 3, 0, "BẢNG TỔNG HỢP KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH " + doc["period_label"].upper(), "title")
    heads = {c_rank: "Hạng", c_unit: "Đơn vị", c_total: "Tổng điểm", c_band: "Xếp loại"}
    if has_xa:
        heads.update({c_dist: "Huyện, thành phố", c_drank: "Hạng trong huyện"})
    for k, n in enumerate(names):
        heads[c_ind + k] = n
    if prev:
        heads.update({c_prank: "Hạng kỳ trước", c_rchange: "± hạng", c_ptotal: "Điểm kỳ trước",
                      c_tchange: "± điểm"})
    widths = {}
    for cc in range(last + 1):
        w.text(ws, 7, cc, heads[cc], "header")
        widths[cc] = max(8, min(len(heads[cc]), 14))
    xa_block = next((b for b in blocks if b[0] == "xa"), None)
    for lv, name, us, sec, first, lastr in blocks:
        w.text(ws, sec, 0, f"{name.upper()} ({len(us)} đơn vị)", "section")
        trange = rng(S, first, c_total, lastr, c_total)
        for u in us:
            r = rank_row[u["id"]]
            tc = f"{col(c_total)}{r + 1}"
            if u["total"] is not None:
                w.formula(ws, r, c_rank, f"=RANK({tc},{trange})", u["rank"], "rank")
            else:
                w.text(ws, r, c_rank, "—", "dash")
            w.text(ws, r, c_unit, u["name"], "text")
            widths[c_unit] = max(widths[c_unit], len(u["name"]) * 1.1)
            if has_xa:
                w.text(ws, r, c_dist, u["district"] or "", "text")
                if lv == "xa" and u["total"] is not None:
                    f = (f"=COUNTIFS({rng(S, xa_block[4], c_dist, xa_block[5], c_dist)},"
                         f"{col(c_dist)}{r + 1},{rng(S, xa_block[4], c_total, xa_block[5], c_total)},"
                         f'">"&{tc})+1')
                    w.formula(ws, r, c_drank, f, u["rank_in_district"], "rank")
                else:
                    w.text(ws, r, c_drank, "—", "dash")
            pts, mx = [], []
            for k, ind in enumerate(inds):
                s = u["indicators"].get(ind["id"])
                if s is None:
                    w.text(ws, r, c_ind + k, "—", "dash")
                    continue
                ir = ind_row[k][u["id"]]
                w.formula(ws, r, c_ind + k, "=" + ref(ind["short_name"], ir, 6),
                          s["rate"] / 100 if s["scored"] else "KPS", "rate")
                pts.append(ref(ind["short_name"], ir, 10))
                mx.append(ref(ind["short_name"], ir, 11))
            if u["total"] is not None:
                w.formula(ws, r, c_total, f"=ROUND(100*SUM({','.join(pts)})/SUM({','.join(mx)}),2)",
                          u["total"], "total")
                w.formula(ws, r, c_band, "=" + band_formula(bands, tc), u["band"], "center")
            else:
                w.text(ws, r, c_total, "—", "dash")
                w.text(ws, r, c_band, "Thiếu số liệu", "dash")
            if prev:
                if u["rank_change"] is not None:
                    w.number(ws, r, c_prank, u["previous_rank"], "rank")
                    w.formula(ws, r, c_rchange, f"={col(c_prank)}{r + 1}-{col(c_rank)}{r + 1}",
                              u["rank_change"], "rank_change")
                    w.number(ws, r, c_ptotal, u["previous_total"], "points")
                    w.formula(ws, r, c_tchange, f"=ROUND({tc}-{col(c_ptotal)}{r + 1},2)",
                              u["total_change"], "total_change")
                else:
                    for cc in (c_prank, c_rchange, c_ptotal, c_tchange):
                        w.text(ws, r, cc, "—", "dash")
        w.databar(ws, first, c_total, lastr, c_total)
        w.equal(ws, first, c_band, lastr, c_band, bands[0]["name"], "met")
        w.equal(ws, first, c_band, lastr, c_band, bands[-1]["name"], "missed")
    w.finish(ws, 7, 2, last_rank_row, last, widths)

    # --- one sheet per indicator
    for k, ind in enumerate(inds):
        S2 = ind["short_name"]
        ws = w.sheet(S2)
        w.text(ws, 0, 0, ind["name"].upper() + " — " + doc["period_label"].upper(), "title")
        hs = ["STT", "Mã đơn vị", "Đơn vị", "Cấp", ind["numerator"], ind["denominator"], "Tỷ lệ",
              "Chỉ tiêu", "Kết quả", "Điểm tối đa", "Điểm", "Điểm tối đa tính vào tổng"]
        widths = {}
        for cc, h in enumerate(hs):
            w.text(ws, 3, cc, h, "header")
            widths[cc] = max(8, min(len(h), 14))
        n = 0
        lvname = dict(LEVELS)
        for u in units:
            s = u["indicators"].get(ind["id"])
            if s is None:
                continue
            r = ind_row[k][u["id"]]
            n += 1
            R = r + 1
            w.number(ws, r, 0, n, "rank")
            w.text(ws, r, 1, u["id"], "text")
            w.text(ws, r, 2, u["name"], "text")
            widths[2] = max(widths[2], len(u["name"]) * 1.1)
            w.text(ws, r, 3, lvname[u["level"]], "text")
            w.number(ws, r, 4, s["numerator"], "integer")
            w.number(ws, r, 5, s["denominator"], "integer")
            kps = f'IF(F{R}=0,"KPS",'
            sc = s["scored"]
            w.formula(ws, r, 6, f"={kps}E{R}/F{R})", s["rate"] / 100 if sc else "KPS", "rate")
            w.number(ws, r, 7, s["target"] / 100, "target")
            w.formula(ws, r, 8, f'={kps}IF(G{R}>=H{R},"Đạt","Chưa đạt"))',
                      ("Đạt" if s["reached"] else "Chưa đạt") if sc else "KPS", "center")
            w.number(ws, r, 9, s["max_points"], "points")
            w.formula(ws, r, 10, f"={kps}IF(G{R}>=H{R},J{R},J{R}*E{R}/F{R}/H{R}))",
                      s["points"] if sc else "KPS", "points")
            w.formula(ws, r, 11, f"=IF(F{R}=0,0,J{R})", s["max_points"] if sc else 0, "points")
        lastr = 3 + n
        if n:
            w.equal(ws, 4, 8, lastr, 8, "Đạt", "met")
            w.equal(ws, 4, 8, lastr, 8, "Chưa đạt", "missed")
        w.finish(ws, 3, 3, lastr, 11, widths)

    # --- Chỉ tiêu
    ws = w.sheet("Chỉ tiêu")
    w.text(ws, 3, 0, "CHỈ TIÊU VÀ PHƯƠNG PHÁP CHẤM ĐIỂM", "title")
    hs = ["STT", "Chỉ tiêu", "Tử số", "Mẫu số", "Điểm tối đa"] + [n for _, n in LEVELS]
    for cc, h in enumerate(hs):
        w.text(ws, 6, cc, h, "header")
    r = 7
    for k, ind in enumerate(inds):
        w.number(ws, r, 0, k + 1, "rank")
        w.text(ws, r, 1, ind["name"], "text")
        w.text(ws, r, 2, ind["numerator"], "text")
        w.text(ws, r, 3, ind["denominator"], "text")
        w.number(ws, r, 4, ind["max_points"], "points")
        for j, (lv, _) in enumerate(LEVELS):
            t = ind["targets"].get(lv)
            if t is None:
                w.text(ws, r, 5 + j, "—", "dash")
            else:
                w.number(ws, r, 5 + j, t / 100, "target")
        r += 1
    r += 1
    for b in bands:
        w.text(ws, r, 1, b["name"], "text")
        w.number(ws, r, 2, b["min"], "points")
        r += 1
    r += 1
    for line in ["Phương pháp chấm điểm (Bộ chỉ số 766):",
                 "1. Tỷ lệ = tử số / mẫu số, cộng dồn số đếm các quý.",
                 "2. Đạt chỉ tiêu: điểm tối đa; chưa đạt: tỷ lệ × điểm tối đa / chỉ tiêu.",
                 "3. Mẫu số bằng 0: không phát sinh, tổng điểm quy về thang 100.",
                 "4. Xếp hạng trong từng cấp; bằng điểm thì cùng hạng."]:
        w.text(ws, r, 0, line, "note")
        r += 1
    w.finish(ws, 6, 2, 6 + len(inds), 7, {1: 45, 2: 30, 3: 30})

    # --- Chưa đạt
    ws = w.sheet("Chưa đạt")
    w.text(ws, 3, 0, "ĐƠN VỊ CHƯA ĐẠT CHỈ TIÊU " + doc["period_label"].upper(), "title")
    for cc, h in enumerate(["STT", "Đơn vị", "Cấp", "Chỉ tiêu chưa đạt", "Tỷ lệ", "Chỉ tiêu",
                            "Còn thiếu", "Điểm tối đa", "Điểm bị mất"]):
        w.text(ws, 6, cc, h, "header")
    r, n = 7, 0
    lvname = dict(LEVELS)
    for u in units:
        for k, ind in enumerate(inds):
            s = u["indicators"].get(ind["id"])
            if not s or not s["scored"] or s["reached"]:
                continue
            ir, sh = ind_row[k][u["id"]], ind["short_name"]
            n += 1
            w.number(ws, r, 0, n, "rank")
            w.text(ws, r, 1, u["name"], "text")
            w.text(ws, r, 2, lvname[u["level"]], "text")
            w.text(ws, r, 3, ind["name"], "text")
            w.formula(ws, r, 4, "=" + ref(sh, ir, 6), s["rate"] / 100, "rate")
            w.formula(ws, r, 5, "=" + ref(sh, ir, 7), s["target"] / 100, "target")
            w.formula(ws, r, 6, f"=F{r + 1}-E{r + 1}", (s["target"] - s["rate"]) / 100, "rate")
            w.formula(ws, r, 7, "=" + ref(sh, ir, 9), s["max_points"], "points")
            w.formula(ws, r, 8, f"=H{r + 1}-" + ref(sh, ir, 10), s["max_points"] - s["points"], "points")
            r += 1
    if n:
        w.databar(ws, 7, 6, r - 1, 6)
    w.finish(ws, 6, 2, max(r - 1, 6), 8, {1: 40, 3: 45})

    # --- Biểu đồ
    ws = w.sheet("Biểu đồ")
    w.text(ws, 3, 0, "BIỂU ĐỒ KẾT QUẢ " + doc["period_label"].upper(), "title")
    w.text(ws, 6, 0, "Xếp loại", "header")
    for j, b in enumerate(blocks):
        w.text(ws, 6, 1 + j, b[1], "header")
    w.text(ws, 6, 1 + len(blocks), "Cộng", "header")
    r = 7
    for band in bands:
        w.text(ws, r, 0, band["name"], "text")
        for j, (lv, name, us, sec, first, lastr) in enumerate(blocks):
            cnt = sum(1 for u in us if u["band"] == band["name"])
            w.formula(ws, r, 1 + j, f'=COUNTIF({rng(S, first, c_band, lastr, c_band)},"{band["name"]}")',
                      cnt, "integer")
        tot = sum(1 for u in units if u["band"] == band["name"])
        w.formula(ws, r, 1 + len(blocks), f"=SUM(B{r + 1}:{col(len(blocks))}{r + 1})", tot, "integer")
        r += 1
    w.column_chart(ws, r + 1, [(b[1], rng("Biểu đồ", 7, 0, r - 1, 0), rng("Biểu đồ", 7, 1 + j, r - 1, 1 + j))
                               for j, b in enumerate(blocks)])
    rr = r + 22
    for lv, name, us, sec, first, lastr in blocks:
        if len(us) > 250:
            w.text(ws, rr, 0, f"{name}: {len(us)} đơn vị, quá nhiều để vẽ biểu đồ.", "note")
            rr += 2
            continue
        w.bar_chart(ws, rr, "Tổng điểm — " + name, rng(S, first, c_unit, lastr, c_unit),
                    rng(S, first, c_total, lastr, c_total), len(us))
        rr += int((90 + 18 * len(us)) / 20) + 2
    w.finish(ws, None, None, None, None, {0: 14})


class XlsxWriterAdapter:
    def __init__(self, path, created):
        import xlsxwriter
        self.wb = xlsxwriter.Workbook(path, {"constant_memory": True})
        self.wb.set_properties({"title": "Bảng tổng hợp", "author": "Sở Nội vụ", "created": created})
        wb = self.wb
        border = {"border": 1, "valign": "vcenter"}
        self.f = {
            "title": wb.add_format({"bold": True, "font_size": 14}),
            "header": wb.add_format({**border, "bold": True, "text_wrap": True, "align": "center",
                                     "bg_color": "#DDEBF7"}),
            "section": wb.add_format({"bold": True, "bg_color": "#F2F2F2", "top": 1, "bottom": 1}),
            "text": wb.add_format(border),
            "center": wb.add_format({**border, "align": "center"}),
            "dash": wb.add_format({**border, "align": "center", "font_color": "#808080"}),
            "integer": wb.add_format({**border, "num_format": "#,##0"}),
            "rate": wb.add_format({**border, "num_format": "0.0%"}),
            "target": wb.add_format({**border, "num_format": "0%"}),
            "points": wb.add_format({**border, "num_format": "0.00"}),
            "total": wb.add_format({**border, "num_format": "0.00", "bold": True}),
            "rank": wb.add_format({**border, "num_format": "0", "align": "center"}),
            "rank_change": wb.add_format({**border, "num_format": "+0;-0;0"}),
            "total_change": wb.add_format({**border, "num_format": "+0.00;-0.00;0"}),
            "note": wb.add_format({}),
            "met": wb.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"}),
            "missed": wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
        }

    def sheet(self, name):
        return self.wb.add_worksheet(name)

    def text(self, ws, r, c, v, f):
        ws.write_string(r, c, v, self.f[f])

    def number(self, ws, r, c, v, f):
        ws.write_number(r, c, v, self.f[f])

    def formula(self, ws, r, c, formula, cached, f):
        ws.write_formula(r, c, formula, self.f[f], cached)

    def databar(self, ws, r1, c1, r2, c2):
        ws.conditional_format(r1, c1, r2, c2, {"type": "data_bar", "bar_color": "#63BE7B",
                                                "bar_solid": True})

    def equal(self, ws, r1, c1, r2, c2, value, f):
        ws.conditional_format(r1, c1, r2, c2, {"type": "cell", "criteria": "==",
                                                "value": f'"{value}"', "format": self.f[f]})

    def finish(self, ws, header, freeze_col, last_row, last_col, widths):
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_footer("&CTrang &P/&N")
        if header is not None:
            ws.repeat_rows(header)
            ws.freeze_panes(header + 1, freeze_col)
            ws.autofilter(header, 0, last_row, last_col)
        for c, wd in widths.items():
            ws.set_column(c, c, wd)

    def column_chart(self, ws, row, series):
        ch = self.wb.add_chart({"type": "column"})
        for name, cats, vals in series:
            ch.add_series({"name": name, "categories": "=" + cats, "values": "=" + vals,
                           "data_labels": {"value": True}})
        ch.set_title({"name": "Số đơn vị theo xếp loại"})
        ws.insert_chart(row, 0, ch, {"x_scale": 1.5, "y_scale": 1.2})

    def bar_chart(self, ws, row, title, cats, vals, n):
        ch = self.wb.add_chart({"type": "bar"})
        ch.add_series({"name": "Tổng điểm", "categories": "=" + cats, "values": "=" + vals})
        ch.set_title({"name": title})
        ch.set_legend({"none": True})
        ch.set_y_axis({"reverse": True})
        ch.set_x_axis({"min": 0, "max": 100})
        ws.insert_chart(row, 0, ch, {"x_scale": 2, "y_scale": (90 + 18 * n) / 288})

    def close(self):
        self.wb.close()


class OpenpyxlAdapter:
    def __init__(self, path, created):
        import openpyxl
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
        self.openpyxl = openpyxl
        self.path = path
        self.wb = openpyxl.Workbook()
        self.wb.remove(self.wb.active)
        self.wb.properties.title = "Bảng tổng hợp"
        self.wb.properties.creator = "Sở Nội vụ"
        self.wb.properties.created = created
        thin = Side(style="thin")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)

        def style(name, **kw):
            s = NamedStyle(name=name)
            s.border = kw.pop("border", box)
            for k, v in kw.items():
                setattr(s, k, v)
            self.wb.add_named_style(s)
            return name
        self.f = {
            "title": style("title", font=Font(bold=True, size=14), border=Border()),
            "header": style("header", font=Font(bold=True), fill=PatternFill("solid", fgColor="DDEBF7"),
                            alignment=Alignment(wrap_text=True, horizontal="center")),
            "section": style("section", font=Font(bold=True), fill=PatternFill("solid", fgColor="F2F2F2")),
            "text": style("text"),
            "center": style("center", alignment=Alignment(horizontal="center")),
            "dash": style("dash", alignment=Alignment(horizontal="center"), font=Font(color="808080")),
            "integer": style("integer", number_format="#,##0"),
            "rate": style("rate", number_format="0.0%"),
            "target": style("target", number_format="0%"),
            "points": style("points", number_format="0.00"),
            "total": style("total", number_format="0.00", font=Font(bold=True)),
            "rank": style("rank", number_format="0", alignment=Alignment(horizontal="center")),
            "rank_change": style("rank_change", number_format="+0;-0;0"),
            "total_change": style("total_change", number_format="+0.00;-0.00;0"),
            "note": style("note", border=Border()),
        }
        from openpyxl.styles.differential import DifferentialStyle
        self.dxf = {"met": DifferentialStyle(fill=PatternFill("solid", bgColor="C6EFCE"), font=Font(color="006100")),
                    "missed": DifferentialStyle(fill=PatternFill("solid", bgColor="FFC7CE"), font=Font(color="9C0006"))}

    def sheet(self, name):
        return self.wb.create_sheet(name)

    def text(self, ws, r, c, v, f):
        cell = ws.cell(row=r + 1, column=c + 1, value=v)
        cell.style = self.f[f]

    number = text

    def formula(self, ws, r, c, formula, cached, f):
        self.text(ws, r, c, formula, f)  # openpyxl cannot store the cached result

    def databar(self, ws, r1, c1, r2, c2):
        from openpyxl.formatting.rule import DataBarRule
        ws.conditional_formatting.add(f"{col(c1)}{r1 + 1}:{col(c2)}{r2 + 1}",
                                      DataBarRule(start_type="num", start_value=0, end_type="num",
                                                  end_value=100, color="63BE7B"))

    def equal(self, ws, r1, c1, r2, c2, value, f):
        from openpyxl.formatting.rule import Rule
        rule = Rule(type="cellIs", operator="equal", formula=[f'"{value}"'], dxf=self.dxf[f])
        ws.conditional_formatting.add(f"{col(c1)}{r1 + 1}:{col(c2)}{r2 + 1}", rule)

    def finish(self, ws, header, freeze_col, last_row, last_col, widths):
        ws.page_setup.paperSize = 9
        ws.page_setup.orientation = "landscape"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.oddFooter.center.text = "Trang &P/&N"
        if header is not None:
            ws.print_title_rows = f"{header + 1}:{header + 1}"
            ws.freeze_panes = f"{col(freeze_col)}{header + 2}"
            ws.auto_filter.ref = f"A{header + 1}:{col(last_col)}{last_row + 1}"
        for c, wd in widths.items():
            ws.column_dimensions[col(c)].width = wd

    def _ref(self, ws_name, r):
        from openpyxl.chart import Reference
        return r

    def column_chart(self, ws, row, series):
        from openpyxl.chart import BarChart, Reference
        ch = BarChart()
        ch.type = "col"
        ch.title = "Số đơn vị theo xếp loại"
        n = len(series)
        data = Reference(ws, min_col=2, max_col=1 + n, min_row=7, max_row=7 + 5)
        ch.add_data(data, titles_from_data=True)
        ch.set_categories(Reference(ws, min_col=1, min_row=8, max_row=7 + 5))
        ws.add_chart(ch, f"A{row + 1}")

    def bar_chart(self, ws, row, title, cats, vals, n):
        from openpyxl.chart import BarChart, Reference
        ch = BarChart()
        ch.type = "bar"
        ch.title = title
        src = self.wb["Xếp hạng"]

        def parse(rg):
            a, b = rg.split("!")[1].replace("$", "").split(":")
            import openpyxl.utils as u
            c1, r1 = u.cell.coordinate_from_string(a)
            c2, r2 = u.cell.coordinate_from_string(b)
            return u.column_index_from_string(c1), r1, r2
        cc, r1, r2 = parse(cats)
        vc, _, _ = parse(vals)
        ch.add_data(Reference(src, min_col=vc, min_row=r1, max_row=r2))
        ch.set_categories(Reference(src, min_col=cc, min_row=r1, max_row=r2))
        ch.x_axis.scaling.orientation = "maxMin"
        ch.y_axis.scaling.min, ch.y_axis.scaling.max = 0, 100
        ch.height = (90 + 18 * n) / 38
        ch.width = 30
        ch.legend = None
        ws.add_chart(ch, f"A{row + 1}")

    def close(self):
        self.wb.save(self.path)


def main():
    lib, score, targets, out = sys.argv[1:5]
    reps = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    doc = json.load(open(score, encoding="utf-8"))
    method = json.load(open(targets, encoding="utf-8"))
    import datetime
    created = datetime.datetime(2024, 7, 1)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        w = (XlsxWriterAdapter if lib == "xlsxwriter" else OpenpyxlAdapter)(out, created)
        build(doc, method, w)
        w.close()
        times.append((time.perf_counter() - t0) * 1000)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times.sort()
    print(f"{lib}: units {len(doc['units'])}  write median {times[len(times) // 2]:.1f} ms "
          f"(min {times[0]:.1f}, {reps} runs)  peak RSS loaded {before // 1024} MB, after writing "
          f"{after // 1024} MB (+{(after - before) // 1024} MB)")


if __name__ == "__main__":
    main()
