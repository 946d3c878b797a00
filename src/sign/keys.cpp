#include "sign/keys.hpp"

#include <libp11.h>
#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <cstdio>
#include <map>

namespace vanban::sign {

namespace {
std::atomic<int> opened{0};
}

int keys_opened() {
    return opened.load();
}

std::string openssl_error() {
    unsigned long e = ERR_get_error();
    std::string last;
    while (e != 0) {  // keep the first (deepest) error, drain the rest
        if (last.empty()) {
            char buf[256];
            ERR_error_string_n(e, buf, sizeof buf);
            last = buf;
        }
        e = ERR_get_error();
    }
    return last.empty() ? "không rõ lỗi OpenSSL" : last;
}

Signer::Signer(EVP_PKEY* key, X509* cert, std::vector<X509*> chain, std::shared_ptr<void> keepalive,
               std::string source)
    : key_(key),
      cert_(cert),
      chain_(std::move(chain)),
      keepalive_(std::move(keepalive)),
      source_(std::move(source)) {}

Signer::~Signer() {
    EVP_PKEY_free(key_);
    X509_free(cert_);
    for (X509* c : chain_) X509_free(c);
}

std::unique_ptr<Signer> open_pkcs12(const std::string& path, const std::string& password) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw SignError("Không mở được tệp khóa '" + path + "'");
    PKCS12* p12 = d2i_PKCS12_fp(f, nullptr);
    std::fclose(f);
    if (!p12) throw SignError("Tệp khóa '" + path + "' không phải tệp PKCS#12 (.p12/.pfx) hợp lệ");
    if (!PKCS12_verify_mac(p12, password.c_str(), -1)) {
        PKCS12_free(p12);
        ERR_clear_error();
        throw SignError("Sai mật khẩu của tệp khóa '" + path + "'");
    }
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* ca = nullptr;
    const int ok = PKCS12_parse(p12, password.c_str(), &key, &cert, &ca);
    PKCS12_free(p12);
    if (!ok) throw SignError("Không đọc được tệp khóa '" + path + "': " + openssl_error());
    std::vector<X509*> chain;
    for (int i = 0; ca && i < sk_X509_num(ca); ++i) chain.push_back(sk_X509_value(ca, i));
    sk_X509_free(ca);  // the certificates now belong to `chain`
    ++opened;
    if (!key || !cert) {
        EVP_PKEY_free(key);
        X509_free(cert);
        for (X509* c : chain) X509_free(c);
        throw SignError("Tệp khóa '" + path + "' không chứa cả khóa bí mật và chứng thư số");
    }
    return std::make_unique<Signer>(key, cert, std::move(chain), nullptr, path);
}

namespace {

std::string percent_decode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// RFC 7512 path attributes (token, object, …); the query part (pin-value) is refused: a PIN
// never goes on a command line.
std::map<std::string, std::string> parse_uri(const std::string& uri) {
    if (uri.rfind("pkcs11:", 0) != 0) throw SignError("'" + uri + "' không phải URI pkcs11:");
    std::string path = uri.substr(7);
    if (path.find('?') != std::string::npos)
        throw SignError("URI '" + uri +
                        "' không được chứa mã PIN (dùng biến môi trường VANBAN_PIN hoặc nhập khi "
                        "được hỏi)");
    std::map<std::string, std::string> attrs;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find(';', start);
        if (end == std::string::npos) end = path.size();
        std::string part = path.substr(start, end - start);
        size_t eq = part.find('=');
        if (eq != std::string::npos)
            attrs[part.substr(0, eq)] = percent_decode(part.substr(eq + 1));
        start = end + 1;
    }
    return attrs;
}

struct P11Session {
    PKCS11_CTX* ctx = nullptr;
    PKCS11_SLOT* slots = nullptr;
    unsigned int nslots = 0;
    bool loaded = false;
    ~P11Session() {
        if (slots) PKCS11_release_all_slots(ctx, slots, nslots);
        if (loaded) PKCS11_CTX_unload(ctx);
        if (ctx) PKCS11_CTX_free(ctx);
    }
};

}  // namespace

