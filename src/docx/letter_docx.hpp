// A letter as a .docx a clerk can edit in Word or LibreOffice, laid out per Nghị định 30/2020
// (Phụ lục I) with real Word formatting: named paragraph styles for every box of the decree,
// boxes 1–4 as a borderless two-column table with drawn rules, the body justified with a
// first-line indent, tables whose header row repeats and whose rows do not split, page numbers
// as a PAGE field centred in the header and not on page 1, each Phụ lục a section of its own
// numbered from 1, Nơi nhận beside the signature, the electronic copy's signature and seal.
//
// Built from the same context as the PDF (model::build_letter_context), so both say the same.
// The bytes are deterministic: fixed part order, fixed ZIP timestamps, docProps dated with
// the letter's own date.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "docx/letter_body.hpp"

#include "model/json_source.hpp"
#include "model/letter.hpp"
#include "model/letter_context.hpp"
#include "model/org.hpp"

namespace vanban::docx {

// The .docx bytes of a resolved letter. `lc` is the letter's context with its number.
// Throws std::runtime_error (Vietnamese) when an image cannot be read or libzip fails.
// `extra`: Phụ lục sections made elsewhere (ranking_section.hpp), after the letter's own.
std::string letter_docx(const model::Letter& letter, const model::LetterContext& lc,
                        std::vector<ExtraSection> extra = {});

// Resolves the letter against org.json with `number` (a draft: nullopt) and builds the .docx.
// Throws model::InputError for an unknown agency, unit or signer.
std::string letter_docx(const model::JsonDocument& doc, model::Letter letter,
                        const model::Organisation& org, std::optional<int> number,
                        std::vector<ExtraSection> extra = {});

// An issued letter: its number, and the registry's date of issue (ISO) filling the day and month
// a draft left blank, as LetterMaker does for the PDF. What `vanban letter --docx` writes once
// numbered, and what the web application serves as an issued letter's .docx download (the letter
// JSON, org.json and the registry entry's number and date are all it needs).
std::string issued_letter_docx(const model::JsonDocument& doc, model::Letter letter,
                               const model::Organisation& org, int number,
                               const std::string& issue_date);

// Writes the bytes atomically (nothing is left at `out` on failure).
void write_docx(const std::filesystem::path& out, const std::string& bytes);

}  // namespace vanban::docx
