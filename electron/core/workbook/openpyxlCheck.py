"""Reads an exported workbook with openpyxl (an independent reader) and prints what the tests check."""
import json
import sys
import warnings

warnings.simplefilter("ignore")
import openpyxl  # noqa: E402

workbook = openpyxl.load_workbook(sys.argv[1])
report = {"sheets": {}, "formulas": [], "definedNames": []}
for sheet in workbook.worksheets:
    validations = [{"type": v.type, "sqref": str(v.sqref), "formula1": v.formula1} for v in sheet.data_validations.dataValidation]
    report["sheets"][sheet.title] = {
        "state": sheet.sheet_state,
        "freeze": sheet.freeze_panes,
        "autoFilter": sheet.auto_filter.ref,
        "rows": sheet.max_row,
        "validations": validations,
        "orientation": sheet.page_setup.orientation,
    }
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                report["formulas"].append(f"{sheet.title}!{cell.coordinate}")
names = workbook.defined_names
report["definedNames"] = sorted(d.name for d in getattr(names, "definedName", []))
print(json.dumps(report))
