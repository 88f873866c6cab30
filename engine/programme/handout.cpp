#include "engine/programme/handout.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>

#include "engine/programme/programme_cli.hpp"
#include "readers/cell.hpp"
#include "readers/error.hpp"
#include "writers/docx_template.hpp"
#include "writers/zip_writer.hpp"
#include "readers/i18n.hpp"

namespace kib {

namespace {

using json = nlohmann::json;

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

bool is_closed(const std::string& status) {
    static const std::set<std::string> closed{"gereed", "afgerond", "gesloten", "gedaan", "done", "closed"};
    return closed.count(lower(status)) > 0;
}

bool is_placeholder_name(const std::string& name) {
    const std::string n = lower(name);
    return n.empty() || n == "n.t.b." || n == "ntb" || n == "-";
}

json check_value(const std::optional<bool>& v) { return v ? json(*v) : json(nullptr); }

// File-name-safe owner name: "Bert Thijs de Jong" -> "bert-thijs-de-jong"; UTF-8 letters kept.
std::string slug(const std::string& s) {
    std::string out;
    for (const unsigned char c : lower(s)) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) out.push_back(static_cast<char>(c));
        else if (!out.empty() && out.back() != '-') out.push_back('-');
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "eigenaar" : out;
}

void write_file(const std::filesystem::path& path, const std::string& bytes) { atomic_save_bytes(path.string(), bytes); }

json benefit_json(const benefit& b) {
    return {{"nr", b.nr},
            {"naam", b.name},
            {"prioriteit", {{"PO", b.priority_po}, {"VO", b.priority_vo}, {"ZAK", b.priority_zak}}},
            {"eigenaar", b.owner},
            {"check",
             {{"uitgesproken", check_value(b.stated_explicitly)},
              {"zelf_gekozen", check_value(b.chosen_by_owner)},
              {"commitment", check_value(b.commitment)}}}};
}

}  // namespace

json handout_data(const programme& p, const std::string& programme_name, double date_serial, const std::string& owner,
                  const session_facts& facts) {
    json d;
    d["programma"] = programme_name;
    d["datum"] = dutch_date(date_serial);
    d["locatie"] = facts.location;
    d["facilitator"] = facts.facilitator;
    // Who the handout is for; "-" in Rollen means "no sector".
    d["naam"] = owner;
    d["rol"] = owner.empty() ? "" : "Baateigenaar";
    d["sector"] = "";
    for (const role& r : p.roles)
        if (!owner.empty() && lower(r.name) == lower(owner)) {
            if (!r.role_name.empty()) d["rol"] = r.role_name;
            d["sector"] = r.sector == "-" ? "" : r.sector;
            break;
        }

    std::set<std::string> owners;
    for (const benefit& b : p.benefits)
        if (!is_placeholder_name(b.owner)) owners.insert(b.owner);
    d["deelnemers"] = json::array();
    std::set<std::string> seen;
    for (const role& r : p.roles) {
        if (is_placeholder_name(r.name)) continue;
        const std::string rl = lower(r.role_name);
        const bool takes_part =
            owners.count(r.name) > 0 || rl == "baateigenaar" || rl == "programmamanager" || rl == "programma-eigenaar";
        if (!takes_part || !seen.insert(r.name).second) continue;
        d["deelnemers"].push_back({{"naam", r.name}, {"rol", r.role_name}, {"sector", r.sector}, {"aanwezig", false}});
    }

    // The session set-up of seed 002 (the benefit-owner session).
    d["doel"] =
        "Het identificeren en toewijzen van baateigenaarschap aan sectormanagers, zodat zij eigenaarschap nemen over "
        "de baten die zij voor hun sector willen realiseren.";
    d["kernvragen"] = json::array();
    const char* questions[] = {"Welk leiderschap is nodig?", "Hoe stimuleren we eigenaarschap?", "Hoe gaan we om met macht?",
                               "Hoe bouwen we vertrouwen?"};
    for (int i = 0; i < 4; ++i) d["kernvragen"].push_back({{"nr", i + 1}, {"vraag", questions[i]}, {"antwoord", ""}});
    d["agenda"] = json::array();
    const char* agenda[][3] = {{"00:00", "Opening en context programma", "15 min"},
                               {"00:15", "Toelichting batenstructuur (6 baten)", "20 min"},
                               {"00:35", "Per sector: welke baten zijn prioriteit?", "30 min"},
                               {"01:05", "Pauze", "10 min"},
                               {"01:15", "Toewijzing baateigenaarschap", "30 min"},
                               {"01:45", "Afspraken en vervolgstappen", "15 min"}};
    for (const auto& a : agenda) d["agenda"].push_back({{"tijd", a[0]}, {"onderdeel", a[1]}, {"duur", a[2]}});

    std::vector<const benefit*> order;
    for (const benefit& b : p.benefits)
        if (!owner.empty() && b.owner == owner) order.push_back(&b);
    for (const benefit& b : p.benefits)
        if (owner.empty() || b.owner != owner) order.push_back(&b);
    d["baten"] = json::array();
    std::string unowned;
    for (const benefit* b : order) d["baten"].push_back(benefit_json(*b));
    for (const benefit& b : p.benefits) {
        if (!is_placeholder_name(b.owner)) continue;
        if (!unowned.empty()) unowned += "\n";
        unowned += "Baat " + b.nr + " (" + b.name + "): nog geen eigenaar.";
    }
    d["afschuiven"] = unowned;

    d["afspraken"] = json::array();
    d["vervolgstappen"] = json::array();
    const auto own = [&](const agreement& a) { return !owner.empty() && lower(a.responsible) == lower(owner); };
    for (const bool mine : {true, false})
        for (const agreement& a : p.agreements) {
            if (is_closed(a.status) || own(a) != mine) continue;
            d["afspraken"].push_back({{"afspraak", a.text},
                                      {"verantwoordelijke", a.responsible},
                                      {"deadline", a.deadline ? dutch_date(*a.deadline) : std::string()},
                                      {"verlopen", a.deadline && *a.deadline < date_serial}});
        }
    for (const agreement& a : p.agreements) d["vervolgstappen"].push_back({{"stap", a.text}, {"gedaan", is_closed(a.status)}});
    d["reflectie"] = {{"goed", ""}, {"beter", ""}, {"signalen", ""}};
    return d;
}

