// libFuzzer target: CIF text. Built by Tests/Fuzz/run-libfuzzer.sh (not part of `swift test`).
import Crystal

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCIF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let c = try? CIF.parse(text, file: "fuzz") {
        precondition(c.structure.count > 0 && c.occupancies.allSatisfy { $0 > 0 && $0 <= 1 })
        precondition((try? CIF.parse(CIF.string(c.structure, occupancies: c.occupancies), file: "rewrite")) != nil, "rewrite refused")
    }
    return 0
}
