import Adhesion
import Archive
import Crystal
import Foundation

/// The computational-details paragraph of a paper, written from what the archive records for
/// the calculations the reported numbers use (each interface's three and σ's slabs) — never
/// from a profile. Every number carries its unit. Settings shared by all those calculations go
/// into the paragraph; settings that differ between interfaces go into a short list after it;
/// what a methods section needs but the archive does not record is listed as such.
public struct MethodsSection: Sendable {
    /// The calculations used, in the order the report meets them.
    public let used: [CalculationFacts]
    /// The paragraph's sentences (plain Unicode text, rendered to Markdown or LaTeX).
    public let sentences: [String]
    /// What differs between interfaces: one entry per interface.
    public let differences: [Difference]

    /// One interface's line in the list of differences.
    public struct Difference: Equatable, Sendable {
        /// "Li(001) | LiF(001)".
        public var interface: String
        /// The supercells as papers write them.
        public var filmSupercell: SupercellNotation?
        public var substrateSupercell: SupercellNotation?
        /// Atoms, area, strain, k-mesh, thicknesses, vacuum and any INCAR tag that differs.
        public var details: [String]

        /// The line in plain text (Markdown).
        public var text: String {
            var parts: [String] = []
            if let f = filmSupercell, let s = substrateSupercell { parts.append("supercells \(f.text) (film) on \(s.text) (substrate)") }
            return interface + ": " + (parts + details).joined(separator: "; ")
        }

        /// The line in LaTeX, supercells typeset.
        public var tex: String {
            var out = LaTeX.text(interface) + ": "
            if let f = filmSupercell, let s = substrateSupercell {
                out += "supercells " + LaTeX.supercell(f) + " (film) on " + LaTeX.supercell(s) + " (substrate); "
            }
            return out + MethodsSection.texSentence(details.joined(separator: "; "))
        }
    }
    /// What a methods section needs and the archive does not record.
    public let notRecorded: [String]
    /// True when any number comes from the stand-in.
    public let isStandIn: Bool

