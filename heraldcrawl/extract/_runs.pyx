# cython: language_level=3, boundscheck=False, wraparound=False
"""The page's text runs, read in one walk of libxml2's tree: the C path of `generic.Reading`.

`generic._text_runs_py` is the same walk in Python and the reference for this one; the tests run
both on the same pages and compare every run. This one only reads the tree: it follows libxml2's
node pointers and calls no libxml2 function, so it needs lxml's headers to build and nothing of
libxml2's at run time.
"""

cimport lxml.includes.etreepublic as cetree
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.string cimport strcmp, strlen
from lxml.includes cimport tree

cetree.import_lxml__etree()

# libxml2 stops nesting far sooner (256 levels); deeper elements are read as leaves.
DEF MAX_DEPTH = 1024
# Class and id values seen across pages and whether they name chrome (a bounded memo).
DEF IDENT_MEMO = 8192


cdef class Run:
    """One run of text in document order and the element whose content it is."""

    cdef public str text
    cdef public object owner
    cdef public bint link  # inside an `<a>`
    cdef public bint chrome  # inside a navigation or chrome block

    def __repr__(self):
        return f"Run({self.text!r}, {self.owner!r}, link={self.link}, chrome={self.chrome})"


cdef dict _memo = {}


cdef inline bint _is_text(tree.xmlNode* n):
    return n.type == tree.XML_TEXT_NODE or n.type == tree.XML_CDATA_SECTION_NODE


cdef inline bint _chrome_tag(const char* name):
    # generic.CHROME_TAGS
    return (
        strcmp(name, b"nav") == 0
        or strcmp(name, b"footer") == 0
        or strcmp(name, b"aside") == 0
        or strcmp(name, b"form") == 0
        or strcmp(name, b"button") == 0
    )


cdef str _utf8(const tree.xmlChar* s):
    return PyUnicode_DecodeUTF8(<const char*>s, strlen(<const char*>s), "replace")


cdef str _attr_value(tree.xmlAttr* a):
    cdef tree.xmlNode* c = a.children
    if c is not NULL and c.next is NULL:
        return _utf8(c.content) if _is_text(c) and c.content is not NULL else ""
    parts = []
    while c is not NULL:
        if _is_text(c) and c.content is not NULL:
            parts.append(_utf8(c.content))
        c = c.next
    return "".join(parts)


cdef bint _ident_chrome(
    tree.xmlNode* n, object is_chrome, int* seen, int max_idents, bint already
) except -1:
    """Whether a class or id value of the element names chrome. Every value is counted in
    `seen`; only the first `max_idents` of the walk are read, and none once `already`."""
    cdef tree.xmlAttr* a = n.properties
    cdef str value
    cdef bint found = already
    while a is not NULL:
        if a.ns is NULL and (strcmp(<const char*>a.name, b"class") == 0
                             or strcmp(<const char*>a.name, b"id") == 0):
            seen[0] += 1
            if not found and seen[0] <= max_idents:
                value = _attr_value(a)
                if value:
                    value = value[:256]
                    hit = _memo.get(value)
                    if hit is None:
                        hit = bool(is_chrome(value))
                        if len(_memo) < IDENT_MEMO:
                            _memo[value] = hit
                    found = hit
        a = a.next
    return found


def text_runs(cetree._Element top, object is_chrome, int max_texts, int max_chrome_tags,
              int max_idents, bint top_chrome):
    """The non-blank text runs under `top` in document order, as `Run`s.

    A run is inside a link when its element is an `<a>` or inside one; inside chrome when its
    element is in the subtree of a chrome tag (the first `max_chrome_tags` of them) or of an
    element whose class or id value `is_chrome` accepts (the first `max_idents` values), or when
    `top_chrome`. Text of `<script>` elements is skipped; the first `max_texts` text nodes,
    blank or not, are read.
    """
    cdef tree.xmlNode* start = top._c_node
    cdef tree.xmlNode* n = start.children
    cdef tree.xmlNode* parent
    cdef tree.xmlNode* last_owner = NULL
    cdef char link_at[MAX_DEPTH]
    cdef char chrome_at[MAX_DEPTH]
    cdef int depth = 0, texts = 0, chrome_tags = 0, idents = 0
    cdef bint link, chrome
    cdef object owner = None
    cdef str text
    cdef Run run
    cdef list out = []
    link_at[0] = 0
    chrome_at[0] = _ident_chrome(start, is_chrome, &idents, max_idents, top_chrome)
    while n is not NULL:
        if _is_text(n):
            texts += 1
            if texts > max_texts:
                break
            parent = n.parent
            if n.content is not NULL and not (
                parent.type == tree.XML_ELEMENT_NODE
                and strcmp(<const char*>parent.name, b"script") == 0
            ):
                text = PyUnicode_DecodeUTF8(
                    <const char*>n.content, strlen(<const char*>n.content), "replace"
                )
                if text.strip():
                    if parent is not last_owner:
                        owner = cetree.elementFactory(top._doc, parent)
                        last_owner = parent
                    run = Run.__new__(Run)
                    run.text = text
                    run.owner = owner
                    run.link = link_at[depth]
                    run.chrome = chrome_at[depth]
                    out.append(run)
        elif n.type == tree.XML_ELEMENT_NODE and n.name is not NULL:
            link = link_at[depth] or strcmp(<const char*>n.name, b"a") == 0
            chrome = chrome_at[depth]
            if _chrome_tag(<const char*>n.name):
                chrome_tags += 1
                chrome = chrome or chrome_tags <= max_chrome_tags
            chrome = _ident_chrome(n, is_chrome, &idents, max_idents, chrome)
            if n.children is not NULL and depth + 1 < MAX_DEPTH:
                depth += 1
                link_at[depth] = link
                chrome_at[depth] = chrome
                n = n.children
                continue
        while n.next is NULL:
            n = n.parent
            depth -= 1
            if n is NULL or n is start or depth < 0:
                return out
        n = n.next
    return out


cdef inline Py_ssize_t _code_points(const tree.xmlChar* s):
    # libxml2 holds valid UTF-8: every byte that does not continue a character starts one.
    cdef Py_ssize_t n = 0
    while s[0]:
        if (s[0] & 0xC0) != 0x80:
            n += 1
        s += 1
    return n


def text_lengths(cetree._Element el):
    """(len of the element's text as XPath `string()` gives it, len of the part of it inside
    `<a>` elements below the element), counted without building either string."""
    cdef tree.xmlNode* start = el._c_node
    cdef tree.xmlNode* n = start.children
    cdef char link_at[MAX_DEPTH]
    cdef int depth = 0
    cdef Py_ssize_t total = 0, linked = 0, k
    link_at[0] = 0
    while n is not NULL:
        if _is_text(n):
            if n.content is not NULL:
                k = _code_points(n.content)
                total += k
                if link_at[depth]:
                    linked += k
        elif n.type == tree.XML_ELEMENT_NODE and n.children is not NULL:
            if depth + 1 < MAX_DEPTH:
                depth += 1
                link_at[depth] = link_at[depth - 1] or (
                    n.name is not NULL and strcmp(<const char*>n.name, b"a") == 0
                )
                n = n.children
                continue
        while n.next is NULL:
            n = n.parent
            depth -= 1
            if n is NULL or n is start or depth < 0:
                return total, linked
        n = n.next
    return total, linked
