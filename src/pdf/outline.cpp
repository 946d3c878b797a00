#include "pdf/outline.hpp"

#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>

#include <memory>
#include <stdexcept>
#include <string>

namespace vanban::pdf {

namespace {

struct Node {
    std::string title;
    int page = 0;
    std::vector<std::unique_ptr<Node>> children;
    QPDFObjectHandle obj;
};

// Visible descendants (every level open): the /Count of an open item.
int count(const Node& n) {
    int c = 0;
    for (const auto& ch : n.children) c += 1 + count(*ch);
    return c;
}

void link(QPDF& pdf, Node& parent, const std::vector<QPDFObjectHandle>& pages) {
    if (parent.children.empty()) return;
    for (auto& ch : parent.children) {
        ch->obj = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
        ch->obj.replaceKey("/Title", QPDFObjectHandle::newUnicodeString(ch->title));
        ch->obj.replaceKey("/Parent", parent.obj);
        // Open the page at its top, fitting its width.
        ch->obj.replaceKey("/Dest",
                           QPDFObjectHandle::newArray({pages[static_cast<std::size_t>(ch->page)],
                                                       QPDFObjectHandle::newName("/FitH"),
                                                       QPDFObjectHandle::newNull()}));
    }
    for (std::size_t i = 0; i < parent.children.size(); ++i) {
        Node& ch = *parent.children[i];
        if (i > 0) ch.obj.replaceKey("/Prev", parent.children[i - 1]->obj);
        if (i + 1 < parent.children.size()) ch.obj.replaceKey("/Next", parent.children[i + 1]->obj);
        link(pdf, ch, pages);
        if (!ch.children.empty()) {
            ch.obj.replaceKey("/First", ch.children.front()->obj);
            ch.obj.replaceKey("/Last", ch.children.back()->obj);
            ch.obj.replaceKey("/Count", QPDFObjectHandle::newInteger(count(ch)));
        }
    }
}

}  // namespace

void add_outline(QPDF& pdf, const std::vector<Bookmark>& entries) {
    if (entries.empty()) return;
    std::vector<QPDFObjectHandle> pages;
    for (auto& p : QPDFPageDocumentHelper(pdf).getAllPages()) pages.push_back(p.getObjectHandle());
    Node root;
    for (const auto& e : entries) {
        if (e.page < 0 || static_cast<std::size_t>(e.page) >= pages.size())
            throw std::runtime_error(
                "mục lục (bookmark) \"" + (e.path.empty() ? std::string() : e.path.back()) +
                "\" trỏ tới trang " + std::to_string(e.page + 1) + " không có trong tệp");
        Node* at = &root;
        for (std::size_t k = 0; k < e.path.size(); ++k) {
            const std::string& title = e.path[k];
            // Only the last child can be extended: entries come in document order. The entry
            // itself is always new (two units may share a name).
            if (k + 1 == e.path.size() || at->children.empty() ||
                at->children.back()->title != title) {
                auto n = std::make_unique<Node>();
                n->title = title;
                n->page = e.page;
                at->children.push_back(std::move(n));
            }
            at = at->children.back().get();
        }
    }
    root.obj = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
    root.obj.replaceKey("/Type", QPDFObjectHandle::newName("/Outlines"));
    link(pdf, root, pages);
    root.obj.replaceKey("/First", root.children.front()->obj);
    root.obj.replaceKey("/Last", root.children.back()->obj);
    root.obj.replaceKey("/Count", QPDFObjectHandle::newInteger(count(root)));
    QPDFObjectHandle catalog = pdf.getRoot();
    catalog.replaceKey("/Outlines", root.obj);
    catalog.replaceKey("/PageMode", QPDFObjectHandle::newName("/UseOutlines"));
}

}  // namespace vanban::pdf
