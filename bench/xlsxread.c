/* xlsxread.c - the floor for reading an .xlsx: libzip inflates the
 * shared strings and the first sheet, expat parses them, and handlers
 * count elements and text bytes; nothing is kept. What hz-validate does
 * on a workbook beyond this is its own cost.
 *
 * usage: xlsxread FILE.xlsx */
#include <expat.h>
#include <stdio.h>
#include <string.h>
#include <zip.h>

static unsigned long elements, text_bytes;

static void XMLCALL on_start(void *ud, const char *name, const char **atts)
{
	(void)ud;
	(void)name;
	(void)atts;
	elements++;
}

static void XMLCALL on_end(void *ud, const char *name)
{
	(void)ud;
	(void)name;
}

static void XMLCALL on_text(void *ud, const char *s, int n)
{
	(void)ud;
	(void)s;
	text_bytes += (unsigned long)n;
}

static int parse(zip_t *z, const char *name)
{
	static char buf[65536];
	zip_file_t *f = zip_fopen(z, name, 0);
	XML_Parser p = XML_ParserCreate(NULL);
	zip_int64_t n;

	if (!f || !p)
		return -1;
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	do {
		n = zip_fread(f, buf, sizeof buf);
		if (n < 0 || XML_Parse(p, buf, (int)n, n == 0) != XML_STATUS_OK)
			return -1;
	} while (n > 0);
	XML_ParserFree(p);
	zip_fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	int err;
	zip_t *z = argc == 2 ? zip_open(argv[1], ZIP_RDONLY, &err) : NULL;

	if (!z) {
		fprintf(stderr, "usage: xlsxread FILE.xlsx (a readable workbook)\n");
		return 2;
	}
	if (zip_name_locate(z, "xl/sharedStrings.xml", 0) >= 0 &&
	    parse(z, "xl/sharedStrings.xml") != 0) {
		fprintf(stderr, "xlsxread: cannot read the shared strings\n");
		return 1;
	}
	if (parse(z, "xl/worksheets/sheet1.xml") != 0) {
		fprintf(stderr, "xlsxread: cannot read xl/worksheets/sheet1.xml\n");
		return 1;
	}
	zip_close(z);
	printf("%lu elements, %lu bytes of text\n", elements, text_bytes);
	return 0;
}