std::vector<std::filesystem::path> write_handouts(const std::string& programme_xlsx, const std::string& date, bool per_owner,
                                                  const std::filesystem::path& outdir, const std::string& start,
                                                  const session_facts& facts) {
    const std::optional<double> serial = date.size() == 10 ? iso_to_serial(date) : std::nullopt;
    if (!serial)
        throw error(error_category::bad_input, location{programme_xlsx, {}, "--date", 0, 0},
                    trf("the session date \"{}\" is not a date", {date}), tr("write it as YYYY-MM-DD, e.g. 2026-12-03"));
    const programme p = read_programme(programme_xlsx, parse_programme_start(start), handout_parts);
    const std::string& name = p.name;
    const docx_template tpl = docx_template::builtin("baateigenaar");

    std::vector<std::pair<std::string, std::filesystem::path>> jobs;  // owner, file
    if (per_owner) {
        std::set<std::string> seen;
        for (const benefit& b : p.benefits)
            if (!is_placeholder_name(b.owner) && seen.insert(b.owner).second)
                jobs.emplace_back(b.owner, outdir / ("handout-" + slug(b.owner) + ".docx"));
        if (jobs.empty())
            throw error(error_category::bad_input, location{programme_xlsx, {}, "Baten", 0, 0},
                        tr("no benefit has an owner, so there is no handout per owner"),
                        tr("fill in the Baateigenaar column of the Baten sheet, or leave out --per-owner"));
    } else {
        jobs.emplace_back("", outdir / "handout.docx");
    }

    std::vector<std::string> documents;  // fill everything before writing anything
    for (const auto& [owner, file] : jobs) documents.push_back(tpl.fill(handout_data(p, name, *serial, owner, facts)).docx);
    std::error_code ec;
    std::filesystem::create_directories(outdir, ec);
    if (ec)
        throw error(error_category::io, location{outdir.string(), {}, {}, 0, 0}, trf("cannot create the folder: {}", {ec.message()}),
                    tr("check the path and its permissions"));
    std::vector<std::filesystem::path> out;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        write_file(jobs[i].second, documents[i]);
        out.push_back(jobs[i].second);
    }
    return out;
}

}  // namespace kib
