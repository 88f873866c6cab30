#include "engine/scan/maturity.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "readers/csv.hpp"
#include "readers/error.hpp"
#include "readers/xlsx.hpp"
#include "readers/xlsx_parts.hpp"

namespace kib::maturity {

namespace {

// Sums of squares of totals (in 1/840 units) overflow 64 bits beyond ~100,000 respondents.
__extension__ typedef __int128 i128;

// clang-format off
// The questionnaire (handbook, "Bijlage Vragenlijst"). In the handbook's Strategie list a line
// break split statement 6 in two and numbered its tail "7."; the statements are rejoined here,
// which gives 8 statements as in every other pillar.
const std::array<pillar_info, pillar_count> k_pillars = {{
    {"STR", "Strategie", nullptr,
     "Is de strategie van de organisatie gericht op een optimale klantbeleving? Is dit ook vertaald naar de klantbeleving die medewerkers in de organisatie moeten bieden?",
     {"De organisatie heeft een strategie voor de gewenste klantbeleving die afgestemd is op de algemene strategie.",
      "De organisatie heeft een strategie waarin de gewenste klantbeleving is afgestemd op de kernwaarden en merkwaarden van de organisatie.",
      "Er is een klantbelevings-strategie opgesteld. Daarin staat concreet wat de gewenste klantbeleving is.",
      "Er zijn duidelijke, meetbare doelen en een duidelijke aanpak voor klantbeleving.",
      "De organisatie deelt de strategie en doelen met alle medewerkers (door middel van bijvoorbeeld presentaties, trainingen en documenten).",
      "De organisatie deelt de klantbelevings-strategie en bijbehorende doelen ook buiten de organisatie (bijvoorbeeld op de website of via klantbeloften).",
      "Technologie wordt gezien als essentieel middel om de optimale klantbeleving te realiseren.",
      "De organisatie is erop gericht de best mogelijke klantbeleving te bieden en de klantverwachtingen te overtreffen. Dat is opgenomen in de strategie."}},
    {"BEG", "Begrijpen", "Inzicht",
     "Wordt er organisatie-breed geluisterd naar en is er een gedeeld begrip over de gedachten, wensen, ervaringen en behoeften van klanten?",
     {"Er wordt aan klanten gevraagd om hun meningen, gevoelens en ervaringen met ons te delen (bijvoorbeeld via interviews, klantensessies en persoonlijk contact).",
      "Er wordt (ook) indirecte klantfeedback verzameld (bijvoorbeeld via emails, calls, social media, website data, mijn-omgevingen).",
      "Er wordt aan medewerkers gevraagd hoe de beste klantervaring kan worden geboden.",
      "Feedback van klanten wordt vertaald in klantinzichten (denk aan behoeftes, trends, bottlenecks, data).",
      "Klantinzichten worden gebruikt om de klantbeleving continu te verbeteren.",
      "Klantinzichten worden gedeeld met alle medewerkers (bijvoorbeeld via intranet, presentaties, medewerkersbijeenkomsten of trainingen).",
      "Binnen de organisatie is er geschikte software om klantfeedback en klantinzichten eenduidig en begrijpelijk vast te leggen.",
      "Binnen de organisatie begrijpt iedereen wie de mens achter de klant is, en wat deze persoon ziet en ervaart."}},
    {"ONT", "Ontwerpen", "Klantreis",
     "Wordt er gestructureerd gewerkt aan het ontwerpen en verbeteren van klantinteracties in de hele klantreis zodat verwachtingen worden waargemaakt?",
     {"Er is een overzicht van de belangrijkste klantreizen binnen de organisatie.",
      "Het is inzichtelijk wat de relatie is tussen de belangrijke klantreizen en de processen en systemen.",
      "Klantinzichten zijn het startpunt bij het ontwerpen van een optimale klantreis (bijvoorbeeld via de klantreis methodiek).",
      "Er wordt aan de hand van een methode gewerkt aan het continu verbeteren of behouden van de klantbeleving.",
      "Verschillende partijen (zoals klanten of collega's) worden actief betrokken bij het optimaliseren van dienstverlening door de hele klantreis.",
      "In klantreizen staat een optimale klantbeleving voorop. Daar wordt met het gebruik van een methodiek op gestuurd.",
      "Er is één platform voor het centraal in kaart brengen, besturen en verbeteren van klantreizen.",
      "De menselijke maat is het uitgangspunt voor klantreizen."}},
    {"MET", "Meten", nullptr,
     "Is de gewenste dienstverlening vertaald in meetbare doelen die structureel gemeten worden met KPI's? Wordt er consistent gestuurd op verbetering ervan?",
     {"Het is bekend wat de belangrijkste bepalende factoren ('drivers') zijn voor een goede dienstverlening.",
      "De belangrijkste drivers voor een goede dienstverlening zijn vertaald naar KPI's (meetmethoden om doelstellingen te kwantificeren).",
      "Deze KPI's geven inzicht in hoe iedereen (afdelingen, teams en personen) bijdraagt aan de goede dienstverlening.",
      "Drivers en doelen worden gemeten met KPI's op zowel organisatie- als klantreis-niveau.",
      "Er zijn geschikte tools of technologie beschikbaar om drivers en doelen te meten en hierop te sturen.",
      "Er is inzicht in de relatie tussen de klantbeleving en de business resultaten (zoals de Return on Investment (ROI), ook wel rendement op investering).",
      "De uitkomsten en inzichten worden gedeeld met alle medewerkers (bijvoorbeeld via dashboards).",
      "Binnen de KPI's en wijze van meten is er ook aandacht voor het overtreffen van de klantverwachtingen (door bijvoorbeeld de menselijke maat op te nemen in het meethuis/de metingen)."}},
    {"BES", "Besturing", nullptr,
     "Zijn er heldere regels, afspraken, bemensing en aansturing die nodig zijn om de gewenste resultaten voor klantbeleving te behalen?",
     {"De organisatie heeft duidelijke kwaliteitsstandaarden en -verwachtingen voor goede dienstverlening.",
      "Voor iedere klantreis-interactie is een eindverantwoordelijke.",
      "De organisatie is in staat om continu de gewenste kwaliteit te leveren en die waar nodig te verbeteren.",
      "De rol en verantwoordelijkheid die een medewerker heeft in het realiseren van goede dienstverlening, is opgenomen in de functieomschrijving en periodieke beoordelingen.",
      "De klantbeleving is een van de belangrijkste criteria als de organisatie prioriteiten stelt voor de dienstverlening.",
      "Er wordt afdeling overstijgend gewerkt om goede en consistente dienstverlening te realiseren voor alle onderdelen van klantreizen.",
      "De organisatie beschikt over hulpmiddelen (zoals data-analyse tools & modellen) om de meest impactvolle verbeteringen te prioriteren.",
      "Er is iemand in de organisatie verantwoordelijk voor klantbeleving op directie niveau."}},
    {"CUL", "Cultuur", nullptr,
     "Stellen de waarden, (on)geschreven regels en activiteiten van de organisatie medewerkers in staat om de klantverwachtingen te overtreffen?",
     {"Er is aandacht voor onder andere de intrinsieke motivatie, persoonlijke rol en het gedrag van alle medewerkers om de gewenste klantbeleving te realiseren.",
      "Medewerkers worden geïnformeerd over de ambities en voortgang van de organisatie op klantbeleving.",
      "Medewerkers worden getraind en gecoacht in het verbeteren van de klantbeleving.",
      "Direct leidinggevenden weten hoe zij hun medewerkers kunnen helpen om bij te dragen aan een optimale klantbeleving.",
      "De organisatie laat met voorbeelden en op andere manieren het belang van klantgerichte dienstverlening zien aan medewerkers.",
      "De organisatie heeft zowel vaste als spontane initiatieven om klantgerichtheid van medewerkers te waarderen en te vieren.",
      "Het management laat duidelijk zien wat klantgericht leiderschap is en geeft zelf het goede voorbeeld. Ze zijn zichtbaar als rolmodel, bijvoorbeeld door regelmatig in contact te zijn met klanten.",
      "De organisatie stimuleert dat medewerkers mensgericht in plaats van procesgericht werken."}},
}};
// clang-format on

bool is_space_byte(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

// Lower-case ASCII, no-break spaces and underscores as spaces, runs of spaces collapsed, trimmed.
std::string normalize(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        bool space = is_space_byte(c) || c == '_';
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
            space = true;
            ++i;
        }
        if (space) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
    }
    return out;
}

std::string compact(std::string_view s) {
    std::string out;
    for (char c : normalize(s)) {
        if (c != ' ') out += c;
    }
    return out;
}

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && is_space_byte(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && is_space_byte(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80; }

// The spellings a pillar is recognised by, lower case: name, alias, code.
std::vector<std::string> pillar_tokens(int p) {
    std::vector<std::string> t{normalize(k_pillars[p].name)};
    if (k_pillars[p].alias) t.push_back(normalize(k_pillars[p].alias));
    t.push_back(normalize(k_pillars[p].code));
    return t;
}

int pillar_by_token(std::string_view token) {
    const std::string n = normalize(token);
    for (int p = 0; p < pillar_count; ++p) {
        for (const std::string& t : pillar_tokens(p)) {
            if (n == t) return p;
        }
    }
    return -1;
}

// "strategie 1 - de organisatie …" → (0, 1). Returns false when the header is no question.
bool parse_question_header(std::string_view header, int& pillar, int& number) {
    const std::string n = normalize(header);
    for (int p = 0; p < pillar_count; ++p) {
        for (const std::string& t : pillar_tokens(p)) {
            if (n.size() <= t.size() || n.compare(0, t.size(), t) != 0) continue;
            std::size_t i = t.size();
            auto skip_separators = [&] {
                while (i < n.size() && (n[i] == ' ' || n[i] == '-' || n[i] == '.' || n[i] == ':' || n[i] == '#' ||
                                        n[i] == '(' || n[i] == '[')) {
                    ++i;
                }
            };
            skip_separators();
            if (n.compare(i, 5, "vraag") == 0) {
                i += 5;
            } else if (i < n.size() && (n[i] == 'q' || n[i] == 'v') && i + 1 < n.size() && n[i + 1] >= '0' &&
                       n[i + 1] <= '9') {
                ++i;
            }
            skip_separators();
            std::size_t digits = 0;
            int value = 0;
            while (i < n.size() && n[i] >= '0' && n[i] <= '9' && digits < 3) {
                value = value * 10 + (n[i] - '0');
                ++i;
                ++digits;
            }
            if (digits == 0 || (i < n.size() && is_alnum(n[i]))) continue;
            pillar = p;
            number = value;
            return true;
        }
    }
    return false;
}

std::vector<std::string> words_of(std::string_view normalized) {
    std::vector<std::string> words;
    std::string w;
    for (char c : normalized) {
        if (is_alnum(c)) {
            w += c;
        } else if (!w.empty()) {
            words.push_back(std::move(w));
            w.clear();
        }
    }
    if (!w.empty()) words.push_back(std::move(w));
    return words;
}

// "Toelichting Strategie", "STR - opmerkingen", "Open antwoord Cultuur" → pillar, else -1.
int parse_comment_header(std::string_view header) {
    const std::string n = normalize(header);
    if (n.find("toelichting") == std::string::npos && n.find("opmerking") == std::string::npos &&
        n.find("open antwoord") == std::string::npos) {
        return -1;
    }
    for (const std::string& w : words_of(n)) {
        const int p = pillar_by_token(w);
        if (p >= 0) return p;
    }
    return -1;
}

bool is_department_header(std::string_view header) {
    const std::string c = compact(header);
    return c == "afdeling" || c == "department" || c == "dept" || c == "onderdeel" || c == "afdeling/team" ||
           c == "organisatieonderdeel";
}

bool is_respondent_header(std::string_view header) {
    const std::string c = compact(header);
    return c == "respondent" || c == "respondentid" || c == "respondentnummer" || c == "respondentnr" ||
           c == "responseid" || c == "id" || c == "nr" || c == "nr." || c == "nummer";
}

bool is_invited_header(std::string_view header) {
    const std::string c = compact(header);
    return c == "uitgenodigd" || c == "aantaluitgenodigd" || c == "invited" || c == "genodigden" ||
           c == "uitnodigingen";
}

std::string cell_text(const cell_value* v) {
    if (!v || v->empty()) return {};
    return trim(v->type == cell_type::text ? v->text : v->to_display());
}

const char* answer_hint() {
    return "use Niet / nooit, Incidenteel, Regelmatig, Systematisch or Weet ik niet (or 1-4 and X); leave the cell "
           "empty when not answered, or run with --skip-invalid to treat such cells as not answered";
}

std::string in_quotes(std::string_view s) {
    std::string out = "\"";
    out.append(s.substr(0, 60));
    if (s.size() > 60) out += "…";
    out += '"';
    return out;
}

// Cell reference for messages: "Antwoorden!K17", or "line 17, column K" for CSV.
std::string cell_where(const std::string& sheet, bool csv, int col0, std::uint32_t row) {
    const auto col = static_cast<std::uint32_t>(col0 + 1);
    if (csv) return "line " + std::to_string(row) + ", column " + xlsx::column_name(col);
    return xlsx::quote_sheet_name(sheet) + "!" + xlsx::cell_ref(col, row);
}

[[noreturn]] void fail(const std::string& file, const std::string& where, const std::string& message,
                       const std::string& hint = {}) {
    location loc;
    loc.file = file;
    loc.where = where;
    throw error(error_category::bad_input, loc, message, hint);
}

}  // namespace

std::int64_t dont_know_total(const pillar_result& p, std::int64_t& filled) {
    std::int64_t dk = 0;
    filled = 0;
    for (const auto& q : p.questions) {
        dk += q.dont_know;
        filled += q.filled();
    }
    return dk;
}

const std::array<pillar_info, pillar_count>& pillars() noexcept { return k_pillars; }

// ---- exact arithmetic ----

long double exact_mean::value() const noexcept {
    if (count == 0) return 0;
    return static_cast<long double>(sum_units) / (static_cast<long double>(units_per_point) * static_cast<long double>(count));
}

int exact_mean::rounded() const noexcept {
    if (count == 0) return 0;
    // floor(N/D + 1/2) = floor((2N + D) / 2D) with N = sum_units, D = 840·count, all positive.
    const i128 d = static_cast<i128>(units_per_point) * count;
    return static_cast<int>((2 * static_cast<i128>(sum_units) + d) / (2 * d));
}

int exact_mean::tenths() const noexcept {
    if (count == 0) return 0;
    const i128 d = static_cast<i128>(units_per_point) * count;
    return static_cast<int>((20 * static_cast<i128>(sum_units) + d) / (2 * d));
}

int exact_mean::model_tenths() const noexcept {
    if (count == 0) return 0;
    // 10·(1 + (m − 8)/6) + 1/2 = (10m − 17) / 6, so tenths = floor((10N − 17D) / 6D); m ≥ 8 keeps it positive.
    const i128 d = static_cast<i128>(units_per_point) * count;
    const i128 num = 10 * static_cast<i128>(sum_units) - 17 * d;
    if (num < 0) return 10;  // below 8 cannot come from answers 1–4
    return static_cast<int>(num / (6 * d));
}

std::int64_t total_units(int sum_points, int answered) noexcept {
    return static_cast<std::int64_t>(sum_points) * questions_per_pillar * units_per_point / answered;
}

const char* phase_name(phase p) noexcept {
    switch (p) {
        case phase::startend: return "Startend";
        case phase::lerend: return "Lerend";
        case phase::groeiend: return "Groeiend";
        case phase::volwassen: return "Volwassen";
        case phase::leidend: return "Leidend";
    }
    return "";
}

const char* phase_description(phase p) noexcept {
    switch (p) {
        case phase::startend: return "Willen zijn";
        case phase::lerend: return "Willen worden";
        case phase::groeiend: return "Worden";
        case phase::volwassen: return "Zijn";
        case phase::leidend: return "Voorbeeldig zijn";
    }
    return "";
}

phase phase_for_integer(int total) noexcept {
    if (total <= 12) return phase::startend;
    if (total <= 18) return phase::lerend;
    if (total <= 24) return phase::groeiend;
    if (total <= 28) return phase::volwassen;
    return phase::leidend;
}

phase phase_of(const exact_mean& m) noexcept { return phase_for_integer(m.rounded()); }

std::string dutch_tenths(int tenths) {
    std::string out = tenths < 0 ? "-" : "";
    const int a = tenths < 0 ? -tenths : tenths;
    out += std::to_string(a / 10);
    out += ',';
    out += static_cast<char>('0' + a % 10);
    return out;
}

std::string dutch_percent(std::int64_t num, std::int64_t den) {
    if (den <= 0) return "–";
    const i128 t = (2000 * static_cast<i128>(num) + den) / (2 * static_cast<i128>(den));  // tenths of a percent, half up
    return dutch_tenths(static_cast<int>(t)) + "%";
}

// ---- answers ----

answer parse_answer(const cell_value& v) noexcept {
    switch (v.type) {
        case cell_type::empty: return answer::none;
        case cell_type::number:
            if (v.number == 1.0) return answer::p1;
            if (v.number == 2.0) return answer::p2;
            if (v.number == 3.0) return answer::p3;
            if (v.number == 4.0) return answer::p4;
            return answer::invalid;
        case cell_type::text: break;
        default: return answer::invalid;
    }
    // Fast path: the labels exactly as survey tools export them (most cells of a large export).
    {
        const std::string& e = v.text;
        switch (e.size()) {
            case 10: if (e == "Regelmatig") return answer::p3; break;
            case 11: if (e == "Incidenteel") return answer::p2; break;
            case 12:
                if (e == "Systematisch") return answer::p4;
                if (e == "Niet / nooit") return answer::p1;
                if (e == "Weet ik niet") return answer::dont_know;
                break;
            default: break;
        }
    }
    // Normalise into a small buffer: lower case, spaces trimmed, collapsed and dropped around '/'.
    char buf[24];
    std::size_t n = 0;
    bool pending_space = false;
    const std::string& s = v.text;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        bool space = is_space_byte(c);
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
            space = true;
            ++i;
        }
        if (space) {
            pending_space = n > 0 && buf[n - 1] != '/';
            continue;
        }
        if (c == '/') pending_space = false;
        if (pending_space) {
            if (n == sizeof buf) return answer::invalid;
            buf[n++] = ' ';
            pending_space = false;
        }
        if (n == sizeof buf) return answer::invalid;
        buf[n++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
        if (c == '/' && n >= 2 && buf[n - 2] == ' ') {
            buf[n - 2] = '/';
            --n;
        }
    }
    const std::string_view t(buf, n);
    if (t.empty()) return answer::none;
    if (t == "niet/nooit" || t == "1") return answer::p1;
    if (t == "incidenteel" || t == "2") return answer::p2;
    if (t == "regelmatig" || t == "3") return answer::p3;
    if (t == "systematisch" || t == "4") return answer::p4;
    if (t == "weet ik niet" || t == "x") return answer::dont_know;
    return answer::invalid;
}

