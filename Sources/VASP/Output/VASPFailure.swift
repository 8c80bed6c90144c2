/// A failure VASP reports in its standard output (or OUTCAR/OSZICAR, or the job's standard
/// error). The raw value is the stable name other modules key their decisions on (the
/// Workflow module's fix table compares names without case, spaces, `_` or `-`).
public enum VASPFailureKind: String, CaseIterable, Sendable, Codable {
    case brmix, edddav, eddrmm, subspaceMatrix, zbrent, tooFewBands, nbands, brions, posmap
    case realOptlay, rhosyg, pricelv, pricel, nichtKonvergent, zpotrf, zheev, pssyevx, outOfMemory
    case tetrahedron, tripleProduct, inverseRotationMatrix, rotationMatrix, gradientNotOrthogonal
    case symmetryNoise, bravais, pointGroup, kpointsTrans, meshSymmetry, incorrectShift, rspher
    case dentet, amin, hnform, setCoreWF, fexcp, fexcf, eddiag, ibzkpt
}

/// How bad a failure is: VASP stops on an error; a warning may precede one or be harmless.
public enum VASPFailureSeverity: String, Sendable, Codable {
    /// VASP stopped (or the job was killed).
    case fatal
    /// VASP went on, but the message often precedes a failure or a wrong result.
    case warning
}

/// One row of the signature table: what VASP prints for a failure kind.
public struct VASPFailureSignature: Sendable {
    /// The failure kind.
    public let kind: VASPFailureKind
    /// Phrases, any of which identifies the kind. Matched without regard to case, VASP's
    /// box-drawing (`|` borders) and line wraps: text and phrases are both reduced to lower
    /// case with every run of whitespace or `|` made a single space.
    public let phrases: [String]
    /// Fatal or warning.
    public let severity: VASPFailureSeverity
    /// One line for people.
    public let summary: String

    init(_ kind: VASPFailureKind, _ severity: VASPFailureSeverity, _ summary: String, _ phrases: [String]) {
        self.kind = kind
        self.severity = severity
        self.summary = summary
        self.phrases = phrases.map(VASPFailure.normalize)
    }
}

