// The stylesheet, the one script and the page fonts, read once at start (templates/web/static,
// Debian's Liberation fonts) into a fixed table: a request names an entry, never a file.
#include <httplib.h>

#include <filesystem>
#include <map>
#include <memory>

#include "pdf/atomic_file.hpp"
#include "web/app.hpp"
#include "web/routes.hpp"

namespace vanban::web {

void add_static_routes(App& app) {
    struct Asset {
        std::string body, type;
    };
    auto table = std::make_shared<std::map<std::string, Asset>>();
    const auto dir = app.options().templates / "web" / "static";
    (*table)["/static/web.css"] = {pdf::read_file(dir / "web.css"), "text/css; charset=utf-8"};
    (*table)["/static/data.css"] = {pdf::read_file(dir / "data.css"), "text/css; charset=utf-8"};
    (*table)["/static/web.js"] = {pdf::read_file(dir / "web.js"), "text/javascript; charset=utf-8"};
    // The page fonts: Liberation (Debian fonts-liberation2, installed with vanban's PDF fonts).
    const std::filesystem::path fonts = "/usr/share/fonts/truetype/liberation2";
    for (const auto& [name, file] : {std::pair{"sans-regular", "LiberationSans-Regular.ttf"},
                                     std::pair{"sans-bold", "LiberationSans-Bold.ttf"},
                                     std::pair{"sans-italic", "LiberationSans-Italic.ttf"},
                                     std::pair{"serif-regular", "LiberationSerif-Regular.ttf"}}) {
        std::error_code ec;
        if (std::filesystem::exists(fonts / file, ec))
            (*table)[std::string("/static/fonts/") + name + ".ttf"] = {pdf::read_file(fonts / file),
                                                                       "font/ttf"};
    }
    for (const auto& [path, asset] : *table) {
        app.server().Get(path, [table, path = path](const Request&, Response& res) {
            const Asset& a = table->at(path);
            res.set_header("Cache-Control", "max-age=3600");
            res.set_content(a.body, a.type.c_str());
        });
    }
}

}  // namespace vanban::web
