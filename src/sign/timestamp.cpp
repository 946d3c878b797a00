#include "sign/timestamp.hpp"

#include <httplib.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ts.h>

#include <memory>

#include "sign/keys.hpp"

namespace vanban::sign {

namespace {

template <class T, void (*F)(T*)>
struct Free {
    void operator()(T* p) const { F(p); }
};
using CmsPtr = std::unique_ptr<CMS_ContentInfo, Free<CMS_ContentInfo, CMS_ContentInfo_free>>;
using ReqPtr = std::unique_ptr<TS_REQ, Free<TS_REQ, TS_REQ_free>>;
using RespPtr = std::unique_ptr<TS_RESP, Free<TS_RESP, TS_RESP_free>>;
using P7Ptr = std::unique_ptr<PKCS7, Free<PKCS7, PKCS7_free>>;
using TstPtr = std::unique_ptr<TS_TST_INFO, Free<TS_TST_INFO, TS_TST_INFO_free>>;
using IntPtr = std::unique_ptr<ASN1_INTEGER, Free<ASN1_INTEGER, ASN1_INTEGER_free>>;

CmsPtr parse_cms(std::string_view der) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
    return CmsPtr(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
}

CMS_SignerInfo* only_signer(CMS_ContentInfo* cms) {
    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms);
    return infos && sk_CMS_SignerInfo_num(infos) == 1 ? sk_CMS_SignerInfo_value(infos, 0) : nullptr;
}

// SHA-256 of the SignerInfo's signature value: what the TSA stamps (RFC 3161 appendix A).
std::string signature_imprint(CMS_SignerInfo* si) {
    ASN1_OCTET_STRING* sig = CMS_SignerInfo_get0_signature(si);
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256(ASN1_STRING_get0_data(sig), static_cast<size_t>(ASN1_STRING_length(sig)), md);
    return std::string(reinterpret_cast<char*>(md), sizeof md);
}

std::string der_of_request(TS_REQ* req) {
    unsigned char* der = nullptr;
    const int n = i2d_TS_REQ(req, &der);
    std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(std::max(n, 0)));
    OPENSSL_free(der);
    return out;
}

}  // namespace

std::string add_signature_timestamp(const std::string& cms_der, const std::string& tsa_url) {
    const std::string who = "Máy chủ dấu thời gian '" + tsa_url + "'";
    CmsPtr cms = parse_cms(cms_der);
    CMS_SignerInfo* si = cms ? only_signer(cms.get()) : nullptr;
    if (!si) throw SignError("Chữ ký CMS không đọc lại được để thêm dấu thời gian");
    const std::string imprint = signature_imprint(si);

    // The request: SHA-256 imprint, a random nonce, and the TSA's certificate in the answer.
    ReqPtr req(TS_REQ_new());
    TS_MSG_IMPRINT* mi = TS_MSG_IMPRINT_new();
    X509_ALGOR* alg = X509_ALGOR_new();
    X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr);
    TS_MSG_IMPRINT_set_algo(mi, alg);
    TS_MSG_IMPRINT_set_msg(mi, reinterpret_cast<unsigned char*>(const_cast<char*>(imprint.data())),
                           static_cast<int>(imprint.size()));
    TS_REQ_set_version(req.get(), 1);
    TS_REQ_set_msg_imprint(req.get(), mi);
    X509_ALGOR_free(alg);
    TS_MSG_IMPRINT_free(mi);
    unsigned char nonce_bytes[8];
    RAND_bytes(nonce_bytes, sizeof nonce_bytes);
    nonce_bytes[0] &= 0x7f;  // positive
    BIGNUM* bn = BN_bin2bn(nonce_bytes, sizeof nonce_bytes, nullptr);
    IntPtr nonce(BN_to_ASN1_INTEGER(bn, nullptr));
    BN_free(bn);
    TS_REQ_set_nonce(req.get(), nonce.get());
    TS_REQ_set_cert_req(req.get(), 1);
    const std::string body = der_of_request(req.get());

    // POST application/timestamp-query (RFC 3161 section 3.4).
    const size_t scheme = tsa_url.find("://");
    if (tsa_url.rfind("http://", 0) != 0 && tsa_url.rfind("https://", 0) != 0)
        throw SignError(who + ": địa chỉ phải bắt đầu bằng http:// hoặc https://");
    const size_t slash = tsa_url.find('/', scheme + 3);
    const std::string host = tsa_url.substr(0, slash);
    const std::string path = slash == std::string::npos ? "/" : tsa_url.substr(slash);
    httplib::Client client(host);
    client.set_connection_timeout(10);
    client.set_read_timeout(30);
    auto res = client.Post(path, body, "application/timestamp-query");
    if (!res)
        throw SignError(who + " không kết nối được (" + httplib::to_string(res.error()) +
                        "); không ký");
    if (res->status != 200)
        throw SignError(who + " trả lời mã HTTP " + std::to_string(res->status) + "; không ký");

    const unsigned char* p = reinterpret_cast<const unsigned char*>(res->body.data());
    RespPtr resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(res->body.size())));
    if (!resp) {
        ERR_clear_error();
        throw SignError(who + " trả lời không phải phản hồi dấu thời gian RFC 3161; không ký");
    }
    const long status =
        ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp.get())));
    if (status != TS_STATUS_GRANTED && status != TS_STATUS_GRANTED_WITH_MODS)
        throw SignError(who + " từ chối cấp dấu thời gian (trạng thái " + std::to_string(status) +
                        "); không ký");
    // The token must be for this request: imprint, nonce, version; its signature must verify
    // with the certificate it carries (trust in the TSA is the reader's: vanban verify --ca).
    TS_VERIFY_CTX* vc = TS_REQ_to_TS_VERIFY_CTX(req.get(), nullptr);
    TS_VERIFY_CTX_set_flags(vc, TS_VFY_VERSION | TS_VFY_IMPRINT | TS_VFY_NONCE);
    const int ok = TS_RESP_verify_response(vc, resp.get());
    TS_VERIFY_CTX_free(vc);
    if (ok != 1) {
        const std::string e = openssl_error();
        throw SignError(who + " trả về dấu thời gian không khớp chữ ký này (" + e + "); không ký");
    }
    PKCS7* token = TS_RESP_get_token(resp.get());
    unsigned char* tder = nullptr;
    const int tn = i2d_PKCS7(token, &tder);
    if (tn <= 0) throw SignError(who + ": không ghi được dấu thời gian: " + openssl_error());
    ASN1_STRING* seq = ASN1_STRING_new();
    ASN1_STRING_set(seq, tder, tn);
    OPENSSL_free(tder);
    const int added =
        CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, seq, -1);
    ASN1_STRING_free(seq);
    if (!added) throw SignError("Không thêm được dấu thời gian vào chữ ký: " + openssl_error());
    unsigned char* out = nullptr;
    const int on = i2d_CMS_ContentInfo(cms.get(), &out);
    if (on <= 0) throw SignError("Không ghi được chữ ký CMS: " + openssl_error());
    std::string result(reinterpret_cast<char*>(out), static_cast<size_t>(on));
    OPENSSL_free(out);
    return result;
}