// ---- columns ----

bool is_question_header(std::string_view header) noexcept {
    try {
        int p = 0, q = 0;
        return parse_question_header(header, p, q);
    } catch (...) {
        return false;
    }
}

mapping read_mapping(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path, "", "cannot open the mapping file", "check the path given to --mapping");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        location loc;
        loc.file = path;
        throw error(error_category::bad_input, loc, std::string("the mapping is not valid JSON: ") + e.what(),
                    "see engine/scan/maturity.hpp for the mapping format");
    }
    mapping m;
    auto need_string = [&](const nlohmann::json& v, const std::string& what) {
        if (!v.is_string()) fail(path, what, "must be a text (a header or column letters)");
        return v.get<std::string>();
    };
    if (!j.is_object()) fail(path, "", "the mapping must be a JSON object");
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& key = it.key();
        if (key == "sheet") {
            m.sheet = need_string(it.value(), key);
        } else if (key == "header_row") {
            if (!it.value().is_number_integer() || it.value().get<int>() < 1) fail(path, key, "must be a row number (1 or more)");
            m.header_row = it.value().get<int>();
        } else if (key == "department") {
            m.department = need_string(it.value(), key);
        } else if (key == "respondent") {
            m.respondent = need_string(it.value(), key);
        } else if (key == "pillars") {
            if (!it.value().is_object()) fail(path, key, "must be an object keyed by pillar name or code");
            for (auto p = it.value().begin(); p != it.value().end(); ++p) {
                const int pi = pillar_by_token(p.key());
                if (pi < 0) {
                    fail(path, "pillars." + p.key(), "is not a pillar",
                         "use Strategie, Begrijpen, Ontwerpen, Meten, Besturing, Cultuur or STR, BEG, ONT, MET, BES, CUL");
                }
                const nlohmann::json& pv = p.value();
                if (!pv.is_object()) fail(path, "pillars." + p.key(), "must be an object with \"questions\"");
                if (pv.contains("questions")) {
                    const auto& qs = pv.at("questions");
                    if (!qs.is_array() || qs.size() != questions_per_pillar) {
                        fail(path, "pillars." + p.key() + ".questions", "must list exactly 8 columns");
                    }
                    std::vector<std::string> cols;
                    for (const auto& q : qs) cols.push_back(need_string(q, "pillars." + p.key() + ".questions"));
                    m.questions[pi] = std::move(cols);
                }
                if (pv.contains("comment")) m.comment[pi] = need_string(pv.at("comment"), "pillars." + p.key() + ".comment");
            }
        } else {
            fail(path, key, "is not a mapping field", "known fields: sheet, header_row, department, respondent, pillars");
        }
    }
    return m;
}

