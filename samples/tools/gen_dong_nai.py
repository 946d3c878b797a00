#!/usr/bin/python3
"""Generates the Đồng Nai sample: org.json and the quarterly indicator data of 2023 and 2024.

Deterministic (fixed seed): running it again rewrites the same files. The targets files
(chi-tieu-YYYY.json) are written by hand from DESIGN.md and only read here.
Usage: /usr/bin/python3 samples/tools/gen_dong_nai.py [OUT_DIR]   (default samples/dong-nai)
"""
import json
import os
import random
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "dong-nai")
PARENT = "UBND TỈNH ĐỒNG NAI"


def slug(name):
    s = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    out = []
    for c in s:
        out.append(c if c.isalnum() else "-")
    return "-".join(p for p in "".join(out).split("-") if p)


def agency(id_, name, issuer, abbr, head, units, signers, address, phone, email, web,
           parent=PARENT, numbering="single"):
    return {
        "id": id_, "name": name, "header": {"parent": parent, "issuer": issuer},
        "abbreviation": abbr, "head_title": head,
        "drafting_units": [{"id": slug(u[0]) if len(u) < 3 else u[2], "name": u[0], "abbreviation": u[1]} for u in units],
        "signers": signers,
        "contact": {"address": address, "phone": phone, "email": email, "website": web},
        "numbering": numbering,
    }


def signer(id_, name, title, authority="", authority_title=""):
    s = {"id": id_, "full_name": name, "title": title}
    if authority:
        s["authority"] = authority
        s["authority_title"] = authority_title
    return s


AGENCIES = [
    agency("ubnd", "Ủy ban nhân dân tỉnh Đồng Nai", "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", "UBND", "Chủ tịch",
           [("Văn phòng UBND tỉnh", "VP", "vp"), ("Trung tâm Phục vụ hành chính công", "HCC", "hcc")],
           [signer("nguyen-son-hung", "Nguyễn Sơn Hùng", "Phó Chủ tịch", "KT.", "CHỦ TỊCH")],
           "Số 2, đường Nguyễn Văn Trị, phường Thanh Bình, thành phố Biên Hòa, tỉnh Đồng Nai",
           "0251 3822 503", "ubnd@dongnai.gov.vn", "https://www.dongnai.gov.vn", parent="",
           numbering="per_type"),
    agency("vp-ubnd", "Văn phòng UBND tỉnh", "VĂN PHÒNG", "VP", "Chánh Văn phòng",
           [("Phòng Hành chính - Tổ chức", "HCTC", "hctc")],
           [signer("nguyen-kim-long", "Nguyễn Kim Long", "Chánh Văn phòng")],
           "Số 2, đường Nguyễn Văn Trị, phường Thanh Bình, thành phố Biên Hòa, tỉnh Đồng Nai",
           "0251 3822 460", "vpubnd@dongnai.gov.vn", "https://vpubnd.dongnai.gov.vn"),
    agency("snv", "Sở Nội vụ", "SỞ NỘI VỤ", "SNV", "Giám đốc",
           [("Thanh tra Sở", "TT", "tt"), ("Văn phòng", "VP", "vp")],
           [signer("nguyen-quoc-vu", "Nguyễn Quốc Vũ", "Phó Giám đốc", "KT.", "GIÁM ĐỐC")],
           "Số 2, đường Nguyễn Văn Trị, phường Thanh Bình, thành phố Biên Hòa, tỉnh Đồng Nai",
           "0251 3822 285", "snv@dongnai.gov.vn", "https://snv.dongnai.gov.vn"),
    agency("syt", "Sở Y tế", "SỞ Y TẾ", "SYT", "Giám đốc",
           [("Văn phòng", "VP", "vp"), ("Phòng Nghiệp vụ Y", "NVY", "nvy")],
           [signer("le-quang-trung", "Lê Quang Trung", "Phó Giám đốc", "KT.", "GIÁM ĐỐC")],
           "Số 2, đường Phan Đình Phùng, phường Quang Vinh, thành phố Biên Hòa, tỉnh Đồng Nai",
           "0251 3842 010", "syt@dongnai.gov.vn", "https://syt.dongnai.gov.vn"),
    # Units under Sở Y tế that the reference letters address.
    agency("ccatvstp", "Chi cục An toàn vệ sinh thực phẩm", "CHI CỤC AN TOÀN VỆ SINH THỰC PHẨM",
           "CCATVSTP", "Chi cục trưởng", [("Hành chính - Tổng hợp", "HCTH", "hcth")], [],
           "Số 2, đường Phan Đình Phùng, phường Quang Vinh, thành phố Biên Hòa, tỉnh Đồng Nai",
           "0251 3842 011", "ccatvstp.syt@dongnai.gov.vn", "https://syt.dongnai.gov.vn", parent="SỞ Y TẾ"),
    agency("ttgdyk", "Trung tâm Giám định y khoa", "TRUNG TÂM GIÁM ĐỊNH Y KHOA", "TTGĐYK", "Giám đốc",
           [("Phòng Tổ chức - Hành chính", "TCHC", "tchc")], [],
           "Phường Tân Tiến, thành phố Biên Hòa, tỉnh Đồng Nai", "0251 3842 012",
           "ttgdyk.syt@dongnai.gov.vn", "https://syt.dongnai.gov.vn", parent="SỞ Y TẾ"),
    agency("cdc", "Trung tâm Kiểm soát bệnh tật", "TRUNG TÂM KIỂM SOÁT BỆNH TẬT", "CDC", "Giám đốc",
           [("Phòng Tổ chức - Hành chính", "TCHC", "tchc")], [],
           "Phường Tân Tiến, thành phố Biên Hòa, tỉnh Đồng Nai", "0251 3842 013",
           "cdc.syt@dongnai.gov.vn", "https://cdcdongnai.vn", parent="SỞ Y TẾ"),
]

