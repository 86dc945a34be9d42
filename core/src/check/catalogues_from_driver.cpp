// The wasm package's side of embedded_catalogue(): nothing is embedded. The
// package ships core/messages/*.json as files beside the module and its
// driver hands over the language a check needs (add_catalogue), so a browser
// downloads one language instead of carrying both in the module (the two are
// 11.5 KB gzip). Chosen per executable in core/src/check/CMakeLists.txt.
#include "check/messages_embedded.h"

namespace daneel::check {

std::string_view embedded_catalogue(std::string_view /*lang*/) { return {}; }

}  // namespace daneel::check