column_map map_columns(const std::vector<std::string>& headers, const mapping* override_map, const std::string& file,
                       const std::string& sheet) {
    column_map map;
    std::array<std::vector<std::pair<int, int>>, pillar_count> found;  // (question number, column)
    for (int c = 0; c < static_cast<int>(headers.size()); ++c) {
        const std::string& h = headers[c];
        if (h.empty()) continue;
        int p = 0, q = 0;
        if (parse_question_header(h, p, q)) {
            found[p].emplace_back(q, c);
        } else if (const int cp = parse_comment_header(h); cp >= 0) {
            if (map.comment[cp] < 0) map.comment[cp] = c;
        } else if (is_department_header(h)) {
            if (map.department < 0) map.department = c;
        } else if (is_respondent_header(h)) {
            if (map.respondent < 0) map.respondent = c;
        }
    }
    const std::string prefix = sheet.empty() ? std::string() : xlsx::quote_sheet_name(sheet) + "!";
    const std::string header_where = sheet.empty() ? std::string("header row") : "sheet " + xlsx::quote_sheet_name(sheet) + ", header row";
    auto col_label = [&](int c) {
        return prefix + xlsx::column_name(static_cast<std::uint32_t>(c + 1)) + " " + in_quotes(headers[c]);
    };
    // Resolves a mapping reference: a header (normalised), else column letters.
    auto resolve = [&](const std::string& ref, const std::string& what) {
        const std::string n = normalize(ref);
        for (int c = 0; c < static_cast<int>(headers.size()); ++c) {
            if (normalize(headers[c]) == n) return c;
        }
        std::uint32_t col = 0, row = 0;
        if (!ref.empty() && xlsx::parse_cell_ref(ref + "1", col, row)) return static_cast<int>(col) - 1;
        fail(file, what, "the mapping names column " + in_quotes(ref) + ", which is not a header in the header row",
             "use the header text exactly as in the export, or column letters such as \"K\"");
    };
    if (override_map) {
        if (override_map->department) map.department = resolve(*override_map->department, "mapping department");
        if (override_map->respondent) map.respondent = resolve(*override_map->respondent, "mapping respondent");
        for (int p = 0; p < pillar_count; ++p) {
            if (override_map->comment[p]) map.comment[p] = resolve(*override_map->comment[p], std::string("mapping ") + k_pillars[p].name);
            if (override_map->questions[p]) {
                found[p].clear();
                for (int q = 0; q < questions_per_pillar; ++q) {
                    found[p].emplace_back(q + 1, resolve((*override_map->questions[p])[q], std::string("mapping ") + k_pillars[p].name));
                }
            }
        }
    }
    for (int p = 0; p < pillar_count; ++p) {
        const auto& f = found[p];
        std::string list;
        for (const auto& [q, c] : f) list += (list.empty() ? "" : ", ") + col_label(c);
        const std::string fix = "the scan needs exactly 8 question columns per pillar, headed like \"" +
                                std::string(k_pillars[p].code) + "1\" or \"" + k_pillars[p].name +
                                " 1\"; rename the headers or give a --mapping file";
        if (f.size() != static_cast<std::size_t>(questions_per_pillar)) {
            fail(file, header_where,
                 std::string("pillar ") + k_pillars[p].name + " has " + std::to_string(f.size()) + " question column" +
                     (f.size() == 1 ? "" : "s") + (f.empty() ? "" : " (" + list + ")"),
                 fix);
        }
        std::array<int, questions_per_pillar> cols;
        cols.fill(-1);
        for (const auto& [q, c] : f) {
            if (q < 1 || q > questions_per_pillar) {
                fail(file, header_where,
                     std::string("pillar ") + k_pillars[p].name + ": question number " + std::to_string(q) +
                         " is outside 1-8 (columns found: " + list + ")",
                     fix);
            }
            if (cols[q - 1] >= 0) {
                fail(file, header_where,
                     std::string("pillar ") + k_pillars[p].name + ": question " + std::to_string(q) +
                         " appears twice (" + col_label(cols[q - 1]) + " and " + col_label(c) + ")",
                     fix);
            }
            cols[q - 1] = c;
        }
        map.questions[p] = cols;
    }
    return map;
}