    /// Writes the section for a study archive.
    public init(_ archive: StudyArchive) {
        let usedCalcs = archive.usedCalculations
        used = usedCalcs.map(CalculationFacts.init)
        isStandIn = usedCalcs.contains { $0.isStandIn } || archive.interfaces.contains { $0.isStandIn }
        var s: [String] = []
        var notes: [String] = []
        let models = usedCalcs.map(CalculationModel.init)
        let facts = used

        /// The one value all used calculations share, or nil when they differ or none records it.
        func common(_ tag: String, among list: [CalculationFacts] = facts) -> String? {
            let values = Set(list.map { $0.incar[tag] ?? "" })
            guard values.count == 1, let v = values.first, !v.isEmpty else { return nil }
            return v
        }
        let relaxing = facts.filter { ($0.number("NSW") ?? 0) > 0 && ($0.number("IBRION") ?? -1) >= 0 }

        // Engine and model.
        let engines = ReportFormatting.distinct(models.map(\.engine))
        let functionals = ReportFormatting.distinct(models.map(\.functional))
        var first = "Total energies were computed with \(engines.joined(separator: " and "))"
        first += " using the \(functionals.joined(separator: " / ")) exchange–correlation functional"
        let datasets = ReportFormatting.distinct(usedCalcs.flatMap(\.potcars).map(Self.datasetName))
        if models.allSatisfy({ $0.pseudopotentials == "PAW" }), !datasets.isEmpty {
            first += " with projector augmented-wave (PAW) datasets (\(datasets.joined(separator: ", ")))"
        } else if !datasets.isEmpty {
            first += " with the potentials \(datasets.joined(separator: ", "))"
        }
        let dispersions = ReportFormatting.distinct(models.map { $0.dispersion ?? "none" })
        if dispersions == ["none"] {
            first += " and no dispersion correction"
        } else {
            first += " and the dispersion correction \(dispersions.joined(separator: " / "))"
        }
        s.append(first + ".")

        // Basis, electronic and ionic convergence.
        var basis: [String] = []
        if let encut = common("ENCUT").flatMap(Double.init) { basis.append("a plane-wave cutoff of \(Self.number(encut)) eV (ENCUT)") }
        if let ediff = common("EDIFF").flatMap(Double.init) { basis.append("electronic steps converged to \(Self.scientific(ediff)) eV (EDIFF)") }
        if let prec = common("PREC") { basis.append("PREC = \(prec)") }
        if !basis.isEmpty { s.append("We used " + Self.list(basis) + ".") }
        if !relaxing.isEmpty {
            var ionic = "Atomic positions were relaxed"
            if let ibrion = common("IBRION", among: relaxing).flatMap(Int.init) { ionic += " with \(Self.algorithm(ibrion)) (IBRION = \(ibrion))" }
            if let ediffg = common("EDIFFG", among: relaxing).flatMap(Double.init) {
                ionic += ediffg < 0 ? " until every force was below \(Self.number(-ediffg)) eV/Å (EDIFFG = \(Self.number(ediffg)) eV/Å)"
                    : " until the energy changed by less than \(Self.scientific(ediffg)) eV between ionic steps (EDIFFG)"
            }
            if let isif = common("ISIF", among: relaxing) { ionic += isif == "2" ? ", keeping the cell fixed (ISIF = 2)" : " (ISIF = \(isif))" }
            s.append(ionic + ".")
        }
        if let ismear = common("ISMEAR").flatMap(Int.init) {
            var smear = "Occupations used \(Self.smearing(ismear)) (ISMEAR = \(ismear))"
            if let sigma = common("SIGMA").flatMap(Double.init) { smear += " with a width of \(Self.number(sigma)) eV (SIGMA)" }
            s.append(smear + ".")
        }
        if let ispin = common("ISPIN") { s.append(ispin == "1" ? "Calculations were spin-restricted (ISPIN = 1)." : "Calculations were spin-polarised (ISPIN = \(ispin)).") }

        // k-points.
        let spacings = facts.compactMap(\.kpointSpacingPerA)
        let meshes = ReportFormatting.distinct(facts.compactMap { $0.kpointMesh.map { $0.map(String.init).joined(separator: "×") } })
        if let maxSpacing = spacings.max(), !meshes.isEmpty {
            s.append("The Brillouin zone was sampled with k-point meshes of \(meshes.joined(separator: ", ")) "
                + "(at most \(Self.number(maxSpacing, 3)) Å⁻¹ between k-points in the periodic directions, 2π included).")
        }

        // Slabs: thickness, vacuum, dipole.
        let slabs = facts.filter { $0.slabThicknessA != nil }
        if let minVacuum = slabs.compactMap(\.vacuumA).min() {
            s.append("Slabs and interfaces were separated from their periodic images by at least \(Self.number(minVacuum, 1)) Å of vacuum.")
        }
        let dipoleCalcs = facts.filter { $0.flag("LDIPOL") }
        if !dipoleCalcs.isEmpty {
            let axes = ReportFormatting.distinct(dipoleCalcs.map { $0.incar["IDIPOL"] ?? "?" })
            let roles = ReportFormatting.distinct(dipoleCalcs.map(\.role))
            let all = dipoleCalcs.count == facts.count
            s.append("A dipole correction (LDIPOL = .TRUE., IDIPOL = \(axes.joined(separator: "/"))) was applied to "
                + (all ? "every calculation" : "the \(Self.list(roles.map(Self.rolePlural))) calculations") + ".")
        }

        // Energies, σ, W_ad and θ.
        let kinds = ReportFormatting.distinct(archive.interfaces.map { $0.analysis.energyKind.rawValue })
        if let kind = kinds.first.flatMap(EnergyKind.init(rawValue:)), kinds.count == 1 {
            s.append("Energies are \(Self.energyWords(kind)).")
        }
        var sigmaSeen = Set<String>()
        for i in archive.interfaces {
            let sigma = i.analysis.surfaceEnergy
            guard sigmaSeen.insert("\(sigma.jPerM2)").inserted else { continue }
            s.append(Self.sigmaSentence(sigma, film: i.filmLabel, slabs: archive.surfaceEnergySlabs(of: i).map(CalculationFacts.init)))
        }
        if !archive.interfaces.isEmpty {
            s.append("The work of adhesion is W_ad = (E_film + E_substrate − E_interface)/S, with the film and substrate "
                + "references computed alone in the interface's cell, and the contact angle θ follows from Young–Dupré, "
                + "W_ad = σ(1 + cos θ) (θ = 0 when W_ad ≥ 2σ).")
        }
        sentences = s

        // Differences between interfaces: geometry always; INCAR tags whose values differ from one interface to another.
        var diff: [Difference] = []
        let sharedTags = ["ENCUT", "EDIFF", "EDIFFG", "IBRION", "ISIF", "ISMEAR", "SIGMA", "PREC", "GGA", "IVDW", "ISPIN", "LDIPOL", "IDIPOL"]
        let perInterface = archive.interfaces.map { archive.calculations(of: $0).map(CalculationFacts.init) }
        let varying = sharedTags.filter { tag in
            Set(perInterface.map { three in ReportFormatting.distinct(three.map { $0.incar[tag] ?? "unset" }).joined(separator: "/") }).count > 1
        }
        let rows = archive.rows()
        for (i, three) in zip(archive.interfaces, perInterface) {
            var parts: [String] = []
            parts.append("\(i.atomCount) atoms, S = \(Self.number(i.interfaceAreaA2, 2)) Å², film strain \(Self.number(i.strainPercent, 2)) %")
            let meshes = ReportFormatting.distinct(three.compactMap { $0.kpointMesh.map { $0.map(String.init).joined(separator: "×") } })
            if !meshes.isEmpty { parts.append("k-mesh \(meshes.joined(separator: "/"))") }
            for f in three where f.role == "film" || f.role == "substrate" {
                if let t = f.slabThicknessA { parts.append("\(f.role) slab \(Self.number(t, 1)) Å thick") }
            }
            if let v = three.compactMap(\.vacuumA).min() { parts.append("vacuum \(Self.number(v, 1)) Å") }
            for tag in varying {
                parts.append("\(tag) = \(ReportFormatting.distinct(three.map { $0.incar[tag] ?? "unset" }).joined(separator: "/"))")
            }
            let row = rows.first { $0.interface == i.name }
            diff.append(Difference(interface: "\(i.filmLabel) | \(i.substrateLabel)", filmSupercell: row?.filmSupercellNotation,
                                   substrateSupercell: row?.substrateSupercellNotation, details: parts))
        }
        differences = diff

        notes.append("fixed atoms (selective dynamics): the archive keeps final positions, not which atoms were held fixed")
        notes.append("k-point grid type (Γ-centred or Monkhorst–Pack): only the divisions are recorded")
        if models.contains(where: { $0.engine.contains("not recorded") }) { notes.append("the engine's version for some calculations") }
        notRecorded = notes
    }

