// libFuzzer target: vasprun.xml bytes (written to a file in /dev/shm: the parser streams from a
// path). Built by Tests/Fuzz/run-libfuzzer.sh (not part of `swift test`).
import Foundation
import VASP

let fuzzPath = "/dev/shm/adhere-libfuzzer-vasprun-\(getpid()).xml"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVasprun(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard FileManager.default.createFile(atPath: fuzzPath, contents: Data(bytes: data, count: size)) else { return 0 }
    if let run = try? Vasprun.parse(path: fuzzPath) {
        let e = run.energies
        for v in [e.freeEnergyEV, e.energySigma0EV, e.energyWithoutEntropyEV, run.maxForceEVPerA] {
            precondition(v?.isFinite ?? true, "non-finite number accepted")
        }
    }
    return 0
}