// ---- scoring ----

long double department_result::average() const noexcept {
    long double sum = 0;
    int n = 0;
    for (const exact_mean& m : pillars) {
        if (!m.has_value()) continue;
        sum += m.value();
        ++n;
    }
    return n == 0 ? 0 : sum / n;
}

struct scorer::state {
    column_map columns;
    score_options options;
    std::string file, sheet;
    bool csv = false;
    int max_col = 0;

    std::int64_t respondents = 0;
    std::array<pillar_result, pillar_count> pillars{};
    std::array<i128, pillar_count> sum_squares{};

    std::unordered_map<std::string, std::size_t> dept_index;  // normalised name → index
    std::vector<department_result> departments;
    std::unordered_map<std::string, std::uint32_t> ids;  // respondent id → first row
    std::vector<comment_entry> comments;
    std::vector<std::string> warnings;
    std::size_t suppressed = 0;

    void warn(std::string w) {
        if (warnings.size() < options.max_warnings) {
            warnings.push_back(std::move(w));
        } else {
            ++suppressed;
        }
    }
};

scorer::scorer(column_map columns, score_options options, std::string file, std::string sheet, bool csv)
    : s_(std::make_shared<state>()) {
    s_->columns = columns;
    s_->options = std::move(options);
    s_->file = std::move(file);
    s_->sheet = std::move(sheet);
    s_->csv = csv;
    int mx = std::max(columns.department, columns.respondent);
    for (const auto& p : columns.questions) {
        for (int c : p) mx = std::max(mx, c);
    }
    for (int c : columns.comment) mx = std::max(mx, c);
    s_->max_col = mx;
}

