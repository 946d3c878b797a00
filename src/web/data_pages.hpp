// What the pages of the figures share (routes_data.cpp, routes_dashboard.cpp,
// routes_admin_data.cpp): the one ScoreData of the server, and the problems of an import as the
// pages show them (with the unit's and the indicator's names).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "intake/issues.hpp"
#include "model/method.hpp"
#include "model/org.hpp"
#include "web/app.hpp"
#include "web/score_data.hpp"

namespace vanban::web {

// Problems ordered: those about no unit first, then by the unit's place in org.json, then as
// found. `shown` replaces temporary file paths by the names the user gave.
Json issues_json(const intake::Issues& issues, const model::Organisation& org,
                 const model::Method& method, const std::map<std::string, std::string>& shown);

// One level's ranking as the pages show it (rows in the table's order, units per band, chart).
Json level_json(const model::Dataset& ds, const scoring::ScoreTable& t, model::Level level,
                const std::string& period);

void add_dashboard_routes(App& app, const std::shared_ptr<ScoreData>& sd);
void add_admin_data_routes(App& app, const std::shared_ptr<ScoreData>& sd);

}  // namespace vanban::web
