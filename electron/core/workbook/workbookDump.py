"""What openpyxl (an independent reader) sees in a workbook, as JSON: every cell with its value, type
and style essentials, notes, validations per cell, merges, names, sheet states, panes, filters,
widths, heights, print setup and protection. Used to compare two writers' files."""
import datetime
import json
import sys
import warnings

warnings.simplefilter("ignore")
import openpyxl  # noqa: E402
from openpyxl.utils.cell import range_boundaries, get_column_letter  # noqa: E402


def color(c):
    if c is None:
        return None
    if c.type == "rgb":
        return c.rgb
    return f"{c.type}:{c.value}"


def value_of(v):
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    return v


def cells_of(ref):
    out = []
    for part in str(ref).split():
        min_col, min_row, max_col, max_row = range_boundaries(part)
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                out.append(f"{get_column_letter(col)}{row}")
    return out


def dump(path):
    wb = openpyxl.load_workbook(path)
    names = {}
    for name in getattr(wb.defined_names, "definedName", []):
        names[f"{name.name}@{name.localSheetId}"] = name.attr_text
    sheets = []
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style and c.comment is None:
                    continue
                f = c.font
                cells[c.coordinate] = {
                    "value": value_of(c.value),
                    "type": c.data_type,
                    "numFmt": c.number_format,
                    "font": [f.name, f.sz, bool(f.b), bool(f.i), color(f.color)],
                    "fill": [c.fill.patternType, color(c.fill.fgColor)],
                    "alignment": [c.alignment.horizontal, c.alignment.vertical, bool(c.alignment.wrap_text)],
                    "note": c.comment.text if c.comment else None,
                }
        validations = {}
        for dv in ws.data_validations.dataValidation:
            attrs = [dv.type, dv.operator, dv.allow_blank, dv.formula1, dv.formula2, dv.showErrorMessage, dv.errorStyle,
                     dv.errorTitle, dv.error, dv.showInputMessage, dv.promptTitle, dv.prompt]
            for cell in cells_of(dv.sqref):
                # exceljs's own writer can list a cell under two equal validations; two different ones would be a fault.
                if cell in validations and validations[cell] != attrs:
                    raise SystemExit(f"{ws.title}!{cell} has two different validations")
                validations[cell] = attrs
        formats = []
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                bar = rule.dataBar
                formats.append([str(cf.sqref), rule.type, rule.priority,
                                [[v.type, v.val] for v in bar.cfvo] if bar else None,
                                color(bar.color) if bar else None])
        setup = ws.page_setup
        margins = ws.page_margins
        protection = ws.protection
        sheets.append({
            "name": ws.title,
            "state": ws.sheet_state,
            "freeze": ws.freeze_panes,
            "gridLines": ws.sheet_view.showGridLines,
            "autoFilter": ws.auto_filter.ref,
            "columns": {k: [d.min, d.max, d.width, bool(d.hidden)] for k, d in ws.column_dimensions.items()},
            "heights": {r: d.height for r, d in ws.row_dimensions.items() if d.height is not None},
            "merges": sorted(str(m) for m in ws.merged_cells.ranges),
            "printTitles": ws.print_title_rows,
            "pageSetup": [setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight, setup.scale,
                          ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None],
            "margins": [margins.left, margins.right, margins.top, margins.bottom, margins.header, margins.footer],
            "header": [ws.oddHeader.left.text, ws.oddHeader.center.text, ws.oddHeader.right.text],
            "footer": [ws.oddFooter.left.text, ws.oddFooter.center.text, ws.oddFooter.right.text],
            "protection": [protection.sheet, protection.selectLockedCells, protection.selectUnlockedCells],
            "conditionalFormats": formats,
            "validations": validations,
            "cells": cells,
        })
    return {"definedNames": names, "sheets": sheets}


print(json.dumps([dump(path) for path in sys.argv[1:]]))