void scorer::add(const row_cells& r) {
    state& s = *s_;
    const auto& cells = *r.cells;
    auto at = [&](int c) -> const cell_value* {
        return c >= 0 && static_cast<std::size_t>(c) < cells.size() ? cells[static_cast<std::size_t>(c)] : nullptr;
    };
    std::array<std::array<answer, questions_per_pillar>, pillar_count> answers;
    bool any_answer = false;
    for (int p = 0; p < pillar_count; ++p) {
        for (int q = 0; q < questions_per_pillar; ++q) {
            const int c = s.columns.questions[p][q];
            const cell_value* v = at(c);
            answer a = v ? parse_answer(*v) : answer::none;
            if (a == answer::invalid) {
                const std::string where = cell_where(s.sheet, s.csv, c, r.row_number);
                const std::string shown = v->type == cell_type::text ? v->text : v->to_display();
                if (!s.options.skip_invalid) {
                    fail(s.file, where, in_quotes(shown) + " is not an answer option (" + k_pillars[p].name + " " +
                                            std::to_string(q + 1) + ")",
                         answer_hint());
                }
                s.warn(where + ": " + in_quotes(shown) + " is not an answer option; counted as not answered");
                a = answer::none;
            }
            answers[p][q] = a;
            any_answer = any_answer || a != answer::none;
        }
    }
    std::array<std::string, pillar_count> comment_texts;
    bool any_comment = false;
    for (int p = 0; p < pillar_count; ++p) {
        comment_texts[p] = cell_text(at(s.columns.comment[p]));
        any_comment = any_comment || !comment_texts[p].empty();
    }
    const std::string id = cell_text(at(s.columns.respondent));
    std::string dept = cell_text(at(s.columns.department));
    if (!any_answer && !any_comment) {
        if (!id.empty() || !dept.empty()) {
            s.warn((s.csv ? "line " : "row ") + std::to_string(r.row_number) +
                   ": no answers (respondent " + (id.empty() ? "without id" : in_quotes(id)) + "); not counted as a respondent");
        }
        return;
    }
    if (!id.empty()) {
        auto [it, inserted] = s.ids.emplace(id, r.row_number);
        if (!inserted) {
            s.warn("respondent id " + in_quotes(id) + " appears in " + (s.csv ? "lines " : "rows ") + std::to_string(it->second) +
                   " and " + std::to_string(r.row_number) + "; both rows are counted");
        }
    }
    if (dept.empty() && s.columns.department >= 0) dept = "(onbekend)";
    ++s.respondents;
    department_result* d = nullptr;
    if (s.columns.department >= 0) {
        const std::string key = normalize(dept);
        auto [it, inserted] = s.dept_index.emplace(key, s.departments.size());
        if (inserted) {
            s.departments.emplace_back();
            s.departments.back().name = dept;
        }
        d = &s.departments[it->second];
        ++d->respondents;
    }
    for (int p = 0; p < pillar_count; ++p) {
        pillar_result& pr = s.pillars[p];
        int sum = 0, answered = 0;
        for (int q = 0; q < questions_per_pillar; ++q) {
            const answer a = answers[p][q];
            question_stats& qs = pr.questions[q];
            if (a == answer::none) {
                ++qs.not_answered;
            } else if (a == answer::dont_know) {
                ++qs.dont_know;
            } else {
                ++qs.points[answer_points(a) - 1];
                sum += answer_points(a);
                ++answered;
            }
        }
        if (answered == 0) continue;
        const std::int64_t t = total_units(sum, answered);
        pr.score.sum_units += t;
        ++pr.score.count;
        s.sum_squares[p] += static_cast<i128>(t) * t;
        const auto rounded = static_cast<std::size_t>((2 * t + units_per_point) / (2 * units_per_point));
        ++pr.total_histogram[std::min<std::size_t>(24, rounded - 8)];
        if (d) {
            d->pillars[p].sum_units += t;
            ++d->pillars[p].count;
        }
    }
    for (int p = 0; p < pillar_count; ++p) {
        if (comment_texts[p].empty()) continue;
        s.comments.push_back({p, dept, id, std::move(comment_texts[p])});
    }
}

