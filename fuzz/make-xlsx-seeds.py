#!/usr/bin/env python3
# Writes the seed spreadsheets of fuzz-xlsx (fuzz/corpus/xlsx/): a few real rows of KOT's
# cut-off grades (data/public/kot-graensekvotienter.csv) as Excel stores them, and the ways a
# spreadsheet goes wrong that tests/test-import-xlsx.c checks. Standard library only; run it
# from the top of the tree: fuzz/make-xlsx-seeds.py
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

HEADER = ["kot_nr", "aar", "graensekvotient", "graensekvotient_raw", "udbud_titel"]
ROWS = [
    [53130, 2024, 6.8, "6,8", "Professionsbachelor, pædagog, Roskilde, Studiestart: sommerstart"],
    [53130, 2025, None, "AO", "Professionsbachelor, pædagog, Roskilde, Studiestart: sommerstart"],
    [71210, 2025, 4.2, "4,2", "Datamatiker, Roskilde, Studiestart: sommerstart"],
]


def sheet_and_strings(bad_shared=False, doctype=False):
    strings = []

    def shared(text):
        if text not in strings:
            strings.append(text)
        return strings.index(text)

    rows = []
    for r, values in enumerate([HEADER] + ROWS, start=1):
        cells = []
        for c, value in enumerate(values):
            ref = "%s%d" % ("ABCDE"[c], r)
            if value is None:
                continue
            if isinstance(value, (int, float)):
                cells.append('<c r="%s"><v>%s</v></c>' % (ref, repr(float(value)) if
                                                          isinstance(value, float) else value))
            else:
                index = shared(value)
                if bad_shared and r == 3 and c == 4:
                    index = 9999
                cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, index))
        rows.append('<row r="%d">%s</row>' % (r, "".join(cells)))
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    if doctype:
        head += '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>\n'
    sheet = head + '<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (
        MAIN, "".join(rows))
    sst = '<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="%s">%s</sst>' % (
        MAIN, "".join("<si><t>%s</t></si>" % s for s in strings))
    return sheet, sst


def write(name, bad_shared=False, doctype=False, workbook=True):
    sheet, sst = sheet_and_strings(bad_shared, doctype)
    with zipfile.ZipFile("fuzz/corpus/xlsx/" + name, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        if workbook:
            z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="%s" '
                       'xmlns:r="%s"><sheets><sheet name="KOT" sheetId="1" r:id="rId1"/>'
                       '</sheets></workbook>' % (MAIN, REL))
            z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships '
                       'xmlns="%s"><Relationship Id="rId1" Type="%s/worksheet" '
                       'Target="worksheets/sheet1.xml"/></Relationships>' % (PKG, REL))
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/sharedStrings.xml", sst)


write("kot-graensekvotienter.xlsx")
write("shared-string-out-of-range.xlsx", bad_shared=True)
write("doctype.xlsx", doctype=True)
write("no-workbook.xlsx", workbook=False)