std::optional<TimestampInfo> read_signature_timestamp(std::string_view cms_der) {
    CmsPtr cms = parse_cms(cms_der);
    CMS_SignerInfo* si = cms ? only_signer(cms.get()) : nullptr;
    if (!si) return std::nullopt;
    const int idx = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);
    if (idx < 0) return std::nullopt;
    ASN1_TYPE* v = X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, idx), 0);
    TimestampInfo info;
    if (!v || v->type != V_ASN1_SEQUENCE) return info;
    const unsigned char* p = ASN1_STRING_get0_data(v->value.sequence);
    P7Ptr token(d2i_PKCS7(nullptr, &p, ASN1_STRING_length(v->value.sequence)));
    if (!token) {
        ERR_clear_error();
        return info;
    }
    TstPtr tst(PKCS7_to_TS_TST_INFO(token.get()));
    if (!tst) {
        ERR_clear_error();
        return info;
    }
    struct tm tm {};
    if (ASN1_TIME_to_tm(TS_TST_INFO_get_time(tst.get()), &tm)) info.time = timegm(&tm);
    const TS_MSG_IMPRINT* mi = TS_TST_INFO_get_msg_imprint(tst.get());
    const ASN1_OCTET_STRING* msg = TS_MSG_IMPRINT_get_msg(const_cast<TS_MSG_IMPRINT*>(mi));
    const std::string want = signature_imprint(si);
    info.covers_signature =
        OBJ_obj2nid(TS_MSG_IMPRINT_get_algo(const_cast<TS_MSG_IMPRINT*>(mi))->algorithm) ==
            NID_sha256 &&
        std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(msg)),
                    static_cast<size_t>(ASN1_STRING_length(msg))) == want;
    // The token's own signature (no chain: trusting the TSA is a separate question).
    CmsPtr tcms = parse_cms(
        std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(v->value.sequence)),
                         static_cast<size_t>(ASN1_STRING_length(v->value.sequence))));
    if (tcms) {
        info.signature_ok = CMS_verify(tcms.get(), nullptr, nullptr, nullptr, nullptr,
                                       CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) == 1;
        STACK_OF(X509)* signers = CMS_get0_signers(tcms.get());
        if (signers && sk_X509_num(signers) >= 1)
            info.tsa = subject_line(sk_X509_value(signers, 0));
        sk_X509_free(signers);
    }
    ERR_clear_error();
    return info;
}

}  // namespace vanban::sign