std::unique_ptr<Signer> open_pkcs11(const std::string& uri, const std::string& pin,
                                    const std::string& module) {
    auto attrs = parse_uri(uri);
    const std::string token_label = attrs["token"], object_label = attrs["object"];
    auto s = std::make_shared<P11Session>();
    s->ctx = PKCS11_CTX_new();
    if (PKCS11_CTX_load(s->ctx, module.c_str()) != 0)
        throw SignError("Không nạp được thư viện PKCS#11 '" + module + "'");
    s->loaded = true;
    if (PKCS11_enumerate_slots(s->ctx, &s->slots, &s->nslots) != 0)
        throw SignError("Không liệt kê được khe token của '" + module + "'");
    PKCS11_SLOT* slot = nullptr;
    for (unsigned i = 0; i < s->nslots; ++i) {
        PKCS11_SLOT* sl = &s->slots[i];
        if (!sl->token || !sl->token->initialized) continue;
        if (token_label.empty() || token_label == sl->token->label) {
            slot = sl;
            break;
        }
    }
    const std::string where = "token '" + (token_label.empty() ? "(đầu tiên)" : token_label) + "'";
    if (!slot) throw SignError("Không tìm thấy " + where + " trong '" + module + "'");
    if (PKCS11_open_session(slot, 0) != 0 || PKCS11_login(slot, 0, pin.c_str()) != 0) {
        ERR_clear_error();
        throw SignError("Sai mã PIN của " + where + " (hoặc token bị khóa)");
    }
    ++opened;
    PKCS11_CERT* certs = nullptr;
    unsigned int ncerts = 0;
    if (PKCS11_enumerate_certs(slot->token, &certs, &ncerts) != 0)
        throw SignError("Không đọc được chứng thư số trên " + where);
    for (unsigned i = 0; i < ncerts; ++i) {
        PKCS11_CERT* c = &certs[i];
        if (!object_label.empty() && (!c->label || object_label != c->label)) continue;
        PKCS11_KEY* k = PKCS11_find_key(c);
        if (!k) continue;
        EVP_PKEY* key = PKCS11_get_private_key(k);
        if (!key) continue;
        return std::make_unique<Signer>(key, X509_dup(c->x509), std::vector<X509*>{}, s, uri);
    }
    throw SignError("Không có khóa bí mật kèm chứng thư số " +
                    (object_label.empty() ? std::string() : "'" + object_label + "' ") + "trên " +
                    where);
}

std::string cert_agency(X509* cert) {
    X509_NAME* n = X509_get_subject_name(cert);
    for (int nid : {NID_organizationName, NID_commonName}) {
        const int i = X509_NAME_get_index_by_NID(n, nid, -1);
        if (i < 0) continue;
        unsigned char* utf8 = nullptr;
        const int len =
            ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i)));
        if (len < 0) continue;
        std::string v(reinterpret_cast<char*>(utf8), len);
        OPENSSL_free(utf8);
        return v;
    }
    return {};
}

std::string subject_line(X509* cert) {
    X509_NAME* name = X509_get_subject_name(cert);
    std::string out;
    for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
        X509_NAME_ENTRY* e = X509_NAME_get_entry(name, i);
        const int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(e));
        unsigned char* utf8 = nullptr;
        const int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));
        if (n < 0) continue;
        const char* sn = nid == NID_undef ? "?" : OBJ_nid2sn(nid);
        if (!out.empty()) out += ", ";
        out += std::string(sn) + "=" + std::string(reinterpret_cast<char*>(utf8), n);
        OPENSSL_free(utf8);
    }
    return out;
}

void check_signer(const Signer& s, std::time_t now) {
    const std::string who =
        "Chứng thư số của '" + s.source() + "' (" + subject_line(s.cert()) + ")";
    if (X509_cmp_time(X509_get0_notBefore(s.cert()), &now) > 0)
        throw SignError(who + " chưa đến thời gian có hiệu lực");
    if (X509_cmp_time(X509_get0_notAfter(s.cert()), &now) < 0) throw SignError(who + " đã hết hạn");
    // No key usage extension means no restriction; if present it must allow signing.
    if ((X509_get_extension_flags(s.cert()) & EXFLAG_KUSAGE) &&
        !(X509_get_key_usage(s.cert()) & KU_DIGITAL_SIGNATURE))
        throw SignError(who + " không có mục đích sử dụng digitalSignature (ký số)");
    if (X509_check_private_key(s.cert(), s.key()) != 1) {
        ERR_clear_error();
        throw SignError("Khóa bí mật của '" + s.source() + "' không khớp với chứng thư số");
    }
}

}  // namespace vanban::sign
