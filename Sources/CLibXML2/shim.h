// libxml2 for Swift. Only the XMLStream module imports this.
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU; its <unicode/ucnv.h> clashes with Foundation's own ICU copy
// ("'UErrorCode' has different definitions in different modules"). Adhere never uses
// libxml2's ICU encoders, so the ICU part of the headers is switched off.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

/// xmlFree is a global function-pointer variable, which Swift 6 refuses to touch; call it here.
static inline void clibxml2_free(void *p) { if (p) xmlFree(p); }