namespace {

void suggest_interviews(scan_result& r) {
    constexpr std::int64_t min_respondents = 3;
    std::vector<const department_result*> eligible;
    for (const department_result& d : r.departments) {
        bool any = false;
        for (const exact_mean& m : d.pillars) any = any || m.has_value();
        if (any && d.respondents >= min_respondents) eligible.push_back(&d);
    }
    // Ranking key rounded to 1e-9 so equal averages compare equal and the name decides.
    auto key = [](const department_result* d) { return std::llround(d->average() * 1e9L); };
    std::sort(eligible.begin(), eligible.end(), [&](const department_result* a, const department_result* b) {
        const auto ka = key(a), kb = key(b);
        return ka != kb ? ka > kb : a->name < b->name;
    });
    const std::size_t n = eligible.size();
    std::size_t k = std::min<std::size_t>(3, n / 3);
    if (k == 0 && n >= 2) k = 1;
    std::vector<bool> used(n, false);
    auto add = [&](std::size_t i, const char* reason) {
        used[i] = true;
        r.interviews.push_back({eligible[i]->name, reason, eligible[i]->average(), eligible[i]->respondents});
    };
    for (std::size_t i = 0; i < k; ++i) add(i, "hoogste gemiddelde score");
    for (std::size_t i = 0; i < k; ++i) add(n - 1 - i, "laagste gemiddelde score");
    // Organisation mean: the mean of the six pillar scores.
    long double org = 0;
    int np = 0;
    for (const pillar_result& p : r.pillars) {
        if (!p.score.has_value()) continue;
        org += p.score.value();
        ++np;
    }
    if (np > 0) org /= np;
    std::vector<std::size_t> rest;
    for (std::size_t i = 0; i < n; ++i) {
        if (!used[i]) rest.push_back(i);
    }
    std::stable_sort(rest.begin(), rest.end(), [&](std::size_t a, std::size_t b) {
        return std::llround(std::fabs(eligible[a]->average() - org) * 1e9L) <
               std::llround(std::fabs(eligible[b]->average() - org) * 1e9L);
    });
    for (std::size_t i = 0; i < rest.size() && i < 2; ++i) add(rest[i], "gemiddeld scorend");
}

}  // namespace

scan_result scorer::finish() {
    state& s = *s_;
    scan_result r;
    r.file = s.file;
    r.sheet = s.sheet;
    r.respondents = s.respondents;
    r.columns = s.columns;
    r.pillars = s.pillars;
    for (int p = 0; p < pillar_count; ++p) {
        const i128 n = r.pillars[p].score.count;
        if (n < 2) continue;
        const i128 sum = r.pillars[p].score.sum_units;
        const i128 var_num = n * s.sum_squares[p] - sum * sum;  // ≥ 0, exact
        const long double var = static_cast<long double>(var_num) / static_cast<long double>(n * (n - 1));
        r.pillars[p].sd = std::sqrt(var) / static_cast<long double>(units_per_point);
    }
    r.departments = std::move(s.departments);
    std::sort(r.departments.begin(), r.departments.end(),
              [](const department_result& a, const department_result& b) { return a.name < b.name; });
    r.comments = std::move(s.comments);
    r.warnings = std::move(s.warnings);
    if (s.suppressed > 0) r.warnings.push_back(std::to_string(s.suppressed) + " more warnings not listed");
    if (s.columns.department < 0) r.warnings.push_back("no Afdeling column: no results per department");
    suggest_interviews(r);
    return r;
}

// ---- files ----

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool is_answer_sheet_name(const std::string& name) {
    const std::string n = compact(name);
    return starts_with(n, "antwoord") || starts_with(n, "response") || n == "resultaten" || n == "results" ||
           n == "survey" || n == "enquete";
}

bool is_invitation_sheet_name(const std::string& name) {
    const std::string n = compact(name);
    return starts_with(n, "uitnodiging") || starts_with(n, "invitation") || n == "uitgenodigd" || n == "invited";
}

bool is_zip(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path, "", "cannot open the file", "check the path");
    char magic[2] = {0, 0};
    in.read(magic, 2);
    return in.gcount() == 2 && magic[0] == 'P' && magic[1] == 'K';
}

std::vector<std::string> header_texts(const std::vector<const cell_value*>& cells) {
    std::vector<std::string> h(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) h[i] = cell_text(cells[i]);
    return h;
}

// Finds the header row among the first rows and then feeds the scorer; shared by xlsx and csv.
class survey_feed {
public:
    survey_feed(const score_options& opt, const mapping* map, std::string file, std::string sheet, bool csv)
        : opt_(opt), map_(map), file_(std::move(file)), sheet_(std::move(sheet)), csv_(csv) {
        // With a mapping, the header row is the first row holding one of the mapped question headers.
        if (map_) {
            for (const auto& qs : map_->questions) {
                if (!qs) continue;
                for (const std::string& h : *qs) mapped_.insert(normalize(h));
            }
        }
    }

    void row(std::uint32_t number, std::uint32_t ordinal, const std::vector<const cell_value*>& cells) {
        if (sc_) {
            sc_->add({number, &cells});
            return;
        }
        const bool is_header = map_ && map_->header_row > 0
                                   ? ordinal == static_cast<std::uint32_t>(map_->header_row)
                                   : std::any_of(cells.begin(), cells.end(), [this](const cell_value* v) {
                                         if (!v) return false;
                                         const std::string t = cell_text(v);
                                         return is_question_header(t) || mapped_.count(normalize(t)) > 0;
                                     });
        if (is_header) {
            headers_ = header_texts(cells);
            sc_.emplace(map_columns(headers_, map_, file_, csv_ ? std::string() : sheet_), opt_, file_, sheet_, csv_);
            return;
        }
        if (++skipped_ > 50 && !(map_ && map_->header_row > 0)) {
            fail(file_, csv_ ? std::string() : xlsx::quote_sheet_name(sheet_),
                 "no header row with question columns in the first 50 rows",
                 "the answer columns need headers like \"STR1\" or \"Strategie 1\"; or give a --mapping file");
        }
    }

    scan_result finish() {
        if (!sc_) {
            fail(file_, csv_ ? std::string() : xlsx::quote_sheet_name(sheet_), "no header row with question columns found",
                 "the answer columns need headers like \"STR1\" or \"Strategie 1\"; or give a --mapping file");
        }
        scan_result r = sc_->finish();
        r.headers = headers_;
        return r;
    }

private:
    const score_options& opt_;
    const mapping* map_;
    std::string file_, sheet_;
    bool csv_;
    std::optional<scorer> sc_;
    std::vector<std::string> headers_;
    std::unordered_set<std::string> mapped_;
    std::uint32_t skipped_ = 0;
};