# Departments, agencies and sector bodies scored at the "so" level: (id, name, abbreviation).
SO = [
    ("vp-ubnd", "Văn phòng UBND tỉnh", "VP"), ("snv", "Sở Nội vụ", "SNV"), ("syt", "Sở Y tế", "SYT"),
    ("stp", "Sở Tư pháp", "STP"), ("skhdt", "Sở Kế hoạch và Đầu tư", "SKHĐT"),
    ("stc", "Sở Tài chính", "STC"), ("sct", "Sở Công Thương", "SCT"),
    ("snnptnt", "Sở Nông nghiệp và Phát triển nông thôn", "SNN&PTNT"),
    ("sgtvt", "Sở Giao thông vận tải", "SGTVT"), ("sxd", "Sở Xây dựng", "SXD"),
    ("stnmt", "Sở Tài nguyên và Môi trường", "STNMT"),
    ("stttt", "Sở Thông tin và Truyền thông", "STTTT"),
    ("sldtbxh", "Sở Lao động - Thương binh và Xã hội", "SLĐTBXH"),
    ("svhttdl", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("skhcn", "Sở Khoa học và Công nghệ", "SKHCN"), ("sgddt", "Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("sngv", "Sở Ngoại vụ", "SNgV"), ("ttt", "Thanh tra tỉnh", "TTr"), ("bdt", "Ban Dân tộc", "BDT"),
    ("bqlkcn", "Ban Quản lý các Khu công nghiệp", "BQLKCN"), ("cat", "Công an tỉnh", "CAT"),
    ("cuc-thue", "Cục Thuế tỉnh", "CT"), ("kbnn", "Kho bạc Nhà nước tỉnh", "KBNN"),
    ("bhxh", "Bảo hiểm xã hội tỉnh", "BHXH"), ("cuc-hai-quan", "Cục Hải quan Đồng Nai", "HQĐNa"),
]

DISTRICTS = [
    ("bien-hoa", "Thành phố Biên Hòa", [
        "Phường An Bình", "Phường An Hòa", "Phường Bình Đa", "Phường Bửu Hòa", "Phường Bửu Long",
        "Phường Hiệp Hòa", "Phường Hóa An", "Phường Hố Nai", "Phường Long Bình", "Phường Long Bình Tân",
        "Phường Phước Tân", "Phường Quang Vinh", "Phường Quyết Thắng", "Phường Tam Hiệp",
        "Phường Tam Hòa", "Phường Tam Phước", "Phường Tân Biên", "Phường Tân Hạnh", "Phường Tân Hiệp",
        "Phường Tân Hòa", "Phường Tân Mai", "Phường Tân Phong", "Phường Tân Tiến", "Phường Tân Vạn",
        "Phường Thanh Bình", "Phường Thống Nhất", "Phường Trảng Dài", "Phường Trung Dũng",
        "Phường Long Hưng", "Xã Tân An"]),
    ("long-khanh", "Thành phố Long Khánh", [
        "Phường Bảo Vinh", "Phường Phú Bình", "Phường Xuân An", "Phường Xuân Bình", "Phường Xuân Hòa",
        "Phường Xuân Lập", "Phường Xuân Tân", "Phường Xuân Thanh", "Phường Xuân Trung",
        "Phường Suối Tre", "Phường Bàu Sen", "Xã Bàu Trâm", "Xã Bình Lộc", "Xã Bảo Quang",
        "Xã Hàng Gòn"]),
    ("tan-phu", "Huyện Tân Phú", [
        "Thị trấn Tân Phú", "Xã Đắk Lua", "Xã Nam Cát Tiên", "Xã Núi Tượng", "Xã Phú An", "Xã Phú Bình",
        "Xã Phú Điền", "Xã Phú Lâm", "Xã Phú Lập", "Xã Phú Lộc", "Xã Phú Sơn", "Xã Phú Thanh",
        "Xã Phú Thịnh", "Xã Phú Trung", "Xã Phú Xuân", "Xã Tà Lài", "Xã Thanh Sơn", "Xã Trà Cổ"]),
    ("vinh-cuu", "Huyện Vĩnh Cửu", [
        "Thị trấn Vĩnh An", "Xã Bình Hòa", "Xã Bình Lợi", "Xã Hiếu Liêm", "Xã Mã Đà", "Xã Phú Lý",
        "Xã Tân An", "Xã Tân Bình", "Xã Thạnh Phú", "Xã Thiện Tân", "Xã Trị An", "Xã Vĩnh Tân"]),
    ("dinh-quan", "Huyện Định Quán", [
        "Thị trấn Định Quán", "Xã Gia Canh", "Xã La Ngà", "Xã Ngọc Định", "Xã Phú Cường", "Xã Phú Hòa",
        "Xã Phú Lợi", "Xã Phú Ngọc", "Xã Phú Tân", "Xã Phú Túc", "Xã Phú Vinh", "Xã Suối Nho",
        "Xã Thanh Sơn", "Xã Túc Trưng"]),
    ("trang-bom", "Huyện Trảng Bom", [
        "Thị trấn Trảng Bom", "Xã An Viễn", "Xã Bàu Hàm", "Xã Bắc Sơn", "Xã Bình Minh", "Xã Cây Gáo",
        "Xã Đồi 61", "Xã Đông Hòa", "Xã Giang Điền", "Xã Hố Nai 3", "Xã Hưng Thịnh", "Xã Quảng Tiến",
        "Xã Sông Thao", "Xã Sông Trầu", "Xã Tây Hòa", "Xã Thanh Bình", "Xã Trung Hòa"]),
    ("thong-nhat", "Huyện Thống Nhất", [
        "Xã Bàu Hàm 2", "Xã Gia Kiệm", "Xã Gia Tân 1", "Xã Gia Tân 2", "Xã Gia Tân 3", "Xã Hưng Lộc",
        "Xã Lộ 25", "Xã Quang Trung", "Xã Xuân Thạnh", "Xã Xuân Thiện"]),
    ("cam-my", "Huyện Cẩm Mỹ", [
        "Xã Bảo Bình", "Xã Lâm San", "Xã Long Giao", "Xã Nhân Nghĩa", "Xã Sông Nhạn", "Xã Sông Ray",
        "Xã Thừa Đức", "Xã Xuân Bảo", "Xã Xuân Đông", "Xã Xuân Đường", "Xã Xuân Mỹ", "Xã Xuân Quế",
        "Xã Xuân Tây"]),
    ("long-thanh", "Huyện Long Thành", [
        "Thị trấn Long Thành", "Xã An Phước", "Xã Bàu Cạn", "Xã Bình An", "Xã Bình Sơn",
        "Xã Cẩm Đường", "Xã Long An", "Xã Long Đức", "Xã Long Phước", "Xã Lộc An", "Xã Phước Bình",
        "Xã Phước Thái", "Xã Tam An", "Xã Tân Hiệp"]),
    ("xuan-loc", "Huyện Xuân Lộc", [
        "Thị trấn Gia Ray", "Xã Bảo Hòa", "Xã Lang Minh", "Xã Suối Cao", "Xã Suối Cát", "Xã Xuân Bắc",
        "Xã Xuân Định", "Xã Xuân Hiệp", "Xã Xuân Hòa", "Xã Xuân Hưng", "Xã Xuân Phú", "Xã Xuân Tâm",
        "Xã Xuân Thành", "Xã Xuân Thọ", "Xã Xuân Trường"]),
    ("nhon-trach", "Huyện Nhơn Trạch", [
        "Thị trấn Hiệp Phước", "Xã Long Tân", "Xã Long Thọ", "Xã Phú Đông", "Xã Phú Hội", "Xã Phú Hữu",
        "Xã Phú Thạnh", "Xã Phước An", "Xã Phước Khánh", "Xã Phước Thiền", "Xã Vĩnh Thanh",
        "Xã Đại Phước"]),
]

# Pairs of communes given identical counts every quarter: exact ties in the rankings.
TWINS = [("tan-phu-xa-phu-lam", "tan-phu-xa-phu-lap"), ("cam-my-xa-xuan-dong", "xuan-loc-xa-xuan-dinh")]
# (unit id, quarter) absent from the data: reported as a missing quarter, never averaged.
ABSENT = [("nhon-trach-xa-dai-phuoc", "2023-Q4")]


def build_org():
    units = []
    for id_, name, _ in SO:
        u = {"id": id_, "name": name, "level": "so"}
        if any(a["id"] == id_ for a in AGENCIES):
            u["agency"] = id_
        units.append(u)
    for did, dname, _ in DISTRICTS:
        units.append({"id": did, "name": dname, "level": "huyen"})
    for did, _, communes in DISTRICTS:
        for c in communes:
            units.append({"id": did + "-" + slug(c), "name": c, "level": "xa", "district": did})
    return {
        "$schema": "../../schemas/org.schema.json",
        "province": {"name": "Đồng Nai", "full_name": "Tỉnh Đồng Nai", "place_name": "Đồng Nai"},
        "agencies": AGENCIES,
        "units": units,
    }


# Typical quarterly volume (resolved dossiers) per level and how many subordinate units.
VOLUME = {"so": (150, 4000), "huyen": (2500, 12000), "xa": (80, 1200)}


# How strongly a unit's overall quality moves each rate (on-time and satisfaction vary little).
SENSITIVITY = {"on_time": 0.12, "satisfaction": 0.1, "online_filing": 1.0, "online_payment": 1.2,
               "digitisation": 0.6, "inspection": 0.8, "simplification": 1.0}


def gen_counts(rng, unit, quality, indicators, year):
    level = unit["level"]
    lo, hi = VOLUME[level]
    out = {}
    for ind in indicators:
        t = ind["targets"].get(level)
        if t is None:
            continue
        iid = ind["id"]
        if iid in ("on_time", "online_filing", "digitisation", "online_payment"):
            den = rng.randint(lo, hi)
            if iid == "online_payment":
                den = int(den * rng.uniform(0.2, 0.6))
        elif iid == "satisfaction":
            den = rng.randint(30, 400)
        elif iid == "simplification":
            den = rng.randint(3, 40) if level != "xa" else rng.randint(0, 6)
        elif iid == "complaints":
            den = rng.choice([0, 0, 1, 2, 3, 5, 8]) if level != "so" else rng.randint(0, 25)
        elif iid == "inspection":
            den = {"so": rng.randint(2, 10), "huyen": rng.randint(8, 25), "xa": rng.choice([0, 0, 0, 2, 3, 4])}[level]
        else:
            den = rng.randint(lo, hi)
        # A rate scattered around the target; "quality" pushes a unit up or down.
        target = t / 100.0
        rate = target * (1 + SENSITIVITY.get(iid, 0.5) * quality) + rng.gauss(0.005, 0.02)
        if iid == "complaints":
            rate = 1.0 if rng.random() < 0.8 + quality else rng.uniform(0.6, 0.95)
        rate = max(0.0, min(1.0, rate))
        num = min(den, int(round(den * rate)))
        out[iid] = {"numerator": num, "denominator": den}
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    org = build_org()
    with open(os.path.join(OUT, "org.json"), "w", encoding="utf-8") as f:
        json.dump(org, f, ensure_ascii=False, indent=2)
        f.write("\n")
    rng = random.Random(20240630)
    quality = {}
    for u in org["units"]:
        # Most units near the targets, a tail below them.
        q = rng.gauss(0.0, 0.07)
        if rng.random() < 0.2:
            q -= rng.uniform(0.15, 0.7)
        quality[u["id"]] = q
    for year in (2023, 2024):
        with open(os.path.join(OUT, f"chi-tieu-{year}.json"), encoding="utf-8") as f:
            method = json.load(f)
        for q in range(1, 5):
            code = f"{year}-Q{q}"
            by_id = {}
            for u in org["units"]:
                by_id[u["id"]] = gen_counts(rng, u, quality[u["id"]], method["indicators"], year)
            for a, b in TWINS:
                by_id[b] = json.loads(json.dumps(by_id[a]))
            rows = [{"unit": u["id"], "counts": by_id[u["id"]]} for u in org["units"]
                    if (u["id"], code) not in ABSENT]
            doc = {"$schema": "../../schemas/indicator-data.schema.json", "period": code, "units": rows}
            with open(os.path.join(OUT, f"du-lieu-{code}.json"), "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False, indent=1)
                f.write("\n")


if __name__ == "__main__":
    main()
