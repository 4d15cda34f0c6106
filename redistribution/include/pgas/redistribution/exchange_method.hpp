// How redistribution plans move values between ranks (the policy; the mechanisms are
// redistribution/src/pack.cpp and box_datatype.cpp).
#pragma once

namespace pgas::redistribution {

/// How plans move values between ranks: `packed` copies each message's cells into a scratch
/// buffer and out again on arrival; `datatypes` describes them to MPI as derived datatypes,
/// which MPI moves straight between the local arrays; `automatic` (the default) takes
/// datatypes when the cells come in long contiguous pieces and packs short ones (how that
/// was measured: docs/darray.md). Process-wide. Local; not thread-safe.
enum class ExchangeMethod { automatic, packed, datatypes };
void set_exchange_method(ExchangeMethod method);
ExchangeMethod exchange_method();

}  // namespace pgas::redistribution
