#include "sign/pades.hpp"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <cstdio>
#include <memory>

#include "sign/cms.hpp"
#include "sign/incremental.hpp"
#include "sign/pdf_text.hpp"
#include "sign/timestamp.hpp"

namespace vanban::sign {

namespace {

// Room for the CMS in /Contents; grown and retried when a long chain does not fit.
constexpr size_t kFirstReserve = 8192;

std::unique_ptr<QPDF> open_pdf(const std::string& pdf, const std::string& name) {
    auto q = std::make_unique<QPDF>();
    q->setSuppressWarnings(true);
    // A file qpdf must repair cannot be extended safely: its offsets are wrong.
    q->setAttemptRecovery(false);
    try {
        q->processMemoryFile(name.c_str(), pdf.data(), pdf.size());
        if (q->isEncrypted())
            throw SignError("Tệp PDF '" + name + "' được mã hóa: không ký được tệp mã hóa");
        q->getAllPages();
        if (q->anyWarnings())
            throw SignError("Tệp PDF '" + name + "' bị hỏng (cấu trúc không hợp lệ)");
    } catch (const QPDFExc& e) {
        if (e.getErrorCode() == qpdf_e_password)
            throw SignError("Tệp PDF '" + name +
                            "' được mã hóa (có mật khẩu): không ký được tệp mã hóa");
        throw SignError("Tệp PDF '" + name + "' bị hỏng: " + e.getMessageDetail());
    } catch (const SignError&) {
        throw;
    } catch (const std::exception& e) {
        throw SignError("Tệp PDF '" + name + "' bị hỏng: " + e.what());
    }
    return q;
}

Box to_box(QPDFObjectHandle a) {
    auto r = a.getArrayAsRectangle();
    return {std::min(r.llx, r.urx), std::min(r.lly, r.ury), std::max(r.llx, r.urx),
            std::max(r.lly, r.ury)};
}

// A dictionary's text with `replace` overriding (or adding) some keys; every other value
// unparsed as it is (indirect references stay references).
std::string dict_with(QPDFObjectHandle dict, const std::map<std::string, std::string>& replace) {
    std::string out = "<<";
    for (const auto& key : dict.getKeys()) {
        if (replace.count(key)) continue;
        // Appended piece by piece: `" " + std::string&&` trips GCC 12's -Wrestrict false
        // positive (bug 105651) at -O3.
        out += ' ';
        out += QPDFObjectHandle::newName(key).unparse();
        out += ' ';
        out += dict.getKey(key).unparse();
    }
    for (const auto& [key, value] : replace) {
        out += ' ';
        out += key;
        out += ' ';
        out += value;
    }
    return out + " >>";
}

// The elements of an array (direct or indirect) as text, followed by `extra`.
std::string array_with(QPDFObjectHandle array, const std::string& extra) {
    std::string out = "[";
    if (array.isArray())
        for (auto& item : array.aitems()) out += item.unparse() + " ";
    return out + extra + "]";
}

std::string ref(int n) {
    return std::to_string(n) + " 0 R";
}

void count_signatures(QPDFObjectHandle fields, int& n, int depth = 0) {
    if (!fields.isArray() || depth > 32) return;
    for (auto& f : fields.aitems()) {
        if (!f.isDictionary()) continue;
        if (f.getKey("/FT").isNameAndEquals("/Sig")) ++n;
        count_signatures(f.getKey("/Kids"), n, depth + 1);
    }
}

}  // namespace

PdfFacts read_facts(const std::string& pdf, const std::string& name) {
    auto q = open_pdf(pdf, name);
    PdfFacts f;
    for (QPDFObjectHandle page : q->getAllPages())
        f.media.push_back(to_box(QPDFPageObjectHelper(page).getMediaBox()));
    f.pages = static_cast<int>(f.media.size());
    QPDFObjectHandle root = q->getRoot();
    count_signatures(root.getKey("/AcroForm").getKey("/Fields"), f.signatures);
    QPDFObjectHandle rec = root.getKey("/VanbanSignBox");
    if (rec.isDictionary() && rec.getKey("/Page").isInteger() && rec.getKey("/Rect").isArray()) {
        const int page = rec.getKey("/Page").getIntValueAsInt();
        if (page >= 0 && page < f.pages)
            f.sign_box = std::make_pair(page, to_box(rec.getKey("/Rect")));
    }
    return f;
}

std::string sign_pdf(const std::string& pdf, const std::string& name, const Signer& signer,
                     const SignRequest& req) {
    auto q = open_pdf(pdf, name);
    Revision rev = last_revision(pdf, name);
    QPDFObjectHandle trailer = q->getTrailer();
    rev.size = trailer.getKey("/Size").isInteger() ? trailer.getKey("/Size").getIntValueAsInt() : 0;
    QPDFObjectHandle root = q->getRoot();
    rev.root_ref = root.unparse();
    if (trailer.getKey("/Info").isIndirect()) rev.info_ref = trailer.getKey("/Info").unparse();
    if (trailer.getKey("/ID").isArray()) rev.id = trailer.getKey("/ID").unparse();

    auto pages = q->getAllPages();
    const Appearance& ap = req.appearance;
    if (ap.page < 0 || ap.page >= static_cast<int>(pages.size()))
        throw SignError("Tệp PDF '" + name + "' không có trang " + std::to_string(ap.page + 1));
    QPDFObjectHandle page = pages[ap.page];
    QPDFObjectHandle acro = root.getKey("/AcroForm");
    int existing = 0;
    count_signatures(acro.getKey("/Fields"), existing);

    // A time-stamp token carries the TSA's certificate: room for it from the start, so that
    // the server is asked once.
    for (size_t reserve = req.tsa.empty() ? kFirstReserve : 2 * kFirstReserve;; reserve *= 2) {
        IncrementalUpdate up(pdf, rev);
        const int sig = up.allocate(), widget = up.allocate();
        const int form = ap.visible() ? up.allocate() : 0;
        const int extras = form ? appearance_extra_count(ap) : 0;
        const int first_extra = extras ? up.allocate() : 0;
        for (int i = 1; i < extras; ++i) up.allocate();

        // The signature value first: its placeholders are then the first ones after the
        // original bytes.
        std::string sigdict =
            "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached";
        sigdict += " /M (" + pdf_date_vietnam(req.time) + ")";
        if (!req.reason.empty()) sigdict += " /Reason " + pdf_text_string(req.reason);
        if (!req.location.empty()) sigdict += " /Location " + pdf_text_string(req.location);
        if (!req.contact.empty()) sigdict += " /ContactInfo " + pdf_text_string(req.contact);
        sigdict += " /ByteRange [0 0000000000 0000000000 0000000000] /Contents <" +
                   std::string(reserve * 2, '0') + "> >>";
        up.put(sig, 0, sigdict);

        const Box& r = ap.rect;
        std::string wdict = "<< /Type /Annot /Subtype /Widget /FT /Sig /F 132 /T " +
                            pdf_text_string("Chữ ký " + std::to_string(existing + 1)) + " /V " +
                            ref(sig) + " /P " + page.unparse() + " /Rect [" + num(r.x1) + " " +
                            num(r.y1) + " " + num(r.x2) + " " + num(r.y2) + "]";
        if (form) wdict += " /AP << /N " + ref(form) + " >>";
        up.put(widget, 0, wdict + " >>");
        if (form) {
            AppearanceObjects objs = appearance_objects(ap, first_extra);
            up.put(form, 0, objs.form);
            for (size_t i = 0; i < objs.extra.size(); ++i)
                up.put(first_extra + static_cast<int>(i), 0, objs.extra[i]);
        }

        // The page gains the widget; the form gains the field.
        const QPDFObjGen pg = page.getObjGen();
        up.put(pg.getObj(), pg.getGen(),
               dict_with(page, {{"/Annots", array_with(page.getKey("/Annots"), ref(widget))}}));
        std::map<std::string, std::string> form_keys = {
            {"/Fields", array_with(acro.getKey("/Fields"), ref(widget))}, {"/SigFlags", "3"}};
        if (acro.isIndirect()) {
            const QPDFObjGen a = acro.getObjGen();
            up.put(a.getObj(), a.getGen(), dict_with(acro, form_keys));
        } else {
            const std::string acro_text =
                acro.isDictionary() ? dict_with(acro, form_keys)
                                    : dict_with(QPDFObjectHandle::newDictionary(), form_keys);
            const QPDFObjGen rg = root.getObjGen();
            up.put(rg.getObj(), rg.getGen(), dict_with(root, {{"/AcroForm", acro_text}}));
        }
        std::string out = up.finish();

        // Fill the ByteRange: everything but the /Contents hex string, '<' and '>' included.
        const size_t br = out.find("/ByteRange [0 0000000000", pdf.size());
        const size_t lt = out.find("/Contents <", br) + 10;
        const size_t gt = lt + reserve * 2 + 1;
        const long long a1 = static_cast<long long>(lt), a2 = static_cast<long long>(gt + 1),
                        a3 = static_cast<long long>(out.size() - gt - 1);
        char range[64];
        const int len = std::snprintf(range, sizeof range, "[0 %lld %lld %lld]", a1, a2, a3);
        std::string field = std::string(range, len);
        const size_t width = std::string("[0 0000000000 0000000000 0000000000]").size();
        field.insert(field.size() - 1, width - field.size(), ' ');
        out.replace(br + 11, width, field);

        std::string covered = out.substr(0, lt);
        covered.append(out, gt + 1, std::string::npos);
        std::string der = cades_detached(signer, covered, req.time);
        if (!req.tsa.empty()) der = add_signature_timestamp(der, req.tsa);
        if (der.size() > reserve) continue;  // a long chain: more room, same steps
        static const char* hex = "0123456789ABCDEF";
        for (size_t i = 0; i < der.size(); ++i) {
            out[lt + 1 + 2 * i] = hex[static_cast<unsigned char>(der[i]) >> 4];
            out[lt + 2 + 2 * i] = hex[static_cast<unsigned char>(der[i]) & 15];
        }
        return out;
    }
}

}  // namespace vanban::sign
