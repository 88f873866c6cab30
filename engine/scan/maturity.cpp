// The questionnaire, exact arithmetic (1/840 units, half up without binary floating point), phases,
// Dutch number text and answer parsing; plus the text and message helpers all units of the scan
// share (declared in maturity_detail.hpp).
#include "engine/scan/maturity.hpp"

#include <array>
#include <string>
#include <string_view>

#include "engine/scan/maturity_detail.hpp"
#include "readers/error.hpp"
#include "readers/xlsx_parts.hpp"

namespace kib::maturity {

namespace {

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

}  // namespace

namespace detail {

std::string_view trim_view(std::string_view s) noexcept {
    std::size_t b = 0, e = s.size();
    while (b < e && is_space_byte(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && is_space_byte(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

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

std::string cell_text(const cell_value* v) {
    if (!v || v->empty()) return {};
    return std::string(trim_view(v->type == cell_type::text ? v->text : v->to_display()));
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
                       const std::string& hint) {
    location loc;
    loc.file = file;
    loc.where = where;
    throw error(error_category::bad_input, loc, message, hint);
}

}  // namespace detail

using namespace detail;

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
    if (const answer a = exact_label(v.text); a != answer::invalid) return a;
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

}  // namespace kib::maturity
