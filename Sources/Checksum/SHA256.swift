import Crypto

/// SHA-256 (FIPS 180-4), the project's one home for it: the input hash of a calculation (VASP),
/// the fingerprints of collected outputs (Workflow), the model-weights checksum (Engines) and the
/// checksums of the supporting-information manifest (Report). A thin wrapper over swift-crypto
/// that speaks lower-case hex.
public enum SHA256 {
    /// The digest of `bytes` as 64 lower-case hex digits.
    public static func hex(_ bytes: [UInt8]) -> String {
        hexDigits(Crypto.SHA256.hash(data: bytes))
    }

    /// The digest of named texts (a calculation's input files), each fed as its name, a NUL byte,
    /// its text and a NUL byte, in the order given: the one encoding of an input identity.
    public static func hex(namedTexts: [(name: String, text: String)]) -> String {
        var bytes: [UInt8] = []
        for (name, text) in namedTexts { bytes += Array(name.utf8) + [0] + Array(text.utf8) + [0] }
        return hex(bytes)
    }

    /// A digest fed in pieces (a file read in blocks).
    public struct Hasher {
        private var inner = Crypto.SHA256()

        /// An empty hasher.
        public init() {}

        /// Feeds `bytes`.
        public mutating func update(_ bytes: UnsafeRawBufferPointer) { inner.update(bufferPointer: bytes) }

        /// The digest of everything fed, as 64 lower-case hex digits.
        public func finalizeHex() -> String { SHA256.hexDigits(inner.finalize()) }
    }

    static func hexDigits<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xf)])
        }
        return out
    }
}
