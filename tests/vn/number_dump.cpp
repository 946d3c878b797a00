// Reads lines "VALUE DECIMALS" (VALUE as Python's repr of a float) and prints number(VALUE,
// DECIMALS) for each, so that check_number_against_python.py can compare with Python's Decimal.
#include <charconv>
#include <iostream>
#include <string>

#include "vn/format.hpp"

int main() {
    std::string text;
    int decimals = 0;
    while (std::cin >> text >> decimals) {
        double value = 0;
        std::from_chars(text.data(), text.data() + text.size(), value);
        std::cout << vanban::vn::number(value, decimals) << '\n';
    }
    return 0;
}
