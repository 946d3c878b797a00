#include "cli/dataset_options.hpp"

namespace vanban::cli {

OptionParse parse_dataset_option(Args args, std::size_t& i, DatasetOptions& o, std::string& error) {
    std::string_view a = args[i];
    if (a != "--org" && a != "--targets" && a != "--data" && a != "--period" && a != "--level")
        return OptionParse::not_mine;
    if (i + 1 >= args.size()) {
        error = "thiếu giá trị sau " + std::string(a);
        return OptionParse::error;
    }
    std::string v(args[++i]);
    if (a == "--org") {
        o.org = v;
    } else if (a == "--targets") {
        o.targets.push_back(v);
    } else if (a == "--data") {
        o.data.push_back(v);
    } else if (a == "--period") {
        o.period = model::Period::parse(v);
        if (!o.period) {
            error = "kỳ \"" + v + "\" không hợp lệ: cần dạng 2024-Q2, 2024-6T, 2024-9T hoặc 2024";
            return OptionParse::error;
        }
    } else {
        auto l = model::parse_level(v);
        if (!l) {
            error = "cấp \"" + v + "\" không hợp lệ: cần so, huyen hoặc xa";
            return OptionParse::error;
        }
        o.levels.push_back(*l);
    }
    return OptionParse::ok;
}

std::optional<std::string> finish_dataset_options(DatasetOptions& o) {
    if (o.org.empty()) return "thiếu --org";
    if (o.targets.empty()) return "thiếu --targets";
    if (o.data.empty()) return "thiếu --data";
    if (!o.period) return "thiếu --period";
    if (o.levels.empty()) o.levels = {model::Level::so, model::Level::huyen, model::Level::xa};
    return std::nullopt;
}

model::Dataset load_dataset(const DatasetOptions& o) {
    return model::load_dataset(o.org, o.targets, o.data, *o.period);
}

}  // namespace vanban::cli