std::map<std::string, std::int64_t> parse_invitation_rows(const std::vector<std::vector<cell_value>>& rows,
                                                          const std::vector<std::uint64_t>& numbers,
                                                          const std::string& file, const std::string& sheet, bool csv) {
    std::map<std::string, std::int64_t> out;
    int dcol = -1, icol = -1;
    std::size_t r = 0;
    for (; r < rows.size() && r < 20; ++r) {
        dcol = icol = -1;
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const std::string h = cell_text(&rows[r][c]);
            if (dcol < 0 && is_department_header(h)) dcol = static_cast<int>(c);
            if (icol < 0 && is_invited_header(h)) icol = static_cast<int>(c);
        }
        if (dcol >= 0 && icol >= 0) break;
    }
    if (dcol < 0 || icol < 0) {
        fail(file, csv ? std::string() : xlsx::quote_sheet_name(sheet), "no header row with Afdeling and Uitgenodigd",
             "the invitations need two columns headed Afdeling and Uitgenodigd (number invited)");
    }
    std::map<std::string, std::string> seen;
    for (++r; r < rows.size(); ++r) {
        const auto& row = rows[r];
        auto at = [&](int c) { return static_cast<std::size_t>(c) < row.size() ? &row[static_cast<std::size_t>(c)] : nullptr; };
        const std::string dept = cell_text(at(dcol));
        const cell_value* iv = at(icol);
        const std::string itext = cell_text(iv);
        if (dept.empty() && itext.empty()) continue;
        const std::string where = cell_where(sheet, csv, icol, static_cast<std::uint32_t>(numbers[r]));
        if (dept.empty()) fail(file, cell_where(sheet, csv, dcol, static_cast<std::uint32_t>(numbers[r])), "the department is empty", "fill in the department or delete the row");
        double v = -1;
        if (iv && iv->type == cell_type::number) {
            v = iv->number;
        } else {
            char* end = nullptr;
            const std::string t = itext;
            v = t.empty() ? -1 : std::strtod(t.c_str(), &end);
            if (t.empty() || end != t.c_str() + t.size()) v = -1;
        }
        if (!(v >= 0) || v != std::floor(v) || v > 1e9) {
            fail(file, where, in_quotes(itext) + " is not a number of people invited", "write a whole number, such as 25");
        }
        const std::string key = normalize(dept);
        if (seen.count(key)) fail(file, where, "department " + in_quotes(dept) + " is listed twice", "give each department one row");
        seen[key] = dept;
        out[dept] = static_cast<std::int64_t>(v);
    }
    return out;
}

std::map<std::string, std::int64_t> invitations_from_workbook(const workbook& wb, const sheet_info& s, const std::string& path) {
    std::vector<std::vector<cell_value>> rows;
    std::vector<std::uint64_t> numbers;
    wb.for_each_row(s, [&](const row& r) {
        std::vector<cell_value> cells;
        for (const cell& c : r.cells) {
            if (cells.size() < c.col) cells.resize(c.col);
            cells[c.col - 1] = c.value;
        }
        rows.push_back(std::move(cells));
        numbers.push_back(r.index);
    });
    return parse_invitation_rows(rows, numbers, path, s.name, false);
}

void apply_invitations(scan_result& r, const std::map<std::string, std::int64_t>& inv) {
    std::int64_t total = 0;
    std::unordered_map<std::string, std::int64_t> by_key;
    for (const auto& [name, n] : inv) {
        by_key[normalize(name)] = n;
        total += n;
    }
    std::unordered_map<std::string, bool> matched;
    for (department_result& d : r.departments) {
        auto it = by_key.find(normalize(d.name));
        if (it == by_key.end()) {
            r.warnings.push_back("department " + in_quotes(d.name) + " is not in the invitations; no response rate");
            continue;
        }
        d.invited = it->second;
        matched[it->first] = true;
        if (d.respondents > it->second) {
            r.warnings.push_back("department " + in_quotes(d.name) + " has " + std::to_string(d.respondents) +
                                 " respondents but only " + std::to_string(it->second) + " invited");
        }
    }
    for (const auto& [name, n] : inv) {
        if (matched.count(normalize(name))) continue;
        department_result d;
        d.name = name;
        d.invited = n;
        r.departments.push_back(std::move(d));
    }
    std::sort(r.departments.begin(), r.departments.end(),
              [](const department_result& a, const department_result& b) { return a.name < b.name; });
    r.invited = total;
}

}  // namespace

std::map<std::string, std::int64_t> read_invitations(const std::string& path) {
    if (is_zip(path)) {
        workbook wb = workbook::open(path);
        const sheet_info* chosen = nullptr;
        for (const sheet_info& s : wb.sheets()) {
            if (s.kind == "worksheet" && is_invitation_sheet_name(s.name)) {
                chosen = &s;
                break;
            }
        }
        if (!chosen) {
            for (const sheet_info& s : wb.sheets()) {
                if (s.kind == "worksheet") {
                    chosen = &s;
                    break;
                }
            }
        }
        if (!chosen) fail(path, "", "the workbook has no worksheet");
        return invitations_from_workbook(wb, *chosen, path);
    }
    const csv_table t = read_csv(path);
    std::vector<std::vector<cell_value>> rows;
    for (const auto& r : t.rows) {
        std::vector<cell_value> cells;
        for (const auto& f : r) cells.push_back(f.empty() ? cell_value{} : cell_value::make_text(f));
        rows.push_back(std::move(cells));
    }
    return parse_invitation_rows(rows, t.lines, path, "", true);
}

scan_result score_table(const std::vector<std::vector<cell_value>>& rows, const score_options& options,
                        const std::string& file, const std::string& sheet) {
    std::optional<mapping> map;
    if (!options.mapping_file.empty()) map = read_mapping(options.mapping_file);
    survey_feed feed(options, map ? &*map : nullptr, file, sheet, false);
    std::vector<const cell_value*> ptrs;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        ptrs.assign(rows[r].size(), nullptr);
        for (std::size_t c = 0; c < rows[r].size(); ++c) ptrs[c] = &rows[r][c];
        feed.row(static_cast<std::uint32_t>(r + 1), static_cast<std::uint32_t>(r + 1), ptrs);
    }
    return feed.finish();
}

