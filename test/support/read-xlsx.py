"""Reads an XLSX file with openpyxl (an independent reader) and prints what a test checks, as JSON:
the sheet names, each sheet's frozen panes and autofilter, and every cell as [type, value]."""
import json
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": book.sheetnames, "content": {}}
for sheet in book.worksheets:
    rows = []
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            value = cell.value
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            cells.append([cell.data_type, value, cell.number_format])
        rows.append(cells)
    out["content"][sheet.title] = {
        "freeze": sheet.freeze_panes,
        "autoFilter": sheet.auto_filter.ref,
        "rows": rows,
    }
json.dump(out, sys.stdout, ensure_ascii=False)
