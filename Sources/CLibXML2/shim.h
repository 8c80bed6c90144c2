// libxml2 (and zlib, which libxml2 itself links) for Swift. Only the XMLStream module imports this.
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU; its <unicode/ucnv.h> clashes with Foundation's own ICU copy
// ("'UErrorCode' has different definitions in different modules"). Adhere never uses
// libxml2's ICU encoders, so the ICU part of the headers is switched off.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <zlib.h>
#include <stdlib.h>
#include <string.h>

/// xmlFree is a global function-pointer variable, which Swift 6 refuses to touch; call it here.
static inline void clibxml2_free(void *p) { if (p) xmlFree(p); }

/// XML_SAX2_MAGIC as an unsigned int (the macro does not import as the field's type).
static inline unsigned int clibxml2_sax2_magic(void) { return XML_SAX2_MAGIC; }

/// Callbacks into Swift: an element opens (its depth, name, attributes as libxml2's SAX2 array of
/// 5 pointers each) or closes (with the text captured since `clibxml2_stream_capture`, if asked).
typedef void (*clibxml2_start_fn)(void *user, int depth, const xmlChar *name, int nameLength,
                                  int attributeCount, const xmlChar **attributes);
typedef void (*clibxml2_end_fn)(void *user, int depth, const xmlChar *name, int nameLength,
                                const char *text, long textLength, int hasText);

/// The state of one streaming parse. Depth counting, skipping of whole subtrees and text
/// capture happen here in C, so ignored parts of a file cost no call into Swift.
typedef struct {
    void *user;
    clibxml2_start_fn start;
    clibxml2_end_fn end;
    int depth;          /* depth of the innermost open element (root = 1) */
    int skipDepth;      /* non-zero: events inside the element at this depth are dropped */
    int captureDepth;   /* non-zero: character data is collected until this element closes */
    int outOfMemory;
    char *text;
    long textLength, textCapacity;
    int errorCode;          /* first fatal libxml2 error, 0 if none */
    int errorLine;
    char errorMessage[512];
} clibxml2_stream;

/// Structured-error sink: keeps the first fatal error (nothing is printed) and stops the
/// parser there, so a malformed file is not scanned to its end for nothing.
static inline void clibxml2_on_error(void *user, xmlErrorPtr error) {
    clibxml2_stream *s = (clibxml2_stream *)user;
    if (error == NULL || error->level < XML_ERR_FATAL || s->errorCode != 0) return;
    s->errorCode = error->code != 0 ? error->code : -1;
    s->errorLine = error->line;
    if (error->message != NULL) strncpy(s->errorMessage, error->message, sizeof s->errorMessage - 1);
    if (error->ctxt != NULL) xmlStopParser((xmlParserCtxtPtr)error->ctxt);
}

/// Drop every event inside the element that just opened, and its end event.
static inline void clibxml2_stream_skip(clibxml2_stream *s) { s->skipDepth = s->depth; }

/// Collect the character data of the element that just opened; it is passed with its end event.
static inline void clibxml2_stream_capture(clibxml2_stream *s) { s->captureDepth = s->depth; s->textLength = 0; }

static inline void clibxml2_on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                                     const xmlChar *uri, int nbNamespaces, const xmlChar **namespaces,
                                     int nbAttributes, int nbDefaulted, const xmlChar **attributes) {
    (void)prefix; (void)uri; (void)nbNamespaces; (void)namespaces; (void)nbDefaulted;
    clibxml2_stream *s = (clibxml2_stream *)ctx;
    s->depth++;
    if (s->skipDepth) return;
    s->start(s->user, s->depth, localname, (int)strlen((const char *)localname), nbAttributes, attributes);
}

static inline void clibxml2_on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri) {
    (void)prefix; (void)uri;
    clibxml2_stream *s = (clibxml2_stream *)ctx;
    if (s->skipDepth) {
        if (s->depth == s->skipDepth) s->skipDepth = 0;
        s->depth--;
        return;
    }
    int n = (int)strlen((const char *)localname);
    if (s->captureDepth == s->depth) {
        s->captureDepth = 0;
        s->end(s->user, s->depth, localname, n, s->text ? s->text : "", s->textLength, 1);
    } else {
        s->end(s->user, s->depth, localname, n, NULL, 0, 0);
    }
    s->depth--;
}

static inline void clibxml2_on_characters(void *ctx, const xmlChar *ch, int len) {
    clibxml2_stream *s = (clibxml2_stream *)ctx;
    if (!s->captureDepth || s->skipDepth || len <= 0) return;
    if (s->textLength + len > s->textCapacity) {
        long cap = s->textCapacity ? s->textCapacity : 4096;
        while (cap < s->textLength + len) cap *= 2;
        char *grown = (char *)realloc(s->text, (size_t)cap);
        if (grown == NULL) { s->outOfMemory = 1; return; }
        s->text = grown;
        s->textCapacity = cap;
    }
    memcpy(s->text + s->textLength, ch, (size_t)len);
    s->textLength += len;
}

