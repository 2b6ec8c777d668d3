# cython: language_level=3, boundscheck=False, wraparound=False
"""The page's text runs, read in one walk of libxml2's tree: the C path of `generic.Reading`.

`generic._text_runs_py` is the same walk in Python and the reference for this one; the tests run
both on the same pages and compare every run. This one only reads the tree: it follows libxml2's
node pointers and calls no libxml2 function, so it needs lxml's headers to build and nothing of
libxml2's at run time. The answers for class and id values come in a dict (see
`generic._text_runs_c`), so no callback can change the tree under the walk; making an owner's
proxy runs a parser's custom element class, so trees of parsers with custom element classes
must not be given to it (the extractor's parser has none). Known differences from the
reference, all on trees no HTML parse gives: entity reference nodes (XML trees) are not read,
and negative caps read nothing.
"""

cimport lxml.includes.etreepublic as cetree
from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.string cimport strcmp, strlen
from lxml.includes cimport tree

cetree.import_lxml__etree()

# The interface `generic._RUNS_ABI` expects: raise both with any change of a signature here.
ABI = 7

# Flags of the elements on the path from `top` down to the current node.
DEF LINK = 1
DEF CHROME = 2


cdef class Run:
    """One run of text in document order and the element whose content it is."""

    cdef public str text
    cdef public object owner
    cdef public bint link  # inside an `<a>`
    cdef public bint chrome  # inside a navigation or chrome block

    def __repr__(self):
        return f"Run({self.text!r}, {self.owner!r}, link={self.link}, chrome={self.chrome})"


cdef inline bint _is_text(tree.xmlNode* n):
    return n.type == tree.XML_TEXT_NODE or n.type == tree.XML_CDATA_SECTION_NODE


cdef inline bint _named(tree.xmlNode* n, const char* name):
    # An HTML element of that name: un-namespaced, as `.//a` and `el.tag == "a"` match.
    # The first letters differ for most pairs: compared before the call.
    return n.ns is NULL and n.name[0] == name[0] and strcmp(<const char*>n.name, name) == 0


cdef inline bint _chrome_tag(tree.xmlNode* n):
    # generic.CHROME_TAGS
    return (
        _named(n, b"nav")
        or _named(n, b"footer")
        or _named(n, b"aside")
        or _named(n, b"form")
        or _named(n, b"button")
    )


cdef inline bint _is_tail(tree.xmlNode* n):
    # lxml's reading: text after an element, comment, PI or entity is that node's tail.
    cdef tree.xmlNode* p = n.prev
    while p is not NULL:
        if (p.type == tree.XML_ELEMENT_NODE or p.type == tree.XML_COMMENT_NODE
                or p.type == tree.XML_PI_NODE or p.type == tree.XML_ENTITY_REF_NODE):
            return True
        p = p.prev
    return False


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
    tree.xmlNode* n, dict known, set missing, Py_ssize_t* seen, Py_ssize_t max_idents,
    bint already,
) except -1:
    """Whether a class or id value of the element is chrome by `known`; values `known` lacks go
    to `missing`. Every value is counted in `seen`; only the first `max_idents` of the walk are
    read, and none once `already`."""
    cdef tree.xmlAttr* a = n.properties
    cdef str value
    cdef bint found = already
    while a is not NULL:
        if a.ns is NULL and (
            (a.name[0] == 99 and strcmp(<const char*>a.name, b"class") == 0)  # 'c'
            or (a.name[0] == 105 and strcmp(<const char*>a.name, b"id") == 0)  # 'i'
        ):
            seen[0] += 1
            if not found and seen[0] <= max_idents:
                value = _attr_value(a)
                if value:
                    value = value[:256]
                    hit = known.get(value)
                    if hit is None:
                        missing.add(value)
                    elif hit:
                        found = True
        a = a.next
    return found


cdef char* _room(char* stack, Py_ssize_t* cap, Py_ssize_t depth) except NULL:
    """The flag stack with room for one level below `depth` (grown, and maybe moved)."""
    cdef char* grown
    if depth + 1 < cap[0]:
        return stack
    grown = <char*>PyMem_Realloc(stack, 2 * cap[0])
    if grown is NULL:
        raise MemoryError()
    cap[0] *= 2
    return grown


cdef inline tree.xmlNode* _after(tree.xmlNode* n, tree.xmlNode* start, Py_ssize_t* depth):
    """The node after `n`'s subtree in a walk of `start`'s, climbing as needed (NULL: done)."""
    while n.next is NULL:
        n = n.parent
        depth[0] -= 1
        if n is NULL or n is start or depth[0] < 0:
            return NULL
    return n.next


cdef tree.xmlNode* _node(cetree._Element el) except NULL:
    if el._c_node is NULL:
        raise ValueError("an element proxy with no node")
    if el._c_node.type != tree.XML_ELEMENT_NODE:
        raise ValueError(f"not an element: {el!r}")
    return el._c_node


