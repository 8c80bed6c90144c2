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
#include <string.h>

/// xmlFree is a global function-pointer variable, which Swift 6 refuses to touch; call it here.
static inline void clibxml2_free(void *p) { if (p) xmlFree(p); }

/// XML_SAX2_MAGIC as an unsigned int (the macro does not import as the field's type).
static inline unsigned int clibxml2_sax2_magic(void) { return XML_SAX2_MAGIC; }

/// A structured-error sink that does nothing: errors are read afterwards from the context's last
/// error, and nothing is printed to standard error.
static inline void clibxml2_ignore_error(void *user, xmlErrorPtr error) { (void)user; (void)error; }

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

/// Push-parses `path` (plain or gzip: zlib reads both) through `sax` with `user` as the
/// callbacks' context, in chunks of `chunk` bytes. No libxml2 or zlib object outlives the call.
static inline clibxml2_parse_result clibxml2_sax_parse_file(const char *path, xmlSAXHandler *sax,
                                                            void *user, int options, int chunk) {
    clibxml2_parse_result r;
    memset(&r, 0, sizeof r);
    gzFile f = gzopen(path, "rb");
    if (f == NULL) return r;
    r.opened = 1;
    gzbuffer(f, 1 << 18);
    sax->serror = clibxml2_ignore_error;
    char *buf = (char *)malloc((size_t)chunk);
    if (buf == NULL) { gzclose(f); r.readError = 1; return r; }
    int n = gzread(f, buf, 4);
    if (n < 0) { free(buf); gzclose(f); r.readError = 1; return r; }
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(sax, user, buf, n, path);
    if (ctxt == NULL) { free(buf); gzclose(f); r.readError = 1; return r; }
    xmlCtxtUseOptions(ctxt, options);
    r.bytesIn = n;
    for (;;) {
        n = gzread(f, buf, (unsigned)chunk);
        if (n < 0) { r.readError = 1; break; }
        r.bytesIn += n;
        int err = xmlParseChunk(ctxt, buf, n, n == 0);
        if (n == 0 || (err != 0 && ctxt->disableSAX)) break;
    }
    if (!r.readError && n > 0) xmlParseChunk(ctxt, NULL, 0, 1);
    r.wellFormed = ctxt->wellFormed;
    xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
    if (e != NULL && e->code != 0) {
        r.errorCode = e->code;
        r.errorLine = e->line;
        if (e->message != NULL) strncpy(r.message, e->message, sizeof r.message - 1);
    }
    xmlFreeParserCtxt(ctxt);
    free(buf);
    gzclose(f);
    return r;
}
