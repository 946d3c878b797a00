"""The peer: openpyxl in read_only mode (its streaming reader) reading every cell of the export,
summing the counts per column as the import checks them."""
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
ws = wb["DVCQG"]
sums = None
rows = 0
for row in ws.iter_rows(min_row=2, values_only=True):
    counts = row[3:]
    if sums is None:
        sums = [0] * len(counts)
    for i, v in enumerate(counts):
        sums[i] += v
    rows += 1
print(rows, sum(sums))