/// The outcome of one push-parse of a (possibly gzip-compressed) file.
typedef struct {
    int opened;          /* 0: the file could not be opened */
    int readError;       /* non-zero: zlib/read error while reading */
    int wellFormed;      /* libxml2's verdict at the end */
    int errorCode;       /* libxml2 error code of the last error, 0 if none */
    int errorLine;       /* line of the last error */
    long long bytesIn;   /* uncompressed bytes fed to the parser */
    char message[512];   /* libxml2's message of the last error */
} clibxml2_parse_result;

static inline int clibxml2_gz_read(void *context, char *buffer, int length) {
    int n = gzread((gzFile)context, buffer, (unsigned)length);
    return n;  /* -1 on a read or decompression error: libxml2 stops with an I/O error */
}

static inline int clibxml2_gz_close(void *context) { (void)context; return 0; }

/// Parses `path` (plain or gzip: zlib reads both) with libxml2's pull parser and SAX2 callbacks
/// that feed `stream`. No libxml2 or zlib object outlives the call; the stream's text buffer is
/// freed too.
/// With `assumeUTF8`, the declared encoding is ignored and bytes are read as UTF-8: right for any
/// ASCII file whatever it declares (vasprun.xml says ISO-8859-1 but is ASCII in practice) and it
/// saves libxml2's transcoding pass; a byte that is not UTF-8 then stops the parse with
/// XML_ERR_INVALID_CHAR, and the caller parses again without it.
static inline clibxml2_parse_result clibxml2_sax_parse_file(const char *path, clibxml2_stream *stream,
                                                            int options, int bufferBytes, int assumeUTF8) {
    clibxml2_parse_result r;
    memset(&r, 0, sizeof r);
    gzFile f = gzopen(path, "rb");
    if (f == NULL) return r;
    r.opened = 1;
    gzbuffer(f, (unsigned)bufferBytes);
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = clibxml2_on_start;
    sax.endElementNs = clibxml2_on_end;
    sax.characters = clibxml2_on_characters;
    sax.cdataBlock = clibxml2_on_characters;
    sax.serror = clibxml2_on_error;
    xmlParserCtxtPtr ctxt = xmlCreateIOParserCtxt(&sax, stream, clibxml2_gz_read, clibxml2_gz_close, f,
                                                  assumeUTF8 ? XML_CHAR_ENCODING_UTF8 : XML_CHAR_ENCODING_NONE);
    if (ctxt == NULL) { gzclose(f); r.readError = 1; return r; }
    xmlCtxtUseOptions(ctxt, assumeUTF8 ? (options | XML_PARSE_IGNORE_ENC) : options);
    xmlParseDocument(ctxt);
    int errnum = 0;
    gzerror(f, &errnum);
    if (errnum != Z_OK && errnum != Z_BUF_ERROR) r.readError = 1;
    r.bytesIn = (long long)gztell(f);
    r.wellFormed = ctxt->wellFormed && stream->errorCode == 0;
    if (stream->errorCode != 0) {
        r.errorCode = stream->errorCode;
        r.errorLine = stream->errorLine;
        memcpy(r.message, stream->errorMessage, sizeof r.message);
    } else {
        xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
        if (e != NULL && e->code != 0 && e->level >= XML_ERR_ERROR) {
            r.wellFormed = 0;
            r.errorCode = e->code;
            r.errorLine = e->line;
            if (e->message != NULL) strncpy(r.message, e->message, sizeof r.message - 1);
        }
    }
    xmlFreeParserCtxt(ctxt);
    gzclose(f);
    free(stream->text);
    stream->text = NULL;
    stream->textLength = stream->textCapacity = 0;
    return r;
}

/// Reads a (possibly gzip) file and keeps only its last `keep` bytes (all when keep <= 0) in a
/// malloc'd buffer the caller frees with `free`. Returns NULL when the file cannot be opened
/// or read; `*length` gets the byte count, `*total` the uncompressed size.
static inline char *clibxml2_read_tail(const char *path, long keep, long *length, long long *total) {
    gzFile f = gzopen(path, "rb");
    if (f == NULL) return NULL;
    long cap = keep > 0 ? 2 * keep + (1 << 16) : (1 << 20);
    char *buf = (char *)malloc((size_t)cap);
    long len = 0;
    long long seen = 0;
    if (buf == NULL) { gzclose(f); return NULL; }
    for (;;) {
        if (len == cap) {
            if (keep > 0) {
                memmove(buf, buf + len - keep, (size_t)keep);
                len = keep;
            } else {
                char *grown = (char *)realloc(buf, (size_t)cap * 2);
                if (grown == NULL) { free(buf); gzclose(f); return NULL; }
                buf = grown;
                cap *= 2;
            }
        }
        int n = gzread(f, buf + len, (unsigned)(cap - len));
        if (n < 0) { free(buf); gzclose(f); return NULL; }
        if (n == 0) break;
        len += n;
        seen += n;
    }
    gzclose(f);
    if (keep > 0 && len > keep) { memmove(buf, buf + len - keep, (size_t)keep); len = keep; }
    *length = len;
    *total = seen;
    return buf;
}
