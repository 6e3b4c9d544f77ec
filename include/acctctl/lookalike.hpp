#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// What makes one identity look like another (SPEC §2 "Values", R14), after Unicode TS #39 as
// ICU's spoof checker implements it. ICU is loaded on first use (dlopen), not at start-up: its
// libraries cost every command some 2 ms to load, and only identities need them.
namespace acctctl {

// The first character of `text` that shows nothing or steers the text around it: Unicode's
// Default_Ignorable_Code_Point (U+200B, U+00AD, U+FEFF, variation selectors, the Hangul
// fillers) and category Cf (bidi marks, embeddings, isolates). nullopt when there is none.
std::optional<std::int32_t> first_invisible(std::string_view text);

// Whether `label` mixes scripts beyond TS #39's "highly restrictive" level (Latin with Han and
// Japanese or Korean is allowed, Latin with Cyrillic is not: Cyrillic "а" in "аdmin").
bool mixes_scripts(std::string_view label);

// TS #39's confusable skeleton: two texts that look alike ("paypal", "paypaI", "pаypal") have
// the same one. ASCII, nearly every username, is mapped a character at a time through a table
// ICU fills once per process.
std::string confusable_skeleton(std::string_view text);
// ICU's skeleton of any text, without the ASCII table: what the table is tested against.
std::string confusable_skeleton_by_icu(std::string_view text);

} // namespace acctctl
