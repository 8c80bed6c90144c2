// libFuzzer target: extended XYZ text. Built by Tests/Fuzz/run-libfuzzer.sh (not part of `swift test`).
import Crystal

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExtendedXYZ(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let s = try? ExtendedXYZ.parse(text, file: "fuzz") {
        precondition(s.count > 0 && s.volumeA3.isFinite)
        precondition((try? ExtendedXYZ.parse(ExtendedXYZ.string(s), file: "rewrite")) != nil, "rewrite refused")
    }
    return 0
}
