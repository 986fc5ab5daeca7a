"""Write the example tables (illustrative data): ``python -m tests.example_tables``.

A workbook of 30 industrial parks of Hải Dương as a provincial management
board keeps it (a title row, Vietnamese headers, a few figures typed as text
in the Vietnamese notation) and a CSV file of 60 projects as Vietnamese-locale
Excel saves it ("CSV UTF-8", ``;`` between fields, capital in tỷ đồng with a
decimal comma, dates day/month/year). Every name and figure is made up.
Needs xlsxwriter (the ``test`` extra).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import xlsxwriter

FOLDER = Path(__file__).parent.parent / "src" / "industrial_policy" / "examples" / "tables"

DISTRICTS = ("Nam Sách", "Cẩm Giàng", "Bình Giang", "Kim Thành", "Kinh Môn", "Chí Linh",
             "Thanh Miện", "Gia Lộc", "Tứ Kỳ", "Thanh Hà")  # fmt: skip
PLACES = ("Đại An", "Nam Sách", "Phúc Điền", "Tân Trường", "Lai Vu", "Cộng Hòa", "Lai Cách",
          "Cẩm Điền", "Lương Điền", "Quốc Tuấn", "An Bình", "Kim Thành", "Phú Thái", "Hoàng Diệu",
          "Gia Lộc", "Thanh Hà", "Tứ Kỳ", "Kinh Môn", "An Phát", "Hưng Đạo", "Ngọc Sơn",
          "Đoàn Thượng", "Bình Giang", "Thanh Miện", "Nhân Quyền", "Lai Khê", "Cao An",
          "Hiệp Sơn", "Long Xuyên", "Minh Đức")  # fmt: skip
INVESTORS = (("Công ty TNHH Điện tử", "Nhật Bản"), ("Công ty TNHH Cơ khí", "Hàn Quốc"),
             ("Công ty CP Dệt may", None), ("Công ty TNHH Linh kiện", "Đài Loan"),
             ("Công ty CP Thực phẩm", None), ("Công ty TNHH Bao bì", "Singapore"))  # fmt: skip


def _vi(number: float, decimals: int = 2) -> str:
    """A number as a Vietnamese document writes it: 1.234,5."""
    text = f"{number:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def parks(rng: random.Random) -> list[dict[str, object]]:
    rows = []
    for i, place in enumerate(PLACES, start=1):
        total = round(rng.uniform(80, 650), 1)
        industrial = round(total * rng.uniform(0.62, 0.75), 2)
        leased = round(industrial * rng.uniform(0.0, 0.95), 2) if i % 9 else None
        rows.append(
            {
                "STT": i,
                "Mã KCN": f"HD-KCN-{i:02d}",
                "Tên KCN": f"KCN {place}",
                "Huyện/Thị xã": DISTRICTS[i % len(DISTRICTS)],
                "Ngày thành lập": dt.date(2003 + i % 18, 1 + i % 12, 1 + (7 * i) % 28),
                # A few figures typed as text, the Vietnamese way (152,5).
                "Diện tích (ha)": _vi(total) if i % 7 == 3 else total,
                "Đất công nghiệp (ha)": _vi(industrial) if i % 11 == 5 else industrial,
                "Đã cho thuê (ha)": leased,
                "Ghi chú": "Đang mở rộng" if i % 10 == 4 else None,
            }
        )
    return rows


def projects(rng: random.Random, park_count: int) -> list[dict[str, str]]:
    rows = []
    for i in range(1, 61):
        company, country = INVESTORS[i % len(INVESTORS)]
        fdi = country is not None
        day = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(0, 4500))
        capital = round(rng.uniform(15, 4200), 1)
        rows.append(
            {
                "Mã dự án": f"DA-{i:03d}",
                "Tên dự án": f"Nhà máy số {i}",
                "Nhà đầu tư": f"{company} {i}",
                "Quốc gia": country or "",
                "Mã KCN": f"HD-KCN-{1 + (i * 7) % park_count:02d}",
                "Loại vốn": "FDI" if fdi else "Trong nước",
                "Ngày cấp GCNĐT": day.strftime("%d/%m/%Y"),
                "Vốn đăng ký (tỷ đồng)": _vi(capital, 1),
                "Lao động": _vi(rng.randrange(40, 3500), 0),
            }
        )
    return rows


def write(folder: Path = FOLDER, seed: int = 2021) -> tuple[Path, Path]:
    rng = random.Random(seed)
    park_rows = parks(rng)
    workbook_path = folder / "parks.xlsx"
    workbook = xlsxwriter.Workbook(workbook_path)
    sheet = workbook.add_worksheet("Khu công nghiệp")
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.merge_range(
        0, 0, 0, 8, "DANH SÁCH KHU CÔNG NGHIỆP TỈNH HẢI DƯƠNG (số liệu minh hoạ)", bold
    )
    headers = list(park_rows[0])
    sheet.write_row(2, 0, headers, bold)
    for r, row in enumerate(park_rows, start=3):
        for c, name in enumerate(headers):
            value = row[name]
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), day)
            elif value is not None:
                sheet.write(r, c, value)
    notes = workbook.add_worksheet("Ghi chú")
    notes.write(0, 0, "Số liệu minh hoạ, không phải số liệu thật.")
    workbook.close()
    project_rows = projects(rng, len(park_rows))
    csv_path = folder / "projects.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(project_rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(project_rows)
    return workbook_path, csv_path


if __name__ == "__main__":  # pragma: no cover
    print(*write(), sep="\n")
