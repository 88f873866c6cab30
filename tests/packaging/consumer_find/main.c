/* Opens a workbook through the installed C API and prints its sheets and one cell; then shows
 * that a bad file is an error code and a message, not a crash. Exit 0 when all of that holds. */
#include <kib/kib.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: consumer WORKBOOK SHEET REF\n");
        return 64;
    }
    printf("kib %s\n", kib_version());
    kib_workbook* wb = NULL;
    if (kib_workbook_open(argv[1], &wb) != KIB_OK) {
        fprintf(stderr, "open failed: %s\n", kib_last_error());
        return 1;
    }
    int n = 0;
    kib_workbook_sheet_count(wb, &n);
    for (int i = 0; i < n; ++i) {
        const char* name = NULL;
        kib_workbook_sheet_name(wb, i, &name);
        printf("sheet %d: %s\n", i, name);
    }
    char* text = NULL;
    if (kib_workbook_cell_text(wb, argv[2], argv[3], &text) != KIB_OK) {
        fprintf(stderr, "cell failed: %s\n", kib_last_error());
        return 1;
    }
    printf("cell %s!%s = %s\n", argv[2], argv[3], text);
    kib_free(text);
    kib_workbook_close(wb);

    kib_workbook* bad = NULL;
    const kib_status s = kib_workbook_open(argv[0], &bad); /* an ELF binary is no workbook */
    if (s != KIB_BAD_INPUT || bad != NULL || strstr(kib_last_error(), "not an Office Open XML file") == NULL) {
        fprintf(stderr, "expected KIB_BAD_INPUT, got %d: %s\n", (int)s, kib_last_error());
        return 1;
    }
    printf("bad input: %s\n", kib_last_error());
    return 0;
}
