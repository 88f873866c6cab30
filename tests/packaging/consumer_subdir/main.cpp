// Uses kib's C++ API (kib/kib.hpp) from a project that builds kib with add_subdirectory.
#include <kib/kib.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: consumer WORKBOOK SHEET REF\n";
        return 64;
    }
    try {
        kib::workbook_reader wb(argv[1]);
        for (const auto& name : wb.sheet_names()) std::cout << "sheet: " << name << '\n';
        std::cout << "cell = " << wb.cell_text(argv[2], argv[3]) << '\n';
    } catch (const kib::api_error& e) {
        std::cerr << "error " << e.status() << ": " << e.what() << '\n';
        return 1;
    }
    try {
        kib::workbook_reader bad(argv[0]);
        std::cerr << "a program opened as a workbook\n";
        return 1;
    } catch (const kib::api_error& e) {
        if (e.status() != KIB_BAD_INPUT) return 1;
        std::cout << "bad input: " << e.what() << '\n';
    }
    return 0;
}
