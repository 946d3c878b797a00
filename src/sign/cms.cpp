#include "sign/cms.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <memory>

namespace vanban::sign {

namespace {

struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct CmsFree {
    void operator()(CMS_ContentInfo* c) const { CMS_ContentInfo_free(c); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, CmsFree>;

}  // namespace

std::string cades_detached(const Signer& signer, std::string_view data, std::time_t signing_time) {
    STACK_OF(X509)* chain = sk_X509_new_null();
    for (X509* c : signer.chain()) sk_X509_push(chain, c);
    const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
    CmsPtr cms(CMS_sign(nullptr, nullptr, chain, nullptr, flags));
    sk_X509_free(chain);  // CMS_sign took its own references
    if (!cms) throw SignError("Không tạo được chữ ký CMS: " + openssl_error());
    // CMS_CADES makes OpenSSL add the ESS signing-certificate-v2 attribute (SHA-256 of the
    // signer's certificate), which PAdES requires.
    CMS_SignerInfo* si =
        CMS_add1_signer(cms.get(), signer.cert(), signer.key(), EVP_sha256(), flags | CMS_CADES);
    if (!si) throw SignError("Không thêm được người ký vào chữ ký CMS: " + openssl_error());
    ASN1_TIME* t = ASN1_TIME_set(nullptr, signing_time);
    const int added = CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, t->type, t, -1);
    ASN1_TIME_free(t);
    if (!added) throw SignError("Không ghi được thời gian ký: " + openssl_error());
    BioPtr in(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
    if (!CMS_final(cms.get(), in.get(), nullptr, flags))
        throw SignError("Không ký được (khóa bí mật hoặc token từ chối): " + openssl_error());
    BioPtr out(BIO_new(BIO_s_mem()));
    if (!i2d_CMS_bio(out.get(), cms.get()))
        throw SignError("Không ghi được chữ ký CMS: " + openssl_error());
    char* p = nullptr;
    long n = BIO_get_mem_data(out.get(), &p);
    return std::string(p, static_cast<size_t>(n));
}

CmsCheck::CmsCheck(CmsCheck&& o) noexcept
    : parsed(o.parsed),
      intact(o.intact),
      signing_cert_v2(o.signing_cert_v2),
      chain_ok(o.chain_ok),
      chain_error(std::move(o.chain_error)),
      error(std::move(o.error)),
      signing_time(o.signing_time),
      signer(o.signer),
      digest(std::move(o.digest)) {
    o.signer = nullptr;
}

CmsCheck::~CmsCheck() {
    X509_free(signer);
}

CmsCheck check_cades(std::string_view der, std::string_view data, X509_STORE* roots) {
    CmsCheck r;
    const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
    if (!cms) {
        r.error = "không đọc được dữ liệu CMS: " + openssl_error();
        return r;
    }
    r.parsed = true;
    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
    if (!infos || sk_CMS_SignerInfo_num(infos) != 1) {
        r.error = "chữ ký CMS phải có đúng một người ký";
        return r;
    }
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
    r.signing_cert_v2 =
        CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) >= 0;
    int idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
    if (idx >= 0) {
        X509_ATTRIBUTE* a = CMS_signed_get_attr(si, idx);
        ASN1_TYPE* v = X509_ATTRIBUTE_get0_type(a, 0);
        if (v && (v->type == V_ASN1_UTCTIME || v->type == V_ASN1_GENERALIZEDTIME)) {
            struct tm tm {};
            if (ASN1_TIME_to_tm(reinterpret_cast<ASN1_TIME*>(v->value.asn1_string), &tm))
                r.signing_time = timegm(&tm);
        }
    }
    X509_ALGOR* dig = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &dig, nullptr);
    if (dig) r.digest = OBJ_nid2sn(OBJ_obj2nid(dig->algorithm));
    STACK_OF(X509)* signers_certs = nullptr;
    {
        // Integrity first, without the chain: does the signature match these bytes?
        BioPtr in(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
        r.intact = CMS_verify(cms.get(), nullptr, nullptr, in.get(), nullptr,
                              CMS_DETACHED | CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
        if (!r.intact) r.error = openssl_error();
        ERR_clear_error();
        signers_certs = CMS_get0_signers(cms.get());
    }
    if (signers_certs && sk_X509_num(signers_certs) > 0)
        r.signer = X509_dup(sk_X509_value(signers_certs, 0));
    sk_X509_free(signers_certs);
    if (!r.signer) {
        // Not resolved by CMS_verify (it failed early): find it among the embedded certificates.
        STACK_OF(X509)* certs = CMS_get1_certs(cms.get());
        for (int i = 0; certs && i < sk_X509_num(certs); ++i)
            if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0)
                r.signer = X509_dup(sk_X509_value(certs, i));
        sk_X509_pop_free(certs, X509_free);
    }
    if (roots && r.signer) {
        STACK_OF(X509)* certs = CMS_get1_certs(cms.get());
        X509_STORE_CTX* ctx = X509_STORE_CTX_new();
        X509_STORE_CTX_init(ctx, roots, r.signer, certs);
        if (r.signing_time) X509_STORE_CTX_set_time(ctx, 0, *r.signing_time);
        r.chain_ok = X509_verify_cert(ctx) == 1;
        if (!r.chain_ok)
            r.chain_error = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx));
        X509_STORE_CTX_free(ctx);
        sk_X509_pop_free(certs, X509_free);
        ERR_clear_error();
    }
    return r;
}

}  // namespace vanban::sign
