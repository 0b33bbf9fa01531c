"""Reads deliverables back with independent parsers: every XML part of an .xlsx or .docx with
Python's expat (strict about characters XML cannot hold), the .xlsx again with openpyxl. Prints,
per file, the problems found and the text it holds (cell values, or the Word document's runs)."""
import json
import sys
import warnings
import xml.etree.ElementTree as ET
import zipfile

warnings.simplefilter("ignore")
import openpyxl  # noqa: E402
from openpyxl.utils.escape import unescape  # noqa: E402

WORD_TEXT = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"

result = {}
for path in sys.argv[1:]:
    problems = []
    texts = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not name.endswith((".xml", ".rels", ".vml")):
                continue
            try:
                root = ET.fromstring(package.read(name))
            except ET.ParseError as error:
                problems.append(f"{name}: {error}")
                continue
            if name == "word/document.xml":
                texts.append("".join(node.text or "" for node in root.iter(WORD_TEXT)))
    if path.endswith(".xlsx"):
        try:
            workbook = openpyxl.load_workbook(path)
            for sheet in workbook.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    # Excel and LibreOffice decode the format's _xHHHH_ escapes in every string;
                    # the openpyxl Debian ships (3.0) leaves them in shared strings, so decode as they do.
                    texts.extend(unescape(value) for value in row if isinstance(value, str))
        except Exception as error:  # noqa: BLE001 - any failure to read is the finding
            problems.append(f"openpyxl: {error!r}")
    result[path] = {"problems": problems, "texts": texts}
print(json.dumps(result))