def text_runs(cetree._Element top not None, dict known not None, Py_ssize_t max_texts,
              Py_ssize_t max_chrome_tags, Py_ssize_t max_idents, bint top_chrome):
    """(runs, missing): the non-blank text runs under `top` in document order, as `Run`s, and
    the class and id values whose answer `known` lacks (read as not chrome; ask, then walk
    again). No callback runs during the walk.

    A run is inside a link when its element is an `<a>` or inside one; inside chrome when its
    element is in the subtree of a chrome tag (the first `max_chrome_tags` of them) or of an
    element whose class or id value `known` calls chrome (the first `max_idents` values), or
    when `top_chrome`. Text of `<script>` elements is skipped; the first `max_texts` text
    nodes, blank or not, are read.
    """
    cdef tree.xmlNode* start = _node(top)
    cdef tree.xmlNode* n = start.children
    cdef tree.xmlNode* parent
    cdef tree.xmlNode* last_owner = NULL
    cdef Py_ssize_t cap = 256, depth = 0, texts = 0, chrome_tags = 0, idents = 0
    cdef char* flags = <char*>PyMem_Malloc(cap)
    cdef char f
    cdef object owner = None
    cdef str text
    cdef Run run
    cdef list out = []
    cdef set missing = set()
    if flags is NULL:
        raise MemoryError()
    try:
        flags[0] = CHROME if _ident_chrome(
            start, known, missing, &idents, max_idents, top_chrome
        ) else 0
        while n is not NULL:
            if _is_text(n):
                texts += 1
                if texts > max_texts:
                    break
                parent = n.parent
                if n.content is not NULL and not (
                    parent.type == tree.XML_ELEMENT_NODE
                    and _named(parent, b"script")
                    and not _is_tail(n)
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
                        run.link = flags[depth] & LINK
                        run.chrome = flags[depth] & CHROME
                        out.append(run)
            elif n.type == tree.XML_ELEMENT_NODE and n.name is not NULL:
                f = flags[depth]
                if _named(n, b"a"):
                    f |= LINK
                if _chrome_tag(n):
                    chrome_tags += 1
                    if chrome_tags <= max_chrome_tags:
                        f |= CHROME
                if _ident_chrome(n, known, missing, &idents, max_idents, f & CHROME):
                    f |= CHROME
                if n.children is not NULL:
                    flags = _room(flags, &cap, depth)
                    depth += 1
                    flags[depth] = f
                    n = n.children
                    continue
            n = _after(n, start, &depth)
        return out, missing
    finally:
        PyMem_Free(flags)


cdef inline Py_ssize_t _code_points(const tree.xmlChar* s):
    # libxml2 holds valid UTF-8: every byte that does not continue a character starts one.
    cdef Py_ssize_t n = 0
    while s[0]:
        if (s[0] & 0xC0) != 0x80:
            n += 1
        s += 1
    return n


def text_lengths(cetree._Element el not None):
    """(len of the element's text as XPath `string()` gives it, len of the part of it inside
    `<a>` elements below the element), counted without building either string."""
    cdef tree.xmlNode* start = _node(el)
    cdef tree.xmlNode* n = start.children
    cdef Py_ssize_t cap = 256, depth = 0, total = 0, linked = 0, k
    cdef char* link_at = <char*>PyMem_Malloc(cap)
    if link_at is NULL:
        raise MemoryError()
    try:
        link_at[0] = 0
        while n is not NULL:
            if _is_text(n):
                if n.content is not NULL:
                    k = _code_points(n.content)
                    total += k
                    if link_at[depth]:
                        linked += k
            elif n.type == tree.XML_ELEMENT_NODE and n.children is not NULL:
                link_at = _room(link_at, &cap, depth)
                depth += 1
                link_at[depth] = link_at[depth - 1] or (n.name is not NULL and _named(n, b"a"))
                n = n.children
                continue
            n = _after(n, start, &depth)
        return total, linked
    finally:
        PyMem_Free(link_at)


cdef extern from "string.h":
    # glibc's memmem (declared with _GNU_SOURCE, which Python.h sets): several times faster
    # than `in` on bytes, which page-sized tests need many times a page.
    void* memmem(const void* haystack, size_t hlen, const void* needle, size_t nlen)
    void* memchr(const void* s, int c, size_t n)


def holds(bytes haystack not None, bytes needle not None):
    """`needle in haystack`."""
    return memmem(
        <const char*>haystack, len(haystack), <const char*>needle, len(needle)
    ) is not NULL


cdef inline unsigned char _lower(unsigned char c):
    return c + 32 if 65 <= c <= 90 else c


def script_tag_reference(bytes body not None):
    """Whether a `<script` start tag (any case) holds a `&` within 300 bytes before any `>`:
    `re.search(rb"<script[^>]{0,300}?&", body, re.IGNORECASE) is not None`."""
    cdef const unsigned char* s = <const unsigned char*>body
    cdef Py_ssize_t n = len(body), i = 0, k, end
    cdef const unsigned char* hit
    cdef unsigned char c
    while i + 7 <= n:
        hit = <const unsigned char*>memchr(s + i, 60, n - i)  # '<'
        if hit is NULL:
            return False
        i = hit - s
        if i + 7 <= n and (_lower(s[i + 1]) == 115 and _lower(s[i + 2]) == 99
                           and _lower(s[i + 3]) == 114 and _lower(s[i + 4]) == 105
                           and _lower(s[i + 5]) == 112 and _lower(s[i + 6]) == 116):
            end = min(n, i + 7 + 301)
            for k in range(i + 7, end):
                c = s[k]
                if c == 38:  # '&'
                    return True
                if c == 62:  # '>'
                    break
        i += 1
    return False


def plain_runs(list runs not None):
    """(runs, indexes): the runs that are neither link text nor chrome, and their places in
    `runs`. Most runs of a page are menus and lists; the finders that read only running text
    skip them here rather than one by one in Python."""
    cdef list out = [], at = []
    cdef Py_ssize_t i
    cdef Run run
    for i in range(len(runs)):
        run = <Run?>runs[i]
        if not run.link and not run.chrome:
            out.append(run)
            at.append(i)
    return out, at


cdef extern from "string.h":
    int memcmp(const void* a, const void* b, size_t n)


DEF MAX_NEEDLES = 64


def holds_each(bytes haystack not None, tuple needles not None, tuple anchors not None):
    """`tuple(needle in haystack for needle in needles)`, in one memchr pass for each distinct
    anchor byte instead of a pass for each needle: `anchors[i]` is the offset in needle i of
    a byte that is rare in pages, which the pass looks for before comparing the needle. At
    most 64 needles."""
    cdef Py_ssize_t n = len(needles), hlen = len(haystack), i, j, start, pos, left
    cdef const char* s = <const char*>haystack
    cdef const char* hit
    cdef const char* ptr[MAX_NEEDLES]
    cdef Py_ssize_t size[MAX_NEEDLES]
    cdef Py_ssize_t at[MAX_NEEDLES]
    cdef unsigned char key[MAX_NEEDLES]
    cdef char found[MAX_NEEDLES]
    cdef char done[MAX_NEEDLES]
    cdef unsigned char b
    cdef bytes needle
    if n > MAX_NEEDLES:
        raise ValueError(f"at most {MAX_NEEDLES} needles")
    if len(anchors) != n:
        raise ValueError("one anchor a needle")
    for i in range(n):
        needle = <bytes?>needles[i]
        ptr[i] = <const char*>needle  # the tuple keeps the bytes alive
        size[i] = len(needle)
        at[i] = anchors[i]
        found[i] = done[i] = size[i] == 0
        if size[i] and not 0 <= at[i] < size[i]:
            raise ValueError(f"anchor {at[i]} is outside needle {needle!r}")
        key[i] = <unsigned char>ptr[i][at[i]] if size[i] else 0
    for i in range(n):
        if done[i]:
            continue
        b = key[i]
        # Every needle anchored on this byte is looked for in the same pass.
        left = 0
        for j in range(i, n):
            if not done[j] and key[j] == b:
                left += 1
        pos = 0
        while left and pos < hlen:
            hit = <const char*>memchr(s + pos, b, hlen - pos)
            if hit is NULL:
                break
            pos = hit - s
            for j in range(i, n):
                if done[j] or key[j] != b:
                    continue
                start = pos - at[j]
                if start >= 0 and start + size[j] <= hlen and memcmp(
                    s + start, ptr[j], size[j]
                ) == 0:
                    found[j] = done[j] = 1
                    left -= 1
            pos += 1
        for j in range(i, n):  # this byte's needles not found in the whole pass are absent
            if key[j] == b:
                done[j] = 1
    return tuple([bool(found[i]) for i in range(n)])


DEF MAX_NAMES = 8


def has_descendant(cetree._Element el not None, tuple names not None, bint self_too):
    """Whether an element below `el` (or `el` itself, with `self_too`) is named one of `names`
    (bytes, un-namespaced HTML names): `next(el.iter(*names), None) is not None`, or with
    `iterdescendants` when not `self_too`, without making an iterator or a proxy."""
    cdef tree.xmlNode* start = _node(el)
    cdef tree.xmlNode* n
    cdef const char* wanted[MAX_NAMES]
    cdef Py_ssize_t count = len(names), i, depth = 0
    if count > MAX_NAMES:
        raise ValueError(f"at most {MAX_NAMES} names")
    cdef bytes name
    for i in range(count):
        name = <bytes?>names[i]
        wanted[i] = <const char*>name  # the tuple keeps the bytes alive
    if self_too:
        for i in range(count):
            if _named(start, wanted[i]):
                return True
    n = start.children
    while n is not NULL:
        if n.type == tree.XML_ELEMENT_NODE and n.name is not NULL:
            for i in range(count):
                if _named(n, wanted[i]):
                    return True
            if n.children is not NULL:
                depth += 1
                n = n.children
                continue
        n = _after(n, start, &depth)
    return False
