#include "sign/verify.hpp"

#include <openssl/x509.h>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <memory>

#include "sign/cms.hpp"
#include "sign/keys.hpp"
#include "sign/pdf_text.hpp"
#include "sign/timestamp.hpp"

namespace vanban::sign {

bool VerifyReport::ok() const {
    if (signatures.empty() || changed_after_last) return false;
    for (const auto& s : signatures)
        if (!s.problems.empty()) return false;
    return true;
}

namespace {

// Vietnamese CAs put the tax code or identity number in UID or serialNumber as "MST:…",
// "CMND:…", "CCCD:…" (also "HC:" for a passport).
SubjectField label_field(const std::string& sn, std::string value) {
    for (const char* p : {"MST", "CMND", "CCCD", "HC"}) {
        const std::string prefix = std::string(p) + ":";
        if (value.rfind(prefix, 0) == 0) return {p, value.substr(prefix.size())};
    }
    return {sn, std::move(value)};
}

std::vector<SubjectField> subject_fields(X509* cert) {
    std::vector<SubjectField> out;
    X509_NAME* name = X509_get_subject_name(cert);
    for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
        X509_NAME_ENTRY* e = X509_NAME_get_entry(name, i);
        const int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(e));
        unsigned char* utf8 = nullptr;
        const int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));
        if (n < 0) continue;
        std::string value(reinterpret_cast<char*>(utf8), n);
        OPENSSL_free(utf8);
        std::string sn = nid == NID_undef ? "?" : OBJ_nid2sn(nid);
        if (nid == NID_userId) sn = "UID";
        out.push_back(label_field(sn, std::move(value)));
    }
    return out;
}

void collect(QPDFObjectHandle fields, std::vector<QPDFObjectHandle>& out, int depth = 0) {
    if (!fields.isArray() || depth > 32) return;
    for (auto& f : fields.aitems()) {
        if (!f.isDictionary()) continue;
        if (f.getKey("/FT").isNameAndEquals("/Sig") && f.getKey("/V").isDictionary())
            out.push_back(f);
        collect(f.getKey("/Kids"), out, depth + 1);
    }
}

struct StoreFree {
    void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};

}  // namespace

VerifyReport verify_pdf(const std::string& pdf, const std::string& name,
                        const std::string& roots_pem) {
    std::unique_ptr<X509_STORE, StoreFree> store;
    if (!roots_pem.empty()) {
        store.reset(X509_STORE_new());
        if (X509_STORE_load_file(store.get(), roots_pem.c_str()) != 1)
            throw SignError("Không đọc được tệp chứng thư gốc '" + roots_pem + "' (PEM)");
    }
    QPDF q;
    q.setSuppressWarnings(true);
    std::vector<QPDFObjectHandle> fields;
    try {
        q.processMemoryFile(name.c_str(), pdf.data(), pdf.size());
        collect(q.getRoot().getKey("/AcroForm").getKey("/Fields"), fields);
    } catch (const std::exception& e) {
        throw SignError("Không đọc được tệp PDF '" + name + "': " + e.what());
    }

    VerifyReport rep;
    rep.file_size = static_cast<long long>(pdf.size());
    long long last_end = 0;
    for (auto& f : fields) {
        SignatureReport s;
        s.field = f.getKey("/T").isString() ? f.getKey("/T").getUTF8Value() : "";
        QPDFObjectHandle v = f.getKey("/V");
        s.subfilter = v.getKey("/SubFilter").isName() ? v.getKey("/SubFilter").getName() : "";
        if (v.getKey("/M").isString()) {
            std::time_t t = parse_pdf_date(v.getKey("/M").getStringValue());
            if (t >= 0) s.time = t;
        }
        QPDFObjectHandle br = v.getKey("/ByteRange");
        long long r[4] = {-1, -1, -1, -1};
        if (br.isArray() && br.getArrayNItems() == 4)
            for (int i = 0; i < 4; ++i)
                if (br.getArrayItem(i).isInteger()) r[i] = br.getArrayItem(i).getIntValue();
        const long long size = rep.file_size;
        s.byte_range_ok = r[0] == 0 && r[1] > 0 && r[2] > r[1] && r[3] >= 0 &&
                          r[2] + r[3] <= size && pdf[r[1]] == '<' && pdf[r[2] - 1] == '>';
        for (long long i = r[1] + 1; s.byte_range_ok && i < r[2] - 1; ++i)
            if (!std::isxdigit(static_cast<unsigned char>(pdf[i]))) s.byte_range_ok = false;
        if (!s.byte_range_ok) {
            s.problems.push_back(
                "ByteRange không hợp lệ: phần được ký phải là cả tệp (của lần ký đó) trừ chuỗi "
                "/Contents");
            rep.signatures.push_back(std::move(s));
            continue;
        }
        s.covered_end = r[2] + r[3];
        last_end = std::max(last_end, s.covered_end);
        if (s.subfilter != "/ETSI.CAdES.detached" && s.subfilter != "/adbe.pkcs7.detached")
            s.problems.push_back("SubFilter " + s.subfilter + " không được hỗ trợ");
        std::string covered = pdf.substr(0, r[1]);
        covered.append(pdf, r[2], r[3]);
        const std::string der = v.getKey("/Contents").isString()
                                    ? v.getKey("/Contents").getStringValue()
                                    : std::string();
        CmsCheck c = check_cades(der, covered, store.get());
        s.intact = c.intact;
        s.signing_cert_v2 = c.signing_cert_v2;
        if (!s.time && c.signing_time) s.time = c.signing_time;
        if (auto ts = read_signature_timestamp(der)) {
            s.has_timestamp = true;
            s.timestamp_ok = ts->covers_signature && ts->signature_ok;
            if (ts->time) s.timestamp = ts->time;
            s.timestamp_tsa = ts->tsa;
            if (!s.timestamp_ok)
                s.problems.push_back("dấu thời gian không khớp chữ ký hoặc chữ ký của nó sai");
        }
        if (c.signer) {
            s.subject = subject_fields(c.signer);
            char* iss = X509_NAME_oneline(X509_get_issuer_name(c.signer), nullptr, 0);
            s.issuer = iss ? iss : "";
            OPENSSL_free(iss);
        }
        if (!c.parsed)
            s.problems.push_back("không đọc được chữ ký CMS: " + c.error);
        else if (!c.intact)
            s.problems.push_back("nội dung được ký đã bị thay đổi (mã băm hoặc chữ ký không khớp)");
        if (c.parsed && s.subfilter == "/ETSI.CAdES.detached" && !c.signing_cert_v2)
            s.problems.push_back("thiếu thuộc tính signing-certificate-v2 mà PAdES yêu cầu");
        if (store) {
            s.chain_checked = true;
            s.chain_ok = c.chain_ok;
            s.chain_error = c.chain_error;
            if (!c.chain_ok)
                s.problems.push_back("chứng thư số không dẫn tới chứng thư gốc tin cậy (" +
                                     c.chain_error + ")");
        }
        rep.signatures.push_back(std::move(s));
    }
    // Anything but line ends after the last signed revision was added later.
    for (long long i = last_end; i < rep.file_size && last_end > 0; ++i)
        if (pdf[i] != '\n' && pdf[i] != '\r') rep.changed_after_last = true;
    return rep;
}

}  // namespace vanban::sign
