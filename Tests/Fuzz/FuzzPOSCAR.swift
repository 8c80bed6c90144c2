// libFuzzer target: POSCAR text. Built by Tests/Fuzz/run-libfuzzer.sh (not part of `swift test`).
import Crystal

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPOSCAR(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let s = try? POSCAR.parse(text, file: "fuzz") {
        // Accepted means valid: finite, bounded, and its own rewrite reads back.
        precondition(s.count > 0 && s.count <= StructureLimits.maxAtoms && s.volumeA3.isFinite)
        precondition((try? POSCAR.parse(POSCAR.string(s), file: "rewrite")) != nil, "rewrite refused")
    }
    return 0
}
