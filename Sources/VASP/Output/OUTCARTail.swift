import Crystal
import Foundation

/// What the end of an OUTCAR says: the last energies, where the run is, whether it finished,
/// and any failure message (see `VASPFailure`).
public struct OUTCARTail: Sendable, Equatable {
    /// Last `free  energy   TOTEN  =` value, eV.
    public var freeEnergyEV: Double?
    /// Last `energy  without entropy=` value, eV.
    public var energyWithoutEntropyEV: Double?
    /// Last `energy(sigma->0) =` value, eV.
    public var energySigma0EV: Double?
    /// Last `Iteration  N(  M)` header: ionic step N, SCF iteration M.
    public var ionicStep: Int?
    /// SCF iteration of that header.
    public var scfIteration: Int?
    /// True when VASP printed its closing timing block (`General timing and accounting`).
    public var finished: Bool
    /// True when a relaxation printed `reached required accuracy`.
    public var reachedRequiredAccuracy: Bool
    /// `Elapsed time (sec):` when finished.
    public var elapsedSeconds: Double?
    /// Failure kinds in the tail, in order of appearance.
    public var failures: [VASPFailureKind]

    /// Reads the last `lastBytes` of an OUTCAR (plain or .gz).
    public static func read(path: String, lastBytes: Int = 262_144) throws(VasprunError) -> OUTCARTail {
        OUTCARTail(text: try TailText.read(path: path, lastBytes: lastBytes))
    }

    /// Parses OUTCAR text (a tail or the whole file).
    public init(text: String) {
        finished = false
        reachedRequiredAccuracy = false
        failures = VASPFailure.detect(in: text)
        for line in text.split(separator: "\n") {
            if line.contains("TOTEN"), let v = Self.number(after: "=", in: line) {
                freeEnergyEV = v
            } else if line.contains("energy(sigma->0)") {
                if let range = line.range(of: "energy(sigma->0)") {
                    energySigma0EV = Self.number(after: "=", in: line[range.upperBound...])
                    energyWithoutEntropyEV = Self.number(after: "=", in: line[line.startIndex..<range.lowerBound])
                }
            } else if line.contains("Iteration"), let open = line.firstIndex(of: "("), let close = line.firstIndex(of: ")") {
                let head = line[line.startIndex..<open].split(separator: " ")
                if let n = head.last.flatMap({ Int($0) }), let m = Int(line[line.index(after: open)..<close].trimmingCharacters(in: .whitespaces)) {
                    ionicStep = n
                    scfIteration = m
                }
            } else if line.contains("General timing and accounting") {
                finished = true
            } else if line.contains("reached required accuracy") {
                reachedRequiredAccuracy = true
            } else if line.contains("Elapsed time (sec):") {
                elapsedSeconds = Self.number(after: ":", in: line)
            }
        }
    }

    static func number(after separator: Character, in line: Substring) -> Double? {
        guard let i = line.lastIndex(of: separator) else { return nil }
        let token = line[line.index(after: i)...].split(separator: " ").first
        return token.flatMap { FortranNumber.double($0) }
    }
}