scan_result score_file(const std::string& path, const score_options& options) {
    std::optional<mapping> map;
    if (!options.mapping_file.empty()) map = read_mapping(options.mapping_file);
    scan_result result;
    std::optional<std::map<std::string, std::int64_t>> invitations;
    if (!options.invited_file.empty()) invitations = read_invitations(options.invited_file);
    if (is_zip(path)) {
        workbook wb = workbook::open(path);
        const sheet_info* chosen = nullptr;
        if (map && !map->sheet.empty()) {
            chosen = &wb.sheet(map->sheet);
        } else {
            for (const sheet_info& s : wb.sheets()) {
                if (s.kind == "worksheet" && is_answer_sheet_name(s.name)) {
                    chosen = &s;
                    break;
                }
            }
            if (!chosen) {
                for (const sheet_info& s : wb.sheets()) {
                    if (s.kind == "worksheet" && !is_invitation_sheet_name(s.name)) {
                        chosen = &s;
                        break;
                    }
                }
            }
        }
        if (!chosen) fail(path, "", "the workbook has no worksheet with answers");
        survey_feed feed(options, map ? &*map : nullptr, path, chosen->name, false);
        std::vector<const cell_value*> ptrs;
        std::uint32_t ordinal = 0;
        wb.for_each_row(*chosen, [&](const row& r) {
            ++ordinal;
            std::size_t width = r.cells.empty() ? 0 : r.cells.back().col;
            width = std::min<std::size_t>(width, 16384);
            ptrs.assign(width, nullptr);
            for (const cell& c : r.cells) ptrs[c.col - 1] = &c.value;
            // Rows are delivered only when they hold values, so the header row's ordinal is its
            // position among non-empty rows; an explicit header_row counts sheet rows.
            const std::uint32_t position = map && map->header_row > 0 ? r.index : ordinal;
            feed.row(r.index, position, ptrs);
        });
        result = feed.finish();
        if (!invitations) {
            for (const sheet_info& s : wb.sheets()) {
                if (s.kind == "worksheet" && &s != chosen && is_invitation_sheet_name(s.name)) {
                    invitations = invitations_from_workbook(wb, s, path);
                    break;
                }
            }
        }
    } else {
        const csv_table t = read_csv(path);
        survey_feed feed(options, map ? &*map : nullptr, path, "", true);
        std::vector<cell_value> cells;
        std::vector<const cell_value*> ptrs;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const auto& fields = t.rows[r];
            cells.resize(fields.size());
            ptrs.assign(fields.size(), nullptr);
            for (std::size_t c = 0; c < fields.size(); ++c) {
                if (fields[c].empty()) {
                    cells[c].clear();
                } else {
                    cells[c].type = cell_type::text;
                    cells[c].text = fields[c];
                }
                ptrs[c] = &cells[c];
            }
            feed.row(static_cast<std::uint32_t>(t.lines[r]), static_cast<std::uint32_t>(r + 1), ptrs);
        }
        result = feed.finish();
    }
    if (invitations) apply_invitations(result, *invitations);
    return result;
}

std::optional<int> pillar_change::change_tenths() const noexcept {
    if (!after.has_value() || !has_before()) return std::nullopt;
    if (!before.has_value()) {
        const long double d = after.value() - *before_value;
        const long double t = std::floor(std::fabs(d) * 10 + 0.5L);
        return static_cast<int>(d < 0 ? -t : t);
    }
    // after − before = (Sa·cb − Sb·ca) / (840·ca·cb), exact.
    const i128 num = static_cast<i128>(after.sum_units) * before.count - static_cast<i128>(before.sum_units) * after.count;
    const i128 den = static_cast<i128>(units_per_point) * after.count * before.count;
    const i128 a = num < 0 ? -num : num;
    const auto t = static_cast<int>((20 * a + den) / (2 * den));
    return num < 0 ? -t : t;
}

void compare(scan_result& current, const std::string& previous_path, const score_options& options) {
    std::array<exact_mean, pillar_count> before{};
    std::array<std::optional<long double>, pillar_count> before_value{};
    const bool json = previous_path.size() >= 5 && compact(previous_path.substr(previous_path.size() - 5)) == ".json";
    if (json) {
        std::ifstream in(previous_path, std::ios::binary);
        if (!in) fail(previous_path, "", "cannot open the earlier scan", "check the path given to --previous");
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(in);
        } catch (const nlohmann::json::parse_error& e) {
            fail(previous_path, "", std::string("not valid JSON: ") + e.what(), "give the JSON printed by kib score --json, or the earlier export");
        }
        if (!j.contains("pillars") || !j["pillars"].is_array()) {
            fail(previous_path, "pillars", "missing", "give the JSON printed by kib score --json, or the earlier export");
        }
        for (const auto& p : j["pillars"]) {
            const int pi = p.contains("name") && p["name"].is_string() ? pillar_by_token(p["name"].get<std::string>()) : -1;
            if (pi < 0) continue;
            if (p.contains("score_fraction") && p["score_fraction"].is_array() && p["score_fraction"].size() == 2) {
                const auto num = p["score_fraction"][0].get<std::int64_t>();
                const auto den = p["score_fraction"][1].get<std::int64_t>();
                if (den > 0 && den % units_per_point == 0) before[pi] = {num, den / units_per_point};
            } else if (p.contains("score") && p["score"].is_number()) {
                before_value[pi] = p["score"].get<double>();
            }
        }
    } else {
        score_options o = options;
        o.invited_file.clear();
        const scan_result prev = score_file(previous_path, o);
        for (int p = 0; p < pillar_count; ++p) before[p] = prev.pillars[p].score;
    }
    current.changes.clear();
    for (int p = 0; p < pillar_count; ++p) {
        pillar_change c;
        c.pillar = p;
        c.before = before[p];
        c.before_value = before_value[p];
        c.after = current.pillars[p].score;
        if (c.before.has_value()) {
            c.before_phase = phase_of(c.before);
        } else if (c.before_value) {
            // From a JSON score without the exact fraction: round half up from the decimal value.
            c.before_phase = phase_for_integer(static_cast<int>(std::floor(*c.before_value + 0.5L)));
        }
        c.after_phase = phase_of(c.after);
        current.changes.push_back(c);
    }
}

}  // namespace kib::maturity