/// The failure messages VASP 4.6–6.x print, and their detection. Signatures only: what to do
/// about each is decided elsewhere (Workflow's fix table).
public enum VASPFailure {
    /// The signature table. Phrases are VASP's own words (the real samples in
    /// ../shared/fixtures/vasp-stdout/ are tested); several established catalogues each miss
    /// some of these, or match only one capitalisation.
    public static let signatures: [VASPFailureSignature] = [
        .init(.brmix, .fatal, "charge-density mixing failed (BRMIX)", ["BRMIX: very serious problems"]),
        .init(.edddav, .fatal, "Davidson diagonalisation failed (EDDDAV/ZHEGV)",
              ["Error EDDDAV: Call to ZHEGV failed", "EDDDAV: Call to ZHEEV failed"]),
        .init(.eddrmm, .warning, "RMM-DIIS diagonalisation failed (EDDRMM/ZHEGV)",
              ["WARNING in EDDRMM: call to ZHEGV failed", "EDDRMM: call to ZHEGV failed"]),
        .init(.subspaceMatrix, .warning, "sub-space matrix not Hermitian in the Davidson step",
              ["Sub-Space-Matrix is not hermitian"]),
        .init(.zbrent, .fatal, "line search of the ionic relaxation failed (ZBRENT)",
              ["ZBRENT: fatal error in bracketing", "ZBRENT: fatal internal in", "ZBRENT: can not reach accuracy",
               "ZBRENT: fatal error: bracketing interval incorrect"]),
        .init(.tooFewBands, .warning, "the highest band is occupied: too few bands",
              ["you have included TOO FEW BANDS"]),
        .init(.nbands, .fatal, "NBANDS cannot hold all electrons",
              ["The number of bands is not sufficient to hold all electrons"]),
        .init(.brions, .fatal, "ionic step problem (BRIONS): POTIM should be increased",
              ["BRIONS problems: POTIM should be increased"]),
        .init(.posmap, .fatal, "symmetry-equivalent atom not found (POSMAP)",
              ["POSMAP internal error: symmetry equivalent atom not found"]),
        .init(.realOptlay, .fatal, "real-space projector set-up failed (REAL_OPTLAY)",
              ["REAL_OPTLAY: internal error", "REAL_OPT: internal ERROR"]),
        .init(.rhosyg, .fatal, "charge symmetrisation failed (RHOSYG)",
              ["RHOSYG internal error", "RHOSYG: internal error"]),
        .init(.pricelv, .fatal, "current and primitive lattice incommensurate (PRICELV)",
              ["PRICELV: current lattice and primitive lattice are incommensurate"]),
        .init(.pricel, .fatal, "primitive cell search failed (PRICEL)", ["internal error in subroutine PRICEL"]),
        .init(.nichtKonvergent, .fatal, "Bessel-function iteration did not converge (SBESSELITER)",
              ["SBESSELITER : nicht konvergent", "nicht konvergent"]),
        .init(.zpotrf, .fatal, "Cholesky decomposition failed (ZPOTRF)",
              ["LAPACK: Routine ZPOTRF failed", "Routine ZPOTRF ZTRTRI failed"]),
        .init(.zheev, .fatal, "eigenvalue routine failed (EDDIAG/ZHEEV)", ["ERROR EDDIAG: Call to routine ZHEEV failed"]),
        .init(.eddiag, .fatal, "sub-space diagonalisation failed (EDDIAG)", ["ERROR in EDDIAG"]),
        .init(.pssyevx, .fatal, "ScaLAPACK sub-space rotation failed (PSSYEVX)", ["ERROR in subspace rotation PSSYEVX"]),
        .init(.outOfMemory, .fatal, "the job ran out of memory",
              ["Cannot allocate memory", "Allocation would exceed memory limit", "oom-kill", "out of memory",
               "out-of-memory", "Exceeded job memory limit", "insufficient virtual memory"]),
        .init(.tetrahedron, .fatal, "tetrahedron method impossible with this k-mesh",
              ["Tetrahedron method fails", "Fatal error detecting k-mesh", "Fatal error: unable to match k-point",
               "Routine TETIRR needs special values", "Tetrahedron method fails (number of k-points < 4)"]),
        .init(.dentet, .warning, "tetrahedron DOS integration problem (DENTET)", ["DENTET"]),
        .init(.tripleProduct, .fatal, "left-handed lattice (triple product of the basis vectors is negative)",
              ["ERROR: the triple product of the basis vectors"]),
        .init(.inverseRotationMatrix, .fatal, "inverse of a rotation matrix not found (symmetry)",
              ["inverse of rotation matrix was not found (increase SYMPREC)"]),
        .init(.rotationMatrix, .fatal, "non-integer rotation matrix (SGRCON)",
              ["Found some non-integer element in rotation matrix"]),
        .init(.gradientNotOrthogonal, .fatal, "wavefunction gradient not orthogonal (EDWAV)",
              ["EDWAV: internal error, the gradient is not orthogonal"]),
        .init(.symmetryNoise, .warning, "symmetry determination is noisy",
              ["determination of the symmetry of your systems shows a strong"]),
        .init(.bravais, .fatal, "inconsistent Bravais lattice", ["Inconsistent Bravais lattice"]),
        .init(.pointGroup, .fatal, "group operation missing (point group)", ["group operation missing"]),
        .init(.kpointsTrans, .fatal, "G-vector count changed in star (GENERATE_KPOINTS_TRANS)",
              ["internal error in GENERATE_KPOINTS_TRANS: number of G-vector changed in star"]),
        .init(.meshSymmetry, .warning, "k-mesh and lattice have different symmetry",
              ["Reciprocal lattice and k-lattice belong to different class of lattices"]),
        .init(.incorrectShift, .fatal, "k-mesh shift cannot be reproduced", ["Could not get correct shifts"]),
        .init(.rspher, .fatal, "real-space projection failed (RSPHER)", ["ERROR RSPHER"]),
        .init(.amin, .warning, "a lattice vector is very long but AMIN is not small",
              ["One of the lattice vectors is very long (>50 A), but AMIN"]),
        .init(.hnform, .fatal, "k-point generation failed (HNFORM)", ["HNFORM: k-point generating"]),
        .init(.setCoreWF, .fatal, "core wavefunction set-up failed (SET_CORE_WF)", ["internal error in SET_CORE_WF"]),
        .init(.fexcp, .fatal, "exchange-correlation table too small (FEXCP)",
              ["ERROR FEXCP: supplied Exchange-correletion table", "ERROR FEXCP: supplied Exchange-correlation table"]),
        .init(.fexcf, .fatal, "exchange-correlation table too small (FEXCF)", ["ERROR FEXCF: supplied exchange-correlation table"]),
        .init(.ibzkpt, .fatal, "k-points of the irreducible zone could not be generated (IBZKPT)",
              ["IBZKPT: not all point group operations", "VERY BAD NEWS! internal error in subroutine IBZKPT"]),
    ]

    /// The failure kinds found in `text`, each once, in the order they first appear.
    public static func detect(in text: String) -> [VASPFailureKind] {
        findings(in: text).map(\.kind)
    }

    /// The signatures found in `text`, each once, in the order they first appear.
    public static func findings(in text: String) -> [VASPFailureSignature] {
        let haystack = normalize(text)
        var found: [(position: String.Index, signature: VASPFailureSignature)] = []
        for signature in signatures {
            let first = signature.phrases.compactMap { haystack.range(of: $0)?.lowerBound }.min()
            if let first { found.append((first, signature)) }
        }
        return found.sorted { $0.position < $1.position }.map(\.signature)
    }

    /// The signature of a kind.
    public static func signature(of kind: VASPFailureKind) -> VASPFailureSignature {
        signatures.first { $0.kind == kind }!
    }

    /// Lower case, with every run of whitespace and `|` (VASP's box borders) made one space, so a
    /// phrase matches across line wraps and banners.
    static func normalize(_ text: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for c in text.utf8 {
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: "|") {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(c >= 0x41 && c <= 0x5A ? c + 32 : c)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