    // MARK: - Rendering

    /// Markdown: a heading, the paragraph, the differences and what is not recorded.
    public func markdown() -> String {
        var lines: [String] = []
        if isStandIn { lines += ["> **Warning: \(ReportFormatting.standInBanner).**", ""] }
        lines += ["## Computational details", "", sentences.joined(separator: " "), ""]
        if !differences.isEmpty {
            lines += ["What differs between interfaces:", ""] + differences.map { "- " + $0.text } + [""]
        }
        lines += ["Not recorded in the archive (state them yourself): " + notRecorded.joined(separator: "; ") + "."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// LaTeX: compiles in a plain article with pdflatex and no package.
    public func tex() -> String {
        var lines: [String] = []
        if isStandIn { lines.append("% WARNING: \(ReportFormatting.standInBanner)") }
        lines += ["% Written by Adhere (adhere report --methods --format tex) from archive.h5.", "\\section*{Computational details}"]
        if isStandIn { lines.append("\\textbf{Warning: \(LaTeX.plain(ReportFormatting.standInBanner)).}") }
        // Tags like "(LDIPOL = .TRUE., IDIPOL = 3)" do not hyphenate: a little emergency stretch
        // lets TeX break the paragraph without an overfull line.
        lines.append("\\begingroup\\setlength{\\emergencystretch}{3em}")
        lines.append(sentences.map(Self.texSentence).joined(separator: "\n"))
        lines.append("")
        if !differences.isEmpty {
            lines.append("What differs between interfaces:")
            lines.append("\\begin{itemize}")
            lines += differences.map { "\\item[--] " + $0.tex }
            lines.append("\\end{itemize}")
        }
        lines.append("\\endgroup")
        lines.append("% Not recorded in the archive (state them yourself): " + notRecorded.joined(separator: "; ") + ".")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A sentence in LaTeX: W_ad, E_film, … as math subscripts; chemical formulas after a
    /// "|" or at the start of a list item get subscripts.
    static func texSentence(_ text: String) -> String {
        var t = text
        let symbols = [("W_ad", "$W_\\mathrm{ad}$"), ("E_film", "$E_\\mathrm{film}$"), ("E_substrate", "$E_\\mathrm{substrate}$"),
                       ("E_interface", "$E_\\mathrm{interface}$"), ("E_slab", "$E_\\mathrm{slab}$"), ("E_bulk", "$E_\\mathrm{bulk}$")]
        var placeholders: [(String, String)] = []
        for (k, (plain, tex)) in symbols.enumerated() {
            let mark = "@@\(k)@@"
            t = t.replacingOccurrences(of: plain, with: mark)
            placeholders.append((mark, tex))
        }
        var out = LaTeX.plain(t)
        for (mark, tex) in placeholders { out = out.replacingOccurrences(of: mark, with: tex) }
        return out
    }

    // MARK: - Wording

    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }

    /// "450", "0.1", "0.03": the shortest text that reads back to the value (up to 6 decimals).
    static func number(_ value: Double, _ decimals: Int? = nil) -> String {
        guard value.isFinite else { return ReportFormatting.missing }
        if let decimals { return minus(ReportFormatting.fixed(value, decimals)) }
        for d in 0...6 {
            let text = ReportFormatting.fixed(value, d)
            if let back = Double(text), abs(back - value) <= 1e-12 * max(1, abs(value)) { return minus(text) }
        }
        return minus(String(value))
    }

    /// A typographic minus sign in place of the hyphen.
    static func minus(_ text: String) -> String {
        text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }

    /// "10⁻⁵" or "2 × 10⁻⁶" (Unicode superscripts, turned into LaTeX by the renderer).
    static func scientific(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return number(value) }
        let exponent = Int(log10(value).rounded(.down))
        let mantissa = value / pow(10, Double(exponent))
        let superscripts: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        let power = "10" + String(String(exponent).map { superscripts[$0] ?? $0 })
        if abs(exponent) < 3 { return number(value) }
        return abs(mantissa - 1) < 1e-9 ? power : "\(number(mantissa)) × " + power
    }

    static func algorithm(_ ibrion: Int) -> String {
        switch ibrion {
        case 1: return "a quasi-Newton (RMM-DIIS) algorithm"
        case 2: return "the conjugate-gradient algorithm"
        case 3: return "damped molecular dynamics"
        default: return "IBRION = \(ibrion)"
        }
    }

    static func smearing(_ ismear: Int) -> String {
        switch ismear {
        case -5: return "the tetrahedron method with Blöchl corrections"
        case -1: return "Fermi–Dirac smearing"
        case 0: return "Gaussian smearing"
        case let n where n > 0: return "Methfessel–Paxton smearing of order \(n)"
        default: return "ISMEAR = \(ismear)"
        }
    }

    static func energyWords(_ kind: EnergyKind) -> String {
        switch kind {
        case .sigma0: return "total energies of the last ionic step extrapolated to zero smearing (VASP's energy(sigma→0), vasprun e_0_energy)"
        case .free: return "free energies of the last ionic step, including the −TS smearing term (TOTEN, vasprun e_fr_energy)"
        case .withoutEntropy: return "energies of the last ionic step without the entropy term (vasprun e_wo_entrp)"
        }
    }

    static func rolePlural(_ role: String) -> String {
        switch role {
        case "interface": return "interface"
        case "film": return "film-reference"
        case "substrate": return "substrate-reference"
        case "slab": return "surface-energy slab"
        default: return role
        }
    }

    /// "PAW_PBE Li_sv 10Feb1998" → "Li_sv (10Feb1998)".
    static func datasetName(_ title: String) -> String {
        let parts = title.split(separator: " ").map(String.init)
        if parts.count >= 3, parts[0].hasPrefix("PAW") { return "\(parts[1]) (\(parts[2...].joined(separator: " ")))" }
        if parts.count == 2, parts[0].hasPrefix("PAW") { return parts[1] }
        return title
    }

    static func sigmaSentence(_ sigma: SurfaceEnergy, film: String, slabs: [CalculationFacts]) -> String {
        let value = "σ = \(number(sigma.jPerM2, 3)) J/m² (\(number(sigma.eVPerA2, 4)) eV/Å²)"
        switch sigma {
        case let .fiorentiniMethfessel(fit):
            let sizes = fit.points.map { String($0.size) }
            var text = "The surface energy of \(film), \(value), is the intercept of a Fiorentini–Methfessel fit "
                + "E_slab(N) = 2Aσ + N·E_bulk over slabs of \(list(sizes)) layers (A = \(number(fit.surfaceAreaA2, 2)) Å², "
                + "largest residual \(number(fit.maxAbsResidualEV * 1000, 1)) meV)"
            let thick = slabs.compactMap(\.slabThicknessA)
            if let lo = thick.min(), let hi = thick.max() { text += ", \(number(lo, 1))–\(number(hi, 1)) Å thick" }
            return text + "."
        case let .singleSlab(_, n, eb, area):
            return "The surface energy of \(film), \(value), is (E_slab − N·E_bulk)/(2A) for one slab of \(n) atoms "
                + "(E_bulk = \(number(eb, 4)) eV per atom, A = \(number(area, 2)) Å²)."
        case .given:
            return "The surface energy of \(film), \(value), was given as input (not computed in this study)."
        }
    }
}
